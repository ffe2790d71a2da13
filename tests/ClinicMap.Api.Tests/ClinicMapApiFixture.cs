using ClinicMap.Core.Clinics;
using ClinicMap.Data.Access;
using ClinicMap.Data.Datasets;
using ClinicMap.Data.Imports;
using ClinicMap.Geocoding.Gazetteer;
using ClinicMap.Import.Pipeline;
using ClinicMap.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace ClinicMap.Api.Tests;

/// <summary>
/// The API hosted in-process over its own real PostGIS database, into which the national sample has been
/// imported through the real pipeline and published as version 1. The API connects as it does in production: as
/// the role <c>clinicmap_api</c>, which reads and writes rows but may change no schema.
/// </summary>
public class ClinicMapApiFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    public PostgisDatabase Database { get; } = new();

    public ImportResult Imported { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        // As `clinicmap-import migrate` does in production; most fixtures skip it, its 2,800 shapes take seconds.
        if (WithBoundaries)
            await Import.Geocoding.GeocodingSetup.LoadBoundariesAsync(Database.DataSource);
        var options = new ImportOptions("各省卫生健康委员会", "全国发热门诊名单", new DateOnly(2020, 2, 11), ClinicKind.FeverClinic, "api-tests");
        Imported = await PipelineFactory.Create(new PipelineParts(DivisionGazetteer.Embedded) { Store = new ImportStore(Database.DataSource) })
            .RunAsync(RepositoryPaths.NationalSample, options, dryRun: false);
        await new DatasetStore(Database.DataSource).PublishAsync(Actor.Cli("api-tests"), [Imported.Batch!.BatchId], null, "the rows in review stay out of the test dataset");
    }

    /// <summary>The clinics of the current version as the database lists them (id order): what answers are checked against.</summary>
    public async Task<IReadOnlyList<Clinic>> PublishedClinicsAsync()
    {
        var store = new Data.Clinics.ClinicStore(Database.DataSource);
        return await store.ListAsync((await store.CurrentVersionAsync())!.Version, "");
    }

    /// <summary>A client of this API carrying a new key of <paramref name="role"/> in <paramref name="jurisdiction"/> (<c>""</c>: the whole country).</summary>
    public async Task<HttpClient> KeyedClientAsync(ApiRole role, string jurisdiction, string? name = null)
    {
        var (_, token) = await new ApiKeyStore(Database.DataSource).CreateAsync(name ?? $"{role} {jurisdiction}", role, jurisdiction, "tests");
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Whether the county boundaries are loaded before the API starts, so that approximate clinics' answers carry a distance range.</summary>
    protected virtual bool WithBoundaries => false;

    /// <summary>Extra configuration for a fixture that needs it (a small write limit).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings => [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.ConfigureAppConfiguration(configuration =>
            // No balancer to leave: a test host stops at once (ClusterTests drain real processes).
            configuration.AddInMemoryCollection([new("Database:ConnectionString", Database.ConnectionStringAs("clinicmap_api")),
                new("Shutdown:DrainSeconds", "0"), .. Settings]));
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
    }
}

/// <summary><see cref="ClinicMapApiFixture"/> with the county boundaries loaded, as a production database has them.</summary>
public class BoundariesApiFixture : ClinicMapApiFixture
{
    protected override bool WithBoundaries => true;
}

using System.Net;
using System.Text.Json;
using ClinicMap.Api.Serving;
using ClinicMap.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ClinicMap.Api.Tests.Serving;

public class DatabaseDownTests(ClinicMapApiFixture api) : IClassFixture<ClinicMapApiFixture>
{
    [Fact]
    public async Task WithTheDatabaseDownTheApiAnswersFromMemoryAndReadyzSaysDegraded()
    {
        using var client = api.CreateClient();
        var serving = api.Services.GetRequiredService<ServingIndex>();
        using (var ready = JsonDocument.Parse(await client.GetStringAsync("/readyz")))
            Assert.Equal("ready", ready.RootElement.GetProperty("status").GetString());

        await SetConnectionsAsync(allowed: false);
        try
        {
            await serving.RefreshAsync();

            using var readyz = await client.GetAsync("/readyz");
            using var ready = JsonDocument.Parse(await readyz.Content.ReadAsStringAsync());
            using var nearest = await client.GetAsync("/api/v1/clinics/nearest?lat=39.91&lon=116.40&limit=3");
            using var body = JsonDocument.Parse(await nearest.Content.ReadAsStringAsync());

            Assert.Equal(HttpStatusCode.OK, readyz.StatusCode);
            Assert.Equal("degraded", ready.RootElement.GetProperty("status").GetString());
            Assert.Equal(HttpStatusCode.OK, nearest.StatusCode);
            Assert.Equal(3, body.RootElement.GetProperty("results").GetArrayLength());

            // A tile nobody asked for before the outage is built from memory too.
            var clinic = serving.Current!.Clinics[serving.Current.Count / 2];
            var (fx, fy) = ClinicTiles.WorldFraction(clinic.Location.Latitude, clinic.Location.Longitude);
            using var tile = await client.GetAsync($"/tiles/clinics/15/{(int)(fx * (1 << 15))}/{(int)(fy * (1 << 15))}.mvt");
            Assert.Equal(HttpStatusCode.OK, tile.StatusCode);
            var features = Assert.Single(Apis.VectorTileReader.Read(await tile.Content.ReadAsByteArrayAsync())).Features;
            Assert.Contains(features, f => f.Properties["id"] == clinic.Id.ToString("D") && f.Properties["name"] == clinic.Name);
        }
        finally
        {
            await SetConnectionsAsync(allowed: true);
        }
        await serving.RefreshAsync();
        using (var ready = JsonDocument.Parse(await client.GetStringAsync("/readyz")))
            Assert.Equal("ready", ready.RootElement.GetProperty("status").GetString());
    }

    /// <summary>Closes the test database to every connection (and cuts the open ones), or opens it again.</summary>
    private async Task SetConnectionsAsync(bool allowed)
    {
        await using var admin = new NpgsqlConnection(PostgisDatabase.AdminConnectionString);
        await admin.OpenAsync();
        await using var alter = new NpgsqlCommand($"ALTER DATABASE \"{api.Database.Name}\" ALLOW_CONNECTIONS {(allowed ? "true" : "false")}", admin);
        await alter.ExecuteNonQueryAsync();
        if (!allowed)
        {
            await using var cut = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = $1", admin);
            cut.Parameters.Add(new NpgsqlParameter<string> { TypedValue = api.Database.Name });
            await cut.ExecuteScalarAsync();
        }
    }
}

using System.Text;
using ClinicMap.Core.Clinics;
using ClinicMap.Data.Access;
using ClinicMap.Data.Clinics;
using ClinicMap.Data.Datasets;
using ClinicMap.Data.Imports;
using ClinicMap.Data.Review;
using ClinicMap.Geocoding.Gazetteer;
using ClinicMap.Import.Pipeline;
using ClinicMap.TestSupport;

namespace ClinicMap.Import.Tests.Pipeline.Stages;

/// <summary>
/// The commission's cycle on the real national list: import, publish; import a modified copy (10 renamed with
/// typos, 5 moved, 5 removed, 5 added); decide the proposed closures; publish; the diff shows exactly those changes.
/// </summary>
public sealed class MatchStageTests(PostgisDatabase database) : IClassFixture<PostgisDatabase>, IDisposable
{
    private static readonly ImportOptions Options = new("各省卫生健康委员会", "全国发热门诊名单", new DateOnly(2020, 2, 11), ClinicKind.FeverClinic, "tests");
    private readonly string _folder = Directory.CreateTempSubdirectory("clinicmap-republish-").FullName;

    [Fact]
    public async Task ARepublishedListKeepsIdsOfRenamedClinicsMovesMovedOnesAddsNewOnesAndProposesRemovedOnesAsClosed()
    {
        var actor = Actor.Cli("tests");
        var clinics = new ClinicStore(database.DataSource);
        var datasets = new DatasetStore(database.DataSource);
        var pipeline = PipelineFactory.Create(new PipelineParts(DivisionGazetteer.Embedded) { Store = new ImportStore(database.DataSource), Published = clinics });

        var first = await pipeline.RunAsync(RepositoryPaths.NationalSample, Options, dryRun: false);
        var v1 = await datasets.PublishAsync(actor, [first.Batch!.BatchId], "first", forceReason: "rows in review stay out");
        var published = (await clinics.ListAsync(v1.Version, "")).ToDictionary(c => c.Id);
        var idOfRow = (await database.ScalarAsync<string>(
                "SELECT string_agg(import_row_number || '=' || clinic_id, ',') FROM dataset_clinics WHERE version = $1", v1.Version))
            .Split(',').Select(p => p.Split('=')).ToDictionary(p => int.Parse(p[0], System.Globalization.CultureInfo.InvariantCulture), p => Guid.Parse(p[1]));

        var edits = NationalListEdits.Make(await File.ReadAllTextAsync(RepositoryPaths.NationalSample), first.Rows, renamed: 10, moved: 5, removed: 5, added: 5);
        Assert.Equal((10, 5, 5, 5), (edits.Renamed.Count, edits.Moved.Count, edits.Removed.Count, edits.AddedNames.Count));
        var modified = Path.Combine(_folder, "national-2020-02-18.json");
        await File.WriteAllTextAsync(modified, edits.Json, Encoding.UTF8);

        var second = await pipeline.RunAsync(modified, Options, dryRun: false);
        var secondByName = second.Rows.Where(r => r.Name is not null).GroupBy(r => r.Name!).ToDictionary(g => g.Key, g => g.First());
        foreach (var number in edits.Renamed.Concat(edits.Moved))
        {
            var original = first.Rows.Single(r => r.RowNumber == number);
            var again = second.Rows.Where(r => r.Match?.ClinicId == idOfRow[number]).ToList();
            Assert.True(again.Count == 1, $"row {number} {original.Name}: {again.Count} rows of the new list match it; " +
                string.Join("; ", second.Rows.Where(r => r.Match?.Candidates.Any(c => c.ClinicId == idOfRow[number]) == true).Select(r => $"{r.Name} {r.Match!.Kind} {r.Match.Explanation}")));
        }
        var proposed = second.Match!.ProposedClosures.Select(c => c.ClinicId).ToHashSet();
        Assert.Equal(edits.Removed.Select(n => idOfRow[n]).Order(), proposed.Order());
        foreach (var clinic in proposed)
            Assert.True(await new ReviewStore(database.DataSource).DecideClosureAsync(actor, second.Batch!.BatchId, clinic, close: true, "not on the 18 February list"));

        var v2 = await datasets.PublishAsync(actor, [second.Batch!.BatchId], "second", forceReason: "rows in review stay out");
        var diff = (await datasets.DiffAsync(v2.Version))!;

        Assert.Equal(edits.AddedNames.Order(), diff.Added.Select(c => c.Name).Order());
        Assert.Equal(proposed.Order(), diff.Closed.Select(c => c.Id).Order());
        var renamedIds = edits.Renamed.Select(n => idOfRow[n]).ToHashSet();
        var movedIds = edits.Moved.Select(n => idOfRow[n]).ToHashSet();
        Assert.Equal(renamedIds.Union(movedIds).Order(), diff.Changed.Select(c => c.After.Id).Order());
        Assert.All(diff.Changed.Where(c => renamedIds.Contains(c.After.Id)), c =>
        {
            Assert.Equal(["name"], c.Fields.Select(f => f.Field));
            Assert.Equal(published[c.After.Id].Name, c.Before.Name);
        });
        Assert.All(diff.Changed.Where(c => movedIds.Contains(c.After.Id)), c =>
        {
            Assert.Contains("location", c.Fields.Select(f => f.Field));
            Assert.Contains("adminCode", c.Fields.Select(f => f.Field));
            Assert.DoesNotContain("name", c.Fields.Select(f => f.Field));
        });
        Assert.Equal(v1.ClinicCount + 5 - 5, v2.ClinicCount);

        // A clinic both lists name links to both documents, newest first; a new one to the newer only.
        var renamed = (await clinics.FindAsync(v2.Version, renamedIds.First()))!;
        Assert.Equal([second.Document.Sha256, first.Document.Sha256], renamed.Sources.Select(s => s.DocumentSha256));
        var added = (await clinics.FindAsync(v2.Version, diff.Added[0].Id))!;
        Assert.Equal([second.Document.Sha256], added.Sources.Select(s => s.DocumentSha256));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}

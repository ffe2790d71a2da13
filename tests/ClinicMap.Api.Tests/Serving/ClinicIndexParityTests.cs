using System.Collections.Concurrent;
using ClinicMap.Api.Serving;
using ClinicMap.Core.Clinics;
using ClinicMap.Core.Geography;
using ClinicMap.Data.Clinics;

namespace ClinicMap.Api.Tests.Serving;

/// <summary>
/// The in-memory index answers exactly as PostGIS does: for 10,000 random points across China and over its
/// borders, nearest-k from the index equals PostGIS KNN + ST_Distance(geography) on the same published version
/// (same ids in the same order, ties broken by id, distances within a millimetre).
/// </summary>
public class ClinicIndexParityTests(ClinicMapApiFixture api) : IClassFixture<ClinicMapApiFixture>
{
    [Fact]
    public async Task NearestFromTheIndexEqualsPostgisForTenThousandRandomPoints()
    {
        var store = new ClinicStore(api.Database.DataSource);
        var version = (await store.CurrentVersionAsync())!;
        var index = new ClinicIndex(version, await store.ListAsync(version.Version, ""));
        var random = new Random(20200211);
        var queries = Enumerable.Range(0, 10_000).Select(i => new NearestQuery(
            new GeoPoint(15 + random.NextDouble() * 40, 70 + random.NextDouble() * 70),
            1 + random.Next(20),
            i % 5 == 0 ? [ClinicKind.DesignatedHospital] : [],
            i % 7 == 0 ? 5_000 + random.NextDouble() * 200_000 : null)).ToList();

        var mismatches = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(queries, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (query, cancellationToken) =>
        {
            var expected = await store.NearestAsync(version.Version, query, cancellationToken);
            var actual = index.Nearest(query);
            var same = expected.Count == actual.Count && expected.Zip(actual).All(p =>
                p.First.Clinic.Id == p.Second.Clinic.Id && Math.Abs(p.First.DistanceMeters - p.Second.DistanceMeters) < 0.001);
            if (!same)
            {
                mismatches.Add($"{query.Origin} k={query.Limit}: PostGIS [{string.Join(", ", expected.Select(e => $"{e.Clinic.Id:N}@{e.DistanceMeters:0.000}"))}] " +
                               $"index [{string.Join(", ", actual.Select(e => $"{e.Clinic.Id:N}@{e.DistanceMeters:0.000}"))}]");
            }
        });

        Assert.True(mismatches.IsEmpty, $"{mismatches.Count} of 10,000 differ, e.g. {mismatches.FirstOrDefault()}");
        Assert.Contains(queries, q => index.Nearest(q).Count == q.Limit);
    }
}

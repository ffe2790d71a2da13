using ClinicMap.Core.Geography;
using NetTopologySuite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Npgsql;
using NpgsqlTypes;

namespace ClinicMap.Data.Boundaries;

/// <summary>County boundaries in PostGIS (table <c>division_boundaries</c>): loading them and the point-in-county check.</summary>
public sealed class BoundaryStore(NpgsqlDataSource dataSource)
{
    private const string LoadName = "boundaries";

    /// <summary>
    /// Every province outline as one RFC 7946 FeatureCollection (properties code and name from the caller's
    /// gazetteer are not known here: only code), coordinates with 3 decimals (~100 m, finer than the 3 km
    /// simplification). An empty collection when no boundaries are loaded.
    /// </summary>
    public async Task<string> ProvinceOutlinesAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(BoundaryQueries.ProvinceOutlines);
        return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>
    /// Replaces the loaded boundaries with <paramref name="boundaries"/> (code, WKT in WGS-84) in one transaction,
    /// unless the content with <paramref name="sha256"/> is already loaded. Returns the rows loaded (0 when skipped).
    /// Invalid rings are repaired with ST_MakeValid and every shape is stored as a MultiPolygon.
    /// </summary>
    public async Task<int> LoadAsync(string sha256, IEnumerable<(string Code, string Wkt)> boundaries, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand(BoundaryQueries.LockLoad, connection, transaction))
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        await using (var check = new NpgsqlCommand(BoundaryQueries.LoadedSha256, connection, transaction))
        {
            check.Parameters.Add(new NpgsqlParameter<string> { TypedValue = LoadName });
            if (await check.ExecuteScalarAsync(cancellationToken) is string loaded && loaded == sha256)
            {
                // Loaded before the outlines existed: derive them once from what is there.
                await using var missing = new NpgsqlCommand(BoundaryQueries.OutlinesMissing, connection, transaction);
                if ((bool)(await missing.ExecuteScalarAsync(cancellationToken))!)
                {
                    await using var fill = new NpgsqlCommand(BoundaryQueries.RefreshOutlines, connection, transaction);
                    await fill.ExecuteNonQueryAsync(cancellationToken);
                    await transaction.CommitAsync(cancellationToken);
                }
                return 0;
            }
        }
        await using (var prepare = new NpgsqlCommand(BoundaryQueries.PrepareLoad, connection, transaction))
            await prepare.ExecuteNonQueryAsync(cancellationToken);
        await using (var writer = await connection.BeginBinaryImportAsync(BoundaryQueries.CopyLoad, cancellationToken))
        {
            var wktReader = new WKTReader(new NtsGeometryServices(PostgisGeography.Factory.CoordinateSequenceFactory, PostgisGeography.Factory.PrecisionModel, PostgisGeography.Srid));
            foreach (var (code, wkt) in boundaries)
            {
                await writer.StartRowAsync(cancellationToken);
                await writer.WriteAsync(code, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(ReadBoundary(wktReader, code, wkt), NpgsqlDbType.Geometry, cancellationToken);
            }
            await writer.CompleteAsync(cancellationToken);
        }
        int rows;
        await using (var insert = new NpgsqlCommand(BoundaryQueries.InsertLoaded, connection, transaction))
            rows = await insert.ExecuteNonQueryAsync(cancellationToken);
        await using (var outlines = new NpgsqlCommand(BoundaryQueries.RefreshOutlines, connection, transaction))
            await outlines.ExecuteNonQueryAsync(cancellationToken);
        await using (var record = new NpgsqlCommand(BoundaryQueries.RecordLoad, connection, transaction))
        {
            record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = LoadName });
            record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = sha256 });
            record.Parameters.Add(new NpgsqlParameter<int> { TypedValue = rows });
            await record.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return rows;
    }

    private static MultiPolygon ReadBoundary(WKTReader reader, string code, string wkt)
    {
        try
        {
            return PostgisGeography.ToMultiPolygon(reader.Read(wkt));
        }
        catch (Exception e) when (e is ParseException or ArgumentException)
        {
            throw new InvalidDataException($"the boundary of {code} is not a (Multi)Polygon in WKT: {e.Message}", e);
        }
    }

    /// <summary>
    /// For each probe, whether its division has a boundary and how far outside it the point lies (0 inside), in
    /// one round trip. The containment test uses the GiST index; the geodesic distance is computed only for
    /// points outside. A prefecture code matches every county boundary under it.
    /// </summary>
    public async Task<IReadOnlyList<BoundaryCheck>> CheckAsync(IReadOnlyList<BoundaryProbe> probes, CancellationToken cancellationToken = default)
    {
        if (probes.Count == 0)
            return [];
        // Rows placed at the same point of the same division (every approximate row of a county shares its centre)
        // are asked once; in code order, so PostGIS meets each county's polygon in a run and prepares it once.
        var distinct = probes.GroupBy(p => (p.Code, p.Latitude, p.Longitude)).OrderBy(g => g.Key.Code, StringComparer.Ordinal).ToList();
        await using var command = dataSource.CreateCommand(BoundaryQueries.Check);
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = Enumerable.Range(0, distinct.Count).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = distinct.Select(g => g.Key.Code).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<Point[]>
        {
            TypedValue = distinct.Select(g => PostgisGeography.ToPoint(new GeoPoint(g.Key.Latitude, g.Key.Longitude))).ToArray(),
        });
        var results = new List<BoundaryCheck>(probes.Count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var (group, hasBoundary, distance) = (reader.GetInt32(0), reader.GetBoolean(1), reader.GetDouble(2));
            results.AddRange(distinct[group].Select(p => new BoundaryCheck(p.Index, hasBoundary, distance)));
        }
        results.Sort((a, b) => a.Index.CompareTo(b.Index));
        return results;
    }

    /// <summary>
    /// The boundary of a county, or of every county of a prefecture or province (one MultiPolygon of their parts,
    /// not dissolved: cheap),
    /// as a GeoJSON geometry in WGS-84 with 6 decimals (≈ 0.1 m); <c>null</c> when none is loaded for the code.
    /// </summary>
    public async Task<string?> GeoJsonAsync(string code, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(BoundaryQueries.GeoJson);
        var (lo, hi) = CodeRange(code);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = lo });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = hi });
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <summary>How many boundaries are loaded.</summary>
    public async Task<long> CountAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(BoundaryQueries.Count);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Whether the database has the boundaries table (it answers, and was migrated).</summary>
    public async Task<bool> TableExistsAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(BoundaryQueries.TableExists);
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    /// <summary>
    /// The county boundaries under each of <paramref name="codes"/> (<see cref="CodeRange"/>), each county once, in
    /// code order, as a MultiPolygon with its area on the ellipsoid: what the serving index holds to say how far a clinic
    /// known only by its division may be. Empty when none is loaded.
    /// </summary>
    public async Task<IReadOnlyList<BoundaryShape>> ShapesAsync(IReadOnlyCollection<string> codes, CancellationToken cancellationToken = default)
    {
        if (codes.Count == 0)
            return [];
        var ranges = codes.Select(CodeRange).ToList();
        await using var command = dataSource.CreateCommand(BoundaryQueries.Shapes);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = ranges.Select(r => r.Lo).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = ranges.Select(r => r.Hi).ToArray() });
        var shapes = new List<BoundaryShape>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            shapes.Add(new BoundaryShape(reader.GetString(0), reader.GetFieldValue<MultiPolygon>(1), reader.GetDouble(2)));
        return shapes;
    }

    /// <summary>The content hash of the loaded boundaries, or <c>null</c> when none are loaded: a holder of shapes reloads when it changes.</summary>
    public async Task<string?> LoadedSha256Async(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(BoundaryQueries.LoadedSha256);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = LoadName });
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <summary>
    /// The county codes a division code stands for: a county itself; a prefecture (xxxx00) xxxx00..xxxx99, which
    /// includes a county-less city's own boundary (东莞, 441900); a province (xx0000) every county under it.
    /// </summary>
    public static (string Lo, string Hi) CodeRange(string code) =>
        code.EndsWith("0000", StringComparison.Ordinal) ? (code[..2] + "0000", code[..2] + "9999")
        : code.EndsWith("00", StringComparison.Ordinal) ? (code[..4] + "00", code[..4] + "99")
        : (code, code);
}

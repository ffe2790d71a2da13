using Npgsql;
using NpgsqlTypes;

namespace ClinicMap.Data.Geocoding;

/// <summary>One point to hold against the boundary of the division its row names.</summary>
/// <param name="Code">A county's code, or a prefecture's (<c>xxxx00</c>), which means any of its counties.</param>
public sealed record BoundaryProbe(int Index, string Code, double Latitude, double Longitude);

/// <summary>Where a probe's point lies relative to its division.</summary>
/// <param name="HasBoundary">False when no boundary is loaded for the code; the other values are then meaningless.</param>
/// <param name="DistanceMeters">0 inside; outside, the geodesic distance to the nearest point of the boundary.</param>
public sealed record BoundaryCheck(int Index, bool HasBoundary, double DistanceMeters);

/// <summary>County boundaries in PostGIS (table <c>division_boundaries</c>): loading them and the point-in-county check.</summary>
public sealed class BoundaryStore(NpgsqlDataSource dataSource)
{
    private const string LoadName = "boundaries";

    /// <summary>
    /// Rebuilds province_outlines from division_boundaries (about 1.3 s for the country). The counties are simplified
    /// and snapped to a 0.01° grid before the union — exact county edges do not meet exactly, and unioning them
    /// unsnapped fails on GEOS topology errors — then only each part's exterior ring is kept (the union leaves
    /// slivers between counties as holes) and parts under 0.005 deg² (~50 km²: small islands) are dropped.
    /// </summary>
    private const string RefreshOutlines = """
        DELETE FROM province_outlines;
        WITH unioned AS (
            SELECT left(code, 2) AS p, ST_Union(ST_MakeValid(ST_SnapToGrid(ST_SimplifyPreserveTopology(geom, 0.02), 0.01))) AS g
            FROM division_boundaries GROUP BY 1
        ), parts AS (
            SELECT p, ST_MakePolygon(ST_ExteriorRing((ST_Dump(g)).geom)) AS g FROM unioned
        )
        INSERT INTO province_outlines (code, geom)
        SELECT p || '0000', ST_Multi(ST_CollectionExtract(ST_SimplifyPreserveTopology(ST_Collect(g), 0.03), 3))
        FROM parts WHERE ST_Area(g) > 0.005 GROUP BY p;
        """;

    /// <summary>
    /// Every province outline as one RFC 7946 FeatureCollection (properties code and name from the caller's
    /// gazetteer are not known here: only code), coordinates with 3 decimals (~100 m, finer than the 3 km
    /// simplification). An empty collection when no boundaries are loaded.
    /// </summary>
    public async Task<string> ProvinceOutlinesAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT json_build_object('type', 'FeatureCollection', 'features', COALESCE(json_agg(json_build_object(
                'type', 'Feature', 'properties', json_build_object('code', code), 'geometry', ST_AsGeoJSON(geom, 3)::json) ORDER BY code), '[]'::json))::text
            FROM province_outlines
            """);
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
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended('clinicmap.boundaries', 0))", connection, transaction))
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        await using (var check = new NpgsqlCommand("SELECT sha256 FROM gazetteer_loads WHERE what = $1", connection, transaction))
        {
            check.Parameters.Add(new NpgsqlParameter<string> { TypedValue = LoadName });
            if (await check.ExecuteScalarAsync(cancellationToken) is string loaded && loaded == sha256)
            {
                // Loaded before the outlines existed: derive them once from what is there.
                await using var missing = new NpgsqlCommand("SELECT NOT EXISTS (SELECT 1 FROM province_outlines)", connection, transaction);
                if ((bool)(await missing.ExecuteScalarAsync(cancellationToken))!)
                {
                    await using var fill = new NpgsqlCommand(RefreshOutlines, connection, transaction);
                    await fill.ExecuteNonQueryAsync(cancellationToken);
                    await transaction.CommitAsync(cancellationToken);
                }
                return 0;
            }
        }
        await using (var prepare = new NpgsqlCommand(
            "CREATE TEMP TABLE boundary_load (code text, wkt text) ON COMMIT DROP; DELETE FROM division_boundaries", connection, transaction))
            await prepare.ExecuteNonQueryAsync(cancellationToken);
        await using (var writer = await connection.BeginBinaryImportAsync("COPY boundary_load (code, wkt) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var (code, wkt) in boundaries)
            {
                await writer.StartRowAsync(cancellationToken);
                await writer.WriteAsync(code, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(wkt, NpgsqlDbType.Text, cancellationToken);
            }
            await writer.CompleteAsync(cancellationToken);
        }
        int rows;
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO division_boundaries (code, geom)
            SELECT code, ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_GeomFromText(wkt, 4326)), 3)) FROM boundary_load
            """, connection, transaction))
            rows = await insert.ExecuteNonQueryAsync(cancellationToken);
        await using (var outlines = new NpgsqlCommand(RefreshOutlines, connection, transaction))
            await outlines.ExecuteNonQueryAsync(cancellationToken);
        await using (var record = new NpgsqlCommand("""
            INSERT INTO gazetteer_loads (what, sha256, rows) VALUES ($1, $2, $3)
            ON CONFLICT (what) DO UPDATE SET sha256 = excluded.sha256, rows = excluded.rows, loaded_at = now()
            """, connection, transaction))
        {
            record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = LoadName });
            record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = sha256 });
            record.Parameters.Add(new NpgsqlParameter<int> { TypedValue = rows });
            await record.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return rows;
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
        // A prefecture (xxxx00) stands for its counties: the code range xxxx00..xxxx99, which the primary key serves.
        await using var command = dataSource.CreateCommand("""
            WITH p AS (
                SELECT i, code, ST_SetSRID(ST_MakePoint(lon, lat), 4326) AS pt,
                       CASE WHEN right(code, 2) = '00' THEN left(code, 4) || '00' ELSE code END AS lo,
                       CASE WHEN right(code, 2) = '00' THEN left(code, 4) || '99' ELSE code END AS hi
                FROM unnest($1::int[], $2::text[], $3::float8[], $4::float8[]) AS u(i, code, lat, lon)
            )
            SELECT p.i, s.has_boundary,
                   CASE WHEN NOT s.has_boundary OR s.inside THEN 0
                        ELSE (SELECT min(ST_Distance(d.geom::geography, p.pt::geography)) FROM division_boundaries d
                              WHERE d.code BETWEEN p.lo AND p.hi) END
            FROM p CROSS JOIN LATERAL (
                SELECT EXISTS (SELECT 1 FROM division_boundaries d WHERE d.code BETWEEN p.lo AND p.hi) AS has_boundary,
                       EXISTS (SELECT 1 FROM division_boundaries d
                               WHERE d.code BETWEEN p.lo AND p.hi AND d.geom && p.pt AND ST_Covers(d.geom, p.pt)) AS inside
            ) s
            ORDER BY p.i
            """);
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = probes.Select(p => p.Index).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = probes.Select(p => p.Code).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<double[]> { TypedValue = probes.Select(p => p.Latitude).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<double[]> { TypedValue = probes.Select(p => p.Longitude).ToArray() });
        var results = new List<BoundaryCheck>(probes.Count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            results.Add(new BoundaryCheck(reader.GetInt32(0), reader.GetBoolean(1), reader.GetDouble(2)));
        return results;
    }

    /// <summary>
    /// The boundary of a county, or of every county of a prefecture or province (one MultiPolygon of their parts,
    /// not dissolved: cheap),
    /// as a GeoJSON geometry in WGS-84 with 6 decimals (≈ 0.1 m); <c>null</c> when none is loaded for the code.
    /// </summary>
    public async Task<string?> GeoJsonAsync(string code, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT ST_AsGeoJSON(ST_CollectionExtract(ST_Collect(geom), 3), 6) FROM division_boundaries
            WHERE code BETWEEN $1 AND $2
            """);
        var (lo, hi) = code.EndsWith("0000", StringComparison.Ordinal) ? (code[..2] + "0000", code[..2] + "9999")
            : code.EndsWith("00", StringComparison.Ordinal) ? (code[..4] + "00", code[..4] + "99")
            : (code, code);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = lo });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = hi });
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <summary>How many boundaries are loaded.</summary>
    public async Task<long> CountAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM division_boundaries");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}

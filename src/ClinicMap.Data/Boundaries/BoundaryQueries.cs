namespace ClinicMap.Data.Boundaries;

/// <summary>The named SQL of <see cref="BoundaryStore"/>.</summary>
internal static class BoundaryQueries
{
    /// <summary>
    /// Rebuilds province_outlines from division_boundaries (about 1.3 s for the country). The counties are simplified
    /// and snapped to a 0.01° grid before the union — exact county edges do not meet exactly, and unioning them
    /// unsnapped fails on GEOS topology errors — then only each part's exterior ring is kept (the union leaves
    /// slivers between counties as holes) and parts under 0.005 deg² (~50 km²: small islands) are dropped.
    /// </summary>
    public const string RefreshOutlines = """
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

    /// <summary>Every province outline as one FeatureCollection, coordinates with 3 decimals (~100 m, finer than the 3 km simplification).</summary>
    public const string ProvinceOutlines = """
        SELECT json_build_object('type', 'FeatureCollection', 'features', COALESCE(json_agg(json_build_object(
            'type', 'Feature', 'properties', json_build_object('code', code), 'geometry', ST_AsGeoJSON(geom, 3)::json) ORDER BY code), '[]'::json))::text
        FROM province_outlines
        """;

    /// <summary>Two loads never interleave: the second waits, then finds the content loaded.</summary>
    public const string LockLoad = "SELECT pg_advisory_xact_lock(hashtextextended('clinicmap.boundaries', 0))";

    public const string LoadedSha256 = "SELECT sha256 FROM gazetteer_loads WHERE what = $1";

    public const string OutlinesMissing = "SELECT NOT EXISTS (SELECT 1 FROM province_outlines)";

    public const string PrepareLoad = "CREATE TEMP TABLE boundary_load (code text, geom geometry(MultiPolygon, 4326)) ON COMMIT DROP; DELETE FROM division_boundaries";

    public const string CopyLoad = "COPY boundary_load (code, geom) FROM STDIN (FORMAT BINARY)";

    /// <summary>Invalid rings are repaired with ST_MakeValid and every shape is stored as a MultiPolygon.</summary>
    public const string InsertLoaded = """
        INSERT INTO division_boundaries (code, geom)
        SELECT code, ST_Multi(ST_CollectionExtract(ST_MakeValid(geom), 3)) FROM boundary_load
        """;

    public const string RecordLoad = """
        INSERT INTO gazetteer_loads (what, sha256, rows) VALUES ($1, $2, $3)
        ON CONFLICT (what) DO UPDATE SET sha256 = excluded.sha256, rows = excluded.rows, loaded_at = now()
        """;

    /// <summary>
    /// $1 indexes, $2 codes, $3 points (geometry, WGS-84). A prefecture (xxxx00) stands for its counties: the code range
    /// xxxx00..xxxx99, which the primary key serves; the containment test uses the GiST index, and the geodesic
    /// distance is computed only for points outside.
    /// </summary>
    public const string Check = """
        WITH p AS (
            SELECT i, code, pt,
                   CASE WHEN right(code, 2) = '00' THEN left(code, 4) || '00' ELSE code END AS lo,
                   CASE WHEN right(code, 2) = '00' THEN left(code, 4) || '99' ELSE code END AS hi
            FROM unnest($1::int[], $2::text[], $3::geometry[]) AS u(i, code, pt)
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
        """;

    /// <summary>$1..$2, a code range: the parts of a county, or of every county of a prefecture or province, not dissolved (cheap), 6 decimals (≈ 0.1 m).</summary>
    public const string GeoJson = """
        SELECT ST_AsGeoJSON(ST_CollectionExtract(ST_Collect(geom), 3), 6) FROM division_boundaries
        WHERE code BETWEEN $1 AND $2
        """;

    /// <summary>$1 lows, $2 highs: every county boundary in any of the code ranges, once, with its area on the ellipsoid.</summary>
    public const string Shapes = """
        SELECT d.code, d.geom, ST_Area(d.geom::geography) FROM division_boundaries d
        WHERE EXISTS (SELECT 1 FROM unnest($1::text[], $2::text[]) AS r(lo, hi) WHERE d.code BETWEEN r.lo AND r.hi)
        ORDER BY d.code
        """;

    public const string Count = "SELECT count(*) FROM division_boundaries";

    /// <summary>Whether the database has the boundaries table at all (a database that answers but was never migrated has not).</summary>
    public const string TableExists = "SELECT to_regclass('division_boundaries') IS NOT NULL";
}

namespace ClinicMap.Data.Clinics;

/// <summary>The named SQL of <see cref="ClinicStore"/>. Every value is a parameter; nothing is concatenated.</summary>
internal static class ClinicQueries
{
    /// <summary>The columns <see cref="ClinicReader"/> reads, in order; <c>c</c> is dataset_clinics, <c>s</c> source_documents.</summary>
    public const string ClinicColumns = """
        c.clinic_id, c.name, c.kinds, c.address, c.admin_code, c.province, c.city, c.district, c.phones, c.hours,
        c.level, c.location, c.location_precision, c.location_method,
        s.publisher, s.title, s.published_on, s.sha256
        """;

    public const string CurrentVersion = """
        SELECT v.version, v.published_at, v.published_by, v.clinic_count, v.note
        FROM dataset_current d JOIN dataset_versions v ON v.version = d.version
        """;

    /// <summary>
    /// Exact k-nearest by geodesic distance in two steps, because the GiST KNN operator on geography orders by
    /// distance on a sphere, which can differ from the ellipsoid by up to ~0.5%:
    /// (1) the index-driven KNN picks k candidates and the largest of their ellipsoidal distances is a radius
    /// that certainly holds the true k nearest; (2) ST_DWithin over that radius (index-assisted) collects every
    /// clinic inside it and orders them by ST_Distance on the spheroid, ties broken by id.
    /// $1 version, $2 origin (geography), $3 limit, $4 kinds (text[] or null = any), $5 max distance in metres or null.
    /// </summary>
    public const string Nearest = $"""
        WITH origin AS (
            SELECT $2::geography AS g
        ), candidates AS (
            SELECT ST_Distance(c.location, o.g) AS d
            FROM dataset_clinics c, origin o
            WHERE c.version = $1 AND ($4::text[] IS NULL OR c.kinds && $4::text[])
            ORDER BY c.location <-> o.g
            LIMIT $3
        ), radius AS (
            SELECT LEAST(max(d) * 1.01 + 1, COALESCE($5::float8, 'Infinity'::float8)) AS r FROM candidates
        )
        SELECT {ClinicColumns}, ST_Distance(c.location, o.g) AS distance_m
        FROM dataset_clinics c
        CROSS JOIN origin o CROSS JOIN radius
        LEFT JOIN source_documents s ON s.id = c.source_document_id
        WHERE c.version = $1 AND ($4::text[] IS NULL OR c.kinds && $4::text[])
          AND radius.r IS NOT NULL AND ST_DWithin(c.location, o.g, radius.r)
          AND ($5::float8 IS NULL OR ST_Distance(c.location, o.g) <= $5::float8)
        ORDER BY distance_m, c.clinic_id
        LIMIT $3
        """;

    public const string Find = $"""
        SELECT {ClinicColumns}
        FROM dataset_clinics c LEFT JOIN source_documents s ON s.id = c.source_document_id
        WHERE c.version = $1 AND c.clinic_id = $2
        """;

    /// <summary>The documents behind one clinic of a version, newest first, in the order publishing recorded them.</summary>
    public const string Sources = """
        SELECT s.publisher, s.title, s.published_on, s.sha256
        FROM dataset_clinics c
        CROSS JOIN LATERAL unnest(c.source_document_ids) WITH ORDINALITY AS u (id, n)
        JOIN source_documents s ON s.id = u.id
        WHERE c.version = $1 AND c.clinic_id = $2
        ORDER BY u.n
        """;

    /// <summary>$1 version, $2 admin-code prefix ('' = all). starts_with uses no index; a version is a few thousand rows read in one pass.</summary>
    public const string List = $"""
        SELECT {ClinicColumns}
        FROM dataset_clinics c LEFT JOIN source_documents s ON s.id = c.source_document_id
        WHERE c.version = $1 AND starts_with(c.admin_code, $2)
        ORDER BY c.clinic_id
        """;
}

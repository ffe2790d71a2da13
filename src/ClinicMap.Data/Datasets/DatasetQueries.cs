namespace ClinicMap.Data.Datasets;

/// <summary>The named SQL of <see cref="DatasetStore"/>.</summary>
internal static class DatasetQueries
{
    /// <summary>Taken first in every publish and rollback: two publishers serialise here instead of racing for a version number.</summary>
    public const string LockPublishing = "SELECT pg_advisory_xact_lock(4242424201)";

    public const string CurrentVersion = "SELECT version FROM dataset_current";

    /// <summary>$1 batch ids, or null for every staged batch. Locked so a reviewer cannot change them mid-publish.</summary>
    public const string LockBatches = """
        SELECT id, status, scope FROM import_batches
        WHERE ($1::bigint[] IS NULL AND status = 'staged') OR id = ANY($1)
        ORDER BY id FOR UPDATE
        """;

    /// <summary>What a person has still to decide in the batches: rows in review, closures neither confirmed nor refused.</summary>
    public const string Unresolved = """
        SELECT (SELECT count(*)::int FROM import_rows WHERE batch_id = ANY($1) AND outcome = 'needs_review'),
               (SELECT count(*)::int FROM closure_proposals WHERE batch_id = ANY($1) AND state = 'proposed')
        """;

    /// <summary>
    /// What a publish would change outside the publisher's jurisdiction ($2, an admin-code prefix): an accepted row in
    /// another division, a published clinic (of version $3) that a row updates as "same", or one a closure closes.
    /// A list may name a neighbour's clinic; only its own jurisdiction's key may change it.
    /// </summary>
    public const string OutsideJurisdiction = """
        SELECT 'row ' || r.row_number || ' of batch ' || r.batch_id || ' is in ' || COALESCE(r.admin_code, 'no division')
        FROM import_rows r
        WHERE r.batch_id = ANY($1) AND r.outcome = 'accepted' AND r.published_in IS NULL
          AND (r.admin_code IS NULL OR NOT starts_with(r.admin_code, $2))
        UNION ALL
        SELECT 'row ' || r.row_number || ' of batch ' || r.batch_id || ' updates ' || c.name || ' (' || c.admin_code || ')'
        FROM import_rows r JOIN dataset_clinics c ON c.version = $3 AND c.clinic_id = r.match_clinic_id
        WHERE r.batch_id = ANY($1) AND r.outcome = 'accepted' AND r.published_in IS NULL AND r.match_kind = 'same'
          AND NOT starts_with(c.admin_code, $2)
        UNION ALL
        SELECT 'batch ' || p.batch_id || ' closes ' || c.name || ' (' || c.admin_code || ')'
        FROM closure_proposals p JOIN dataset_clinics c ON c.version = $3 AND c.clinic_id = p.clinic_id
        WHERE p.batch_id = ANY($1) AND p.state = 'closed' AND p.published_in IS NULL
          AND NOT starts_with(c.admin_code, $2)
        LIMIT 5
        """;

    /// <summary>Rows that would update a clinic the current version ($2) no longer holds, or that claim a clinic twice.</summary>
    public const string StaleMatches = """
        WITH same AS (
            SELECT batch_id, row_number, match_clinic_id FROM import_rows
            WHERE batch_id = ANY($1) AND outcome = 'accepted' AND published_in IS NULL AND match_kind = 'same'
        ), claims AS (
            SELECT match_clinic_id, count(*) AS n FROM same GROUP BY match_clinic_id
        )
        SELECT s.batch_id, s.row_number, s.match_clinic_id::text,
               CASE WHEN c.clinic_id IS NULL THEN 'is not in the current version' ELSE 'is claimed by another row too' END
        FROM same s
        JOIN claims k ON k.match_clinic_id = s.match_clinic_id
        LEFT JOIN dataset_clinics c ON c.version = $2 AND c.clinic_id = s.match_clinic_id
        WHERE c.clinic_id IS NULL OR k.n > 1
        ORDER BY 1, 2 LIMIT 5
        """;

    /// <summary>Written after the clinics, with the final count: dataset_versions rows never change.</summary>
    public const string InsertVersion = """
        INSERT INTO dataset_versions (version, based_on, published_by, note, clinic_count)
        VALUES ($1, $2, $3, $4, (SELECT count(*)::int FROM dataset_clinics WHERE version = $1))
        RETURNING published_at, clinic_count
        """;

    /// <summary>Every column of a dataset clinic but its version, in one order for every INSERT … SELECT.</summary>
    private const string DatasetClinicColumns = """
        clinic_id, name, kinds, address, admin_code, province, city, district, phones, hours, level, location,
        location_crs_in, location_precision, location_method, source_document_id, import_batch_id, import_row_number,
        source_document_ids
        """;

    /// <summary>
    /// The new version ($1) starts as the previous one ($2) without the clinics the batches ($3) update or close.
    /// </summary>
    public const string CopyPrevious = $"""
        INSERT INTO dataset_clinics (version, {DatasetClinicColumns})
        SELECT $1, {DatasetClinicColumns}
        FROM dataset_clinics c
        WHERE c.version = $2
          AND NOT EXISTS (SELECT 1 FROM import_rows r WHERE r.batch_id = ANY($3) AND r.outcome = 'accepted'
                          AND r.published_in IS NULL AND r.match_kind = 'same' AND r.match_clinic_id = c.clinic_id)
          AND NOT EXISTS (SELECT 1 FROM closure_proposals p WHERE p.batch_id = ANY($3) AND p.state = 'closed'
                          AND p.published_in IS NULL AND p.clinic_id = c.clinic_id)
        """;

    /// <summary>Accepted rows matched to a published clinic replace it under the same id; its earlier documents stay listed after this one.</summary>
    public const string UpdateMatchedClinics = $"""
        INSERT INTO dataset_clinics (version, {DatasetClinicColumns})
        SELECT $1, r.match_clinic_id, r.name, r.kinds, r.address, r.admin_code, r.province, r.city, r.district, r.phones,
               r.hours, r.level, r.location, r.location_crs_in, r.location_precision, r.location_method,
               b.source_document_id, r.batch_id, r.row_number,
               b.source_document_id || array_remove(p.source_document_ids, b.source_document_id)
        FROM import_rows r
        JOIN import_batches b ON b.id = r.batch_id
        JOIN dataset_clinics p ON p.version = $2 AND p.clinic_id = r.match_clinic_id
        WHERE r.batch_id = ANY($3) AND r.outcome = 'accepted' AND r.published_in IS NULL AND r.match_kind = 'same'
        """;

    /// <summary>Accepted rows that are no published clinic become clinics with new stable ids.</summary>
    public const string AddNewClinics = $"""
        WITH accepted AS (
            SELECT r.*, gen_random_uuid() AS new_id, b.source_document_id
            FROM import_rows r JOIN import_batches b ON b.id = r.batch_id
            WHERE r.batch_id = ANY($2) AND r.outcome = 'accepted' AND r.published_in IS NULL
              AND (r.match_kind IS NULL OR r.match_kind = 'new')
        ), identities AS (
            INSERT INTO clinics (id) SELECT new_id FROM accepted
        )
        INSERT INTO dataset_clinics (version, {DatasetClinicColumns})
        SELECT $1, new_id, name, kinds, address, admin_code, province, city, district, phones,
               hours, level, location, location_crs_in, location_precision, location_method,
               source_document_id, batch_id, row_number, ARRAY[source_document_id]
        FROM accepted
        """;

    /// <summary>A rollback: the new version ($1) is an exact copy of an earlier one ($2).</summary>
    public const string CopyVersion = $"""
        INSERT INTO dataset_clinics (version, {DatasetClinicColumns})
        SELECT $1, {DatasetClinicColumns} FROM dataset_clinics WHERE version = $2
        """;

    /// <summary>
    /// After the version row exists ($2): the rows and closures it carries remember it, and a batch becomes
    /// 'published' once nothing in it waits for review; until then it stays staged for the rest.
    /// </summary>
    public const string MarkPublished = """
        WITH rows AS (
            UPDATE import_rows SET published_in = $2
            WHERE batch_id = ANY($1) AND outcome = 'accepted' AND published_in IS NULL
        ), closures AS (
            UPDATE closure_proposals SET published_in = $2
            WHERE batch_id = ANY($1) AND state = 'closed' AND published_in IS NULL
        )
        UPDATE import_batches b SET status = 'published'
        WHERE b.id = ANY($1)
          AND NOT EXISTS (SELECT 1 FROM import_rows r WHERE r.batch_id = b.id AND r.outcome = 'needs_review')
          AND NOT EXISTS (SELECT 1 FROM closure_proposals p WHERE p.batch_id = b.id AND p.state = 'proposed')
        """;

    public const string SetCurrent = """
        INSERT INTO dataset_current (singleton, version) VALUES (true, $1)
        ON CONFLICT (singleton) DO UPDATE SET version = EXCLUDED.version
        """;

    private const string VersionColumns = "v.version, v.based_on, v.published_at, v.published_by, v.clinic_count, v.note";

    public const string ListVersions = $"SELECT {VersionColumns} FROM dataset_versions v ORDER BY v.version DESC LIMIT $1";

    public const string FindVersion = $"SELECT {VersionColumns} FROM dataset_versions v WHERE v.version = $1";

    public const string VersionsSince = $"SELECT {VersionColumns} FROM dataset_versions v WHERE v.version > $1 ORDER BY v.version LIMIT $2";

    /// <summary>
    /// Both sides of a diff, clinic by clinic: $1 the version, $2 the one it was based on (null for the first).
    /// Columns: side ('before' or 'after'), then the clinic columns of <c>Clinics.ClinicQueries.ClinicColumns</c>.
    /// Only clinics that are new, gone, or differ in a published field are returned; unchanged ones stay in the database.
    /// </summary>
    public const string DiffSides = """
        WITH a AS (SELECT * FROM dataset_clinics WHERE version = $1),
             b AS (SELECT * FROM dataset_clinics WHERE version = $2),
             differing AS (
                 SELECT COALESCE(a.clinic_id, b.clinic_id) AS clinic_id
                 FROM a FULL JOIN b ON a.clinic_id = b.clinic_id
                 WHERE a.clinic_id IS NULL OR b.clinic_id IS NULL
                    OR (a.name, a.kinds, a.address, a.admin_code, a.province, a.city, a.district, a.phones, a.hours, a.level,
                        a.location_precision)
                       IS DISTINCT FROM
                       (b.name, b.kinds, b.address, b.admin_code, b.province, b.city, b.district, b.phones, b.hours, b.level,
                        b.location_precision)
                    OR NOT ST_Equals(a.location::geometry, b.location::geometry)
             )
        SELECT CASE WHEN c.version = $1 THEN 'after' ELSE 'before' END,
               c.clinic_id, c.name, c.kinds, c.address, c.admin_code, c.province, c.city, c.district, c.phones, c.hours,
               c.level, c.location, c.location_precision, c.location_method,
               s.publisher, s.title, s.published_on, s.sha256
        FROM dataset_clinics c
        JOIN differing d ON d.clinic_id = c.clinic_id
        LEFT JOIN source_documents s ON s.id = c.source_document_id
        WHERE c.version = $1 OR c.version = $2
        ORDER BY c.clinic_id
        """;
}

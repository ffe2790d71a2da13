namespace ClinicMap.Data.Datasets;

/// <summary>The named SQL of <see cref="DatasetStore"/>.</summary>
internal static class DatasetQueries
{
    /// <summary>Taken first in every publish: two publishers serialise here instead of racing for a version number.</summary>
    public const string LockPublishing = "SELECT pg_advisory_xact_lock(4242424201)";

    public const string CurrentVersion = "SELECT version FROM dataset_current";

    public const string LockBatches = """
        SELECT id, status FROM import_batches WHERE id = ANY($1) ORDER BY id FOR UPDATE
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
        location_crs_in, location_precision, location_method, source_document_id, import_batch_id, import_row_number
        """;

    /// <summary>The new version starts as a copy of the previous one.</summary>
    public const string CopyPrevious = $"""
        INSERT INTO dataset_clinics (version, {DatasetClinicColumns})
        SELECT $1, {DatasetClinicColumns}
        FROM dataset_clinics WHERE version = $2
        """;

    /// <summary>
    /// Accepted rows of the batches become new clinics with new stable ids. (Matching a row to an existing clinic,
    /// so that it keeps its id, arrives with the review work.)
    /// </summary>
    public const string AddAcceptedRows = $"""
        WITH accepted AS (
            SELECT r.*, gen_random_uuid() AS new_id, b.source_document_id
            FROM import_rows r JOIN import_batches b ON b.id = r.batch_id
            WHERE r.batch_id = ANY($2) AND r.outcome = 'accepted'
        ), identities AS (
            INSERT INTO clinics (id) SELECT new_id FROM accepted
        )
        INSERT INTO dataset_clinics (version, {DatasetClinicColumns})
        SELECT $1, new_id, name, kinds, address, admin_code, province, city, district, phones,
               hours, level, location, location_crs_in, location_precision, location_method,
               source_document_id, batch_id, row_number
        FROM accepted
        """;

    public const string MarkBatchesPublished = "UPDATE import_batches SET status = 'published' WHERE id = ANY($1)";

    public const string SetCurrent = """
        INSERT INTO dataset_current (singleton, version) VALUES (true, $1)
        ON CONFLICT (singleton) DO UPDATE SET version = EXCLUDED.version
        """;

    /// <summary>Every API process listens on this channel and swaps its index when it fires.</summary>
    public const string Notify = "SELECT pg_notify('dataset_published', $1::text)";
}

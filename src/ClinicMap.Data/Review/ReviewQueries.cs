namespace ClinicMap.Data.Review;

/// <summary>The named SQL of <see cref="ReviewStore"/>.</summary>
internal static class ReviewQueries
{
    /// <summary>$1 jurisdiction prefix, $2 batch or null, $3 reason code or null, $4 limit. A row without an admin code belongs to its batch's scope.</summary>
    public const string QueueRows = """
        SELECT r.batch_id, r.row_number, r.name, r.admin_code, r.district,
               ARRAY(SELECT e->>'code' FROM jsonb_array_elements(r.reasons) e), r.match_kind
        FROM import_rows r JOIN import_batches b ON b.id = r.batch_id
        WHERE r.outcome = 'needs_review' AND r.published_in IS NULL AND b.status = 'staged'
          AND starts_with(COALESCE(r.admin_code, b.scope), $1)
          AND ($2::bigint IS NULL OR r.batch_id = $2)
          AND ($3::text IS NULL OR r.reasons @> jsonb_build_array(jsonb_build_object('code', $3::text)))
        ORDER BY r.batch_id, r.row_number
        LIMIT $4
        """;

    public const string QueueClosures = """
        SELECT p.batch_id, p.clinic_id, p.name, p.admin_code, p.state
        FROM closure_proposals p JOIN import_batches b ON b.id = p.batch_id
        WHERE p.state = 'proposed' AND b.status = 'staged' AND starts_with(p.admin_code, $1)
          AND ($2::bigint IS NULL OR p.batch_id = $2)
        ORDER BY p.batch_id, p.admin_code, p.name
        LIMIT $3
        """;

    /// <summary>Staged batches whose scope and the prefix $1 overlap (a national list concerns every province), newest first.</summary>
    public const string QueueBatches = """
        SELECT b.id, b.created_at, b.created_by, b.scope, b.mode, b.mode_reason, b.row_count, b.accepted_count, b.needs_review_count, b.rejected_count,
               d.title, d.publisher, d.file_name, d.published_on, d.watched_source, d.notice_url, d.attachment_url
        FROM import_batches b JOIN source_documents d ON d.id = b.source_document_id
        WHERE b.status = 'staged' AND (starts_with(b.scope, $1) OR starts_with($1, b.scope))
          AND ($2::bigint IS NULL OR b.id = $2)
        ORDER BY b.id DESC
        LIMIT $3
        """;

    private const string RowColumns = """
        r.batch_id, r.row_number, r.sheet, b.scope, r.raw::text, r.outcome, r.reasons::text,
        r.name, r.kinds, r.address, r.admin_code, r.province, r.city, r.district, r.phones, r.hours, r.level,
        r.location, r.location_crs_in, r.location_precision, r.location_method,
        r.ocr::text, r.match_kind, r.match_clinic_id, r.match_candidates::text, r.match_explanation, r.reviewed_by, r.published_in
        """;

    public const string FindRow = $"""
        SELECT {RowColumns} FROM import_rows r JOIN import_batches b ON b.id = r.batch_id
        WHERE r.batch_id = $1 AND r.row_number = $2
        """;

    /// <summary>The same, locked for an action: the row and its batch, so a publish waits for the action or the action for the publish.</summary>
    public const string LockRow = $"""
        SELECT {RowColumns} FROM import_rows r JOIN import_batches b ON b.id = r.batch_id
        WHERE r.batch_id = $1 AND r.row_number = $2
        FOR UPDATE OF r, b
        """;

    /// <summary>$1 batch, $2 page, $3 jurisdiction: the page image of the batch's document, if a row of the batch is in the jurisdiction.</summary>
    public const string PageImage = """
        SELECT p.png
        FROM import_batches b JOIN document_pages p ON p.source_document_id = b.source_document_id AND p.page = $2
        WHERE b.id = $1
          AND EXISTS (SELECT 1 FROM import_rows r WHERE r.batch_id = b.id AND starts_with(COALESCE(r.admin_code, b.scope), $3)
                      AND NOT r.reasons @> '[{"code": "access.outside_jurisdiction"}]'::jsonb)
        """;

    public const string SetOutcome = """
        UPDATE import_rows SET outcome = $3, reasons = reasons || $4::jsonb, reviewed_by = $5, reviewed_at = now()
        WHERE batch_id = $1 AND row_number = $2
        """;

    public const string SetFields = """
        UPDATE import_rows SET name = $3, kinds = $4, address = $5, admin_code = $6, province = $7, city = $8, district = $9,
                               phones = $10, hours = $11, level = $12, reviewed_by = $13, reviewed_at = now()
        WHERE batch_id = $1 AND row_number = $2
        """;

    public const string SetLocation = """
        UPDATE import_rows SET location = $3, location_crs_in = $4,
                               location_precision = 'exact', location_method = 'operator', location_detail = NULL,
                               reviewed_by = $5, reviewed_at = now()
        WHERE batch_id = $1 AND row_number = $2
        """;

    public const string SetMatch = """
        UPDATE import_rows SET match_kind = $3, match_clinic_id = $4, reviewed_by = $5, reviewed_at = now()
        WHERE batch_id = $1 AND row_number = $2
        """;

    /// <summary>The batch's counts follow its rows, inside the action's transaction (the CHECK keeps them adding up).</summary>
    public const string Recount = """
        UPDATE import_batches b
        SET accepted_count = c.accepted, needs_review_count = c.review, rejected_count = c.rejected
        FROM (SELECT count(*) FILTER (WHERE outcome = 'accepted')::int AS accepted,
                     count(*) FILTER (WHERE outcome = 'needs_review')::int AS review,
                     count(*) FILTER (WHERE outcome = 'rejected')::int AS rejected
              FROM import_rows WHERE batch_id = $1) c
        WHERE b.id = $1
        """;

    /// <summary>$1 version, $2 clinic: the clinic's admin code and name in that version, if it has it.</summary>
    public const string PublishedClinic = "SELECT admin_code, name FROM dataset_clinics WHERE version = $1 AND clinic_id = $2";

    public const string CurrentVersion = "SELECT version FROM dataset_current";

    public const string LockClosure = """
        SELECT p.state, p.admin_code, p.name, b.status FROM closure_proposals p JOIN import_batches b ON b.id = p.batch_id
        WHERE p.batch_id = $1 AND p.clinic_id = $2
        FOR UPDATE OF p, b
        """;

    public const string DecideClosure = """
        UPDATE closure_proposals SET state = $3, decided_by = $4, decided_at = now(), reason = $5
        WHERE batch_id = $1 AND clinic_id = $2
        """;
}

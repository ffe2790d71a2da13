namespace ClinicMap.Data.Imports;

/// <summary>The named SQL of <see cref="ImportStore"/>.</summary>
internal static class ImportQueries
{
    private const string BatchColumns = """
        b.id, b.source_document_id, b.status, b.row_count, b.accepted_count, b.needs_review_count, b.rejected_count
        """;

    public const string FindBatchByDocument = $"""
        SELECT {BatchColumns}
        FROM import_batches b JOIN source_documents d ON d.id = b.source_document_id
        WHERE d.sha256 = $1 AND b.jurisdiction = $2 AND b.status <> 'discarded'
        ORDER BY b.id LIMIT 1
        """;

    /// <summary>$1 sha256|jurisdiction: two imports of the same bytes for one jurisdiction are serialised, so only one stages.</summary>
    public const string LockDocument = "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))";

    public const string FindBatch = $"SELECT {BatchColumns} FROM import_batches b WHERE b.id = $1";

    /// <summary>
    /// Inserts the document, or returns the existing one when the same bytes arrived before; a document first given
    /// by hand and later fetched by a watcher gains the notice it was published in ($7–$10).
    /// </summary>
    public const string UpsertDocument = """
        INSERT INTO source_documents (sha256, publisher, title, published_on, file_name, byte_length, watched_source, notice_url, attachment_url, fetched_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
        ON CONFLICT (sha256) DO UPDATE SET
            watched_source = coalesce(source_documents.watched_source, EXCLUDED.watched_source),
            notice_url = coalesce(source_documents.notice_url, EXCLUDED.notice_url),
            attachment_url = coalesce(source_documents.attachment_url, EXCLUDED.attachment_url),
            fetched_at = coalesce(source_documents.fetched_at, EXCLUDED.fetched_at)
        RETURNING id
        """;

    public const string InsertBatch = """
        INSERT INTO import_batches (source_document_id, default_kind, created_by, row_count, accepted_count, needs_review_count, rejected_count, scope, matched_version, jurisdiction, mode, mode_reason)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
        RETURNING id
        """;

    /// <summary>Binary COPY: one round trip for a whole list. Location arrives as an NTS point in WGS-84 (geography).</summary>
    public const string CopyRows = """
        COPY import_rows (batch_id, row_number, sheet, raw, outcome, reasons, name, kinds, address, admin_code, province,
                          city, district, phones, hours, level, location, location_crs_in, location_precision, location_method, location_detail, ocr,
                          match_kind, match_clinic_id, match_candidates, match_explanation)
        FROM STDIN (FORMAT BINARY)
        """;

    /// <summary>A page image of a document read by OCR, once per document.</summary>
    public const string InsertPage = """
        INSERT INTO document_pages (source_document_id, page, png) VALUES ($1, $2, $3)
        ON CONFLICT (source_document_id, page) DO NOTHING
        """;

    public const string InsertClosures = """
        INSERT INTO closure_proposals (batch_id, clinic_id, admin_code, name)
        SELECT $1, c.id, c.code, c.name FROM unnest($2::uuid[], $3::text[], $4::text[]) AS c (id, code, name)
        """;
}

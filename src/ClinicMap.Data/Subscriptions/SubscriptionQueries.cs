namespace ClinicMap.Data.Subscriptions;

/// <summary>The named SQL of <see cref="SubscriptionStore"/>.</summary>
internal static class SubscriptionQueries
{
    public const string Insert = """
        INSERT INTO subscribers (name, url, secret, scope, events, created_by) VALUES ($1, $2, $3, $4, $5, $6)
        RETURNING id, name, url, scope, events, created_at, created_by, revoked_at
        """;

    public const string List = "SELECT id, name, url, scope, events, created_at, created_by, revoked_at FROM subscribers ORDER BY id";

    public const string Find = "SELECT id, name, url, scope, events, created_at, created_by, revoked_at FROM subscribers WHERE id = $1";

    public const string Revoke = "UPDATE subscribers SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL";

    public const string Deliveries = """
        SELECT id, subscriber_id, event, idempotency_key, created_at, state, attempts, next_attempt_at, last_status, last_error, finished_at
        FROM webhook_deliveries WHERE subscriber_id = $1 ORDER BY id DESC LIMIT $2
        """;

    public const string LockCursor = "SELECT last_version, last_status_seq, last_source_event FROM webhook_cursor FOR UPDATE";

    public const string MoveCursor = "UPDATE webhook_cursor SET last_version = $1, last_status_seq = $2, last_source_event = $3";

    /// <summary>Watchers' batch events after the cursor, with the batch's scope, counts and document.</summary>
    public const string NewSourceBatches = """
        SELECT e.id, e.source, e.at, e.notice_url, e.url, e.batch_id, e.mode, e.published_in, b.scope,
               b.row_count, b.accepted_count, b.needs_review_count, b.rejected_count, d.title, d.publisher, d.sha256
        FROM source_events e
        JOIN import_batches b ON b.id = e.batch_id
        JOIN source_documents d ON d.id = b.source_document_id
        WHERE e.id > $1 AND e.kind = 'batch' ORDER BY e.id LIMIT 1000
        """;

    public const string NewVersions = "SELECT version FROM dataset_versions WHERE version > $1 ORDER BY version";

    /// <summary>Status reports after the cursor, each with its clinic's division in the current version.</summary>
    public const string NewReports = """
        SELECT r.seq, r.clinic_id, r.state, r.wait_minutes, r.beds_available, r.beds_total, r.note, r.reported_at, r.valid_until, dc.admin_code
        FROM clinic_status_reports r
        JOIN dataset_current cur ON true
        JOIN dataset_clinics dc ON dc.version = cur.version AND dc.clinic_id = r.clinic_id
        WHERE r.seq > $1 ORDER BY r.seq LIMIT 1000
        """;

    public const string LiveSubscribers = "SELECT id, scope, events FROM subscribers WHERE revoked_at IS NULL";

    public const string InsertDelivery = "INSERT INTO webhook_deliveries (subscriber_id, event, idempotency_key, body) VALUES ($1, $2, $3, $4)";

    /// <summary>Claims due deliveries of live subscribers: pushed past the lease so another worker does not take them meanwhile.</summary>
    public const string Claim = """
        UPDATE webhook_deliveries d SET next_attempt_at = now() + make_interval(secs => $2)
        FROM subscribers s
        WHERE d.id IN (SELECT id FROM webhook_deliveries WHERE state = 'pending' AND next_attempt_at <= now() ORDER BY next_attempt_at, id LIMIT $1 FOR UPDATE SKIP LOCKED)
          AND s.id = d.subscriber_id AND s.revoked_at IS NULL
        RETURNING d.id, s.url, s.secret, d.event, d.idempotency_key, d.body, d.attempts, d.created_at
        """;

    public const string Delivered = "UPDATE webhook_deliveries SET state = 'delivered', attempts = attempts + 1, last_status = $2, last_error = NULL, finished_at = now() WHERE id = $1";

    public const string Failed = """
        UPDATE webhook_deliveries SET attempts = attempts + 1, last_status = $2, last_error = $3,
            state = CASE WHEN $4 THEN 'dead' ELSE 'pending' END,
            next_attempt_at = now() + make_interval(secs => $5),
            finished_at = CASE WHEN $4 THEN now() END
        WHERE id = $1
        """;
}

namespace ClinicMap.Data.Sources;

/// <summary>The named SQL of <see cref="WatchStore"/>.</summary>
internal static class WatchQueries
{
    public const string EnsureSource = """
        INSERT INTO watched_sources (name, jurisdiction) VALUES ($1, $2)
        ON CONFLICT (name) DO UPDATE SET jurisdiction = EXCLUDED.jurisdiction
        """;

    public const string Polled = """
        UPDATE watched_sources SET last_poll_at = now(), polls = polls + 1,
            last_change_at = CASE WHEN $2 THEN now() ELSE last_change_at END,
            last_error_at = CASE WHEN $3::text IS NULL THEN last_error_at ELSE now() END,
            last_error = coalesce($3, last_error)
        WHERE name = $1
        """;

    public const string Sources = """
        SELECT s.name, s.jurisdiction, s.last_poll_at, s.last_change_at, s.last_error_at, s.last_error, s.polls,
               (SELECT count(*)::int FROM watched_notices n WHERE n.source = s.name),
               (SELECT count(*)::int FROM source_events e WHERE e.source = s.name AND e.kind = 'batch')
        FROM watched_sources s ORDER BY s.name
        """;

    public const string FindUrl = "SELECT etag, last_modified, sha256 FROM watched_urls WHERE source = $1 AND url = $2";

    public const string SaveUrl = """
        INSERT INTO watched_urls (source, url, etag, last_modified, sha256) VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT (source, url) DO UPDATE SET etag = EXCLUDED.etag, last_modified = EXCLUDED.last_modified, sha256 = EXCLUDED.sha256, fetched_at = now()
        """;

    public const string FindNotice = "SELECT sha256 FROM watched_notices WHERE source = $1 AND url = $2";

    /// <summary>The source's notices most recently seen, newest first: re-checked each poll even when the index has not changed.</summary>
    public const string RecentNotices = "SELECT url, title, published_on FROM watched_notices WHERE source = $1 ORDER BY first_seen_at DESC, url LIMIT $2";

    public const string SaveNotice = """
        INSERT INTO watched_notices (source, url, title, published_on, sha256) VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT (source, url) DO UPDATE SET title = EXCLUDED.title, published_on = EXCLUDED.published_on, sha256 = EXCLUDED.sha256, changed_at = now()
        """;

    public const string AddEvent = """
        INSERT INTO source_events (source, jurisdiction, kind, notice_url, url, message, batch_id, mode, published_in)
        SELECT $1, s.jurisdiction, $2, $3, $4, $5, $6, $7, $8 FROM watched_sources s WHERE s.name = $1
        RETURNING id
        """;

    private const string EventColumns = "id, source, jurisdiction, at, kind, notice_url, url, message, batch_id, mode, published_in";

    /// <summary>The newest $1 events, newest first.</summary>
    public const string NewestEvents = $"SELECT {EventColumns} FROM source_events ORDER BY id DESC LIMIT $1";

    /// <summary>Events after $1 of sources inside jurisdiction $2 (a prefix; '' for all), oldest first, at most $3.</summary>
    public const string Events = $"""
        SELECT {EventColumns} FROM source_events
        WHERE id > $1 AND starts_with(jurisdiction, $2) ORDER BY id LIMIT $3
        """;
}

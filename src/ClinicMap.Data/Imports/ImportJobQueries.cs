namespace ClinicMap.Data.Imports;

/// <summary>The named SQL of <see cref="ImportJobStore"/>.</summary>
internal static class ImportJobQueries
{
    private const string Columns = "id, file_name, options::text, submitted_by, jurisdiction, submitted_at, state, batch_id, error, finished_at, attempts";

    public const string Enqueue = $"""
        INSERT INTO import_jobs (file_name, content, options, submitted_by, jurisdiction)
        VALUES ($1, $2, $3::jsonb, $4, $5)
        RETURNING {Columns}
        """;

    public const string Find = $"SELECT {Columns} FROM import_jobs WHERE id = $1";

    /// <summary>
    /// $1 lease seconds, $2 worker, $3 most attempts. Takes the oldest job that is queued, or running under a lease
    /// that lapsed (its worker died), and has attempts left; SKIP LOCKED: concurrent workers each take a different
    /// job and never wait for one another.
    /// </summary>
    public const string Claim = $"""
        UPDATE import_jobs SET state = 'running', started_at = now(), attempts = attempts + 1,
                               lease_until = now() + make_interval(secs => $1), worker = $2
        WHERE id = (SELECT id FROM import_jobs
                    WHERE (state = 'queued' OR (state = 'running' AND lease_until < now())) AND attempts < $3
                    ORDER BY id FOR UPDATE SKIP LOCKED LIMIT 1)
        RETURNING {Columns}, content
        """;

    /// <summary>$1 most attempts: running jobs whose lease lapsed with no attempt left fail, saying so.</summary>
    public const string GiveUp = """
        UPDATE import_jobs SET state = 'failed', finished_at = now(), lease_until = NULL,
               error = 'gave up after ' || attempts || ' attempts: ' || COALESCE(error, 'its worker stopped before finishing ' || file_name || ' (killed, out of memory or crashed)')
        WHERE state = 'running' AND lease_until < now() AND attempts >= $1
        """;

    /// <summary>$1 job, $2 worker, $3 lease seconds: extends the lease while the worker still holds the job.</summary>
    public const string Heartbeat = """
        UPDATE import_jobs SET lease_until = now() + make_interval(secs => $3)
        WHERE id = $1 AND worker = $2 AND state = 'running'
        """;

    /// <summary>
    /// $4 worker (null: whoever holds it). A finished job drops its content (the document and its rows are staged);
    /// a failed one keeps it for a look. A worker whose lease was taken over finishes nothing.
    /// </summary>
    public const string Finish = """
        UPDATE import_jobs SET state = CASE WHEN $3::text IS NULL THEN 'done' ELSE 'failed' END,
                               finished_at = now(), batch_id = $2, error = $3, lease_until = NULL,
                               content = CASE WHEN $3::text IS NULL THEN ''::bytea ELSE content END
        WHERE id = $1 AND state = 'running' AND ($4::text IS NULL OR worker = $4)
        """;
}

namespace ClinicMap.Data.Imports;

/// <summary>The named SQL of <see cref="ImportJobStore"/>.</summary>
internal static class ImportJobQueries
{
    private const string Columns = "id, file_name, options::text, submitted_by, jurisdiction, submitted_at, state, batch_id, error, finished_at";

    public const string Enqueue = $"""
        INSERT INTO import_jobs (file_name, content, options, submitted_by, jurisdiction)
        VALUES ($1, $2, $3::jsonb, $4, $5)
        RETURNING {Columns}
        """;

    public const string Find = $"SELECT {Columns} FROM import_jobs WHERE id = $1";

    /// <summary>SKIP LOCKED: concurrent workers each take a different queued job, and never wait for one another.</summary>
    public const string Claim = $"""
        UPDATE import_jobs SET state = 'running', started_at = now()
        WHERE id = (SELECT id FROM import_jobs WHERE state = 'queued' ORDER BY id FOR UPDATE SKIP LOCKED LIMIT 1)
        RETURNING {Columns}, content
        """;

    /// <summary>A finished job drops its content (the document and its rows are staged); a failed one keeps it for a look.</summary>
    public const string Finish = """
        UPDATE import_jobs SET state = CASE WHEN $3::text IS NULL THEN 'done' ELSE 'failed' END,
                               finished_at = now(), batch_id = $2, error = $3,
                               content = CASE WHEN $3::text IS NULL THEN ''::bytea ELSE content END
        WHERE id = $1
        """;
}

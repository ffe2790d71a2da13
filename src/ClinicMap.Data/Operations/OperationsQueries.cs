namespace ClinicMap.Data.Operations;

/// <summary>The named SQL of <see cref="OperationsStore"/>: small aggregates an operator's dashboard polls.</summary>
internal static class OperationsQueries
{
    /// <summary>Import jobs by state (every state, zero included).</summary>
    public const string JobsByState = """
        SELECT s.state, count(j.id)
        FROM unnest(ARRAY['queued', 'running', 'done', 'failed']) AS s(state)
        LEFT JOIN import_jobs j ON j.state = s.state
        GROUP BY s.state
        """;

    /// <summary>$1 after (exclusive), $2 limit: jobs finished after a moment, oldest first, with their run time in seconds.</summary>
    public const string FinishedSince = """
        SELECT id, state, finished_at, EXTRACT(EPOCH FROM finished_at - COALESCE(started_at, submitted_at))::float8
        FROM import_jobs
        WHERE finished_at > $1 AND state IN ('done', 'failed')
        ORDER BY finished_at, id
        LIMIT $2
        """;

    /// <summary>Rows waiting for an operator: needing review, in a staged batch, not published.</summary>
    public const string ReviewBacklog = """
        SELECT count(*) FROM import_rows r JOIN import_batches b ON b.id = r.batch_id
        WHERE r.outcome = 'needs_review' AND r.published_in IS NULL AND b.status = 'staged'
        """;
}

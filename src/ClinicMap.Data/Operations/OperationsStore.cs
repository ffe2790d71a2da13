using Npgsql;

namespace ClinicMap.Data.Operations;

/// <summary>What the import side is doing, in aggregate, for metrics: jobs by state, finished jobs' run times, the review backlog.</summary>
public sealed class OperationsStore(NpgsqlDataSource dataSource)
{
    /// <summary>The number of import jobs in each state (queued, running, done, failed).</summary>
    public async Task<IReadOnlyDictionary<string, long>> JobsByStateAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(OperationsQueries.JobsByState);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
            counts[reader.GetString(0)] = reader.GetInt64(1);
        return counts;
    }

    /// <summary>Up to <paramref name="limit"/> jobs finished after <paramref name="after"/>, oldest first.</summary>
    public async Task<IReadOnlyList<FinishedJob>> FinishedSinceAsync(DateTimeOffset after, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(OperationsQueries.FinishedSince);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = after });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var jobs = new List<FinishedJob>();
        while (await reader.ReadAsync(cancellationToken))
            jobs.Add(new FinishedJob(reader.GetInt64(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetDouble(3)));
        return jobs;
    }

    /// <summary>Rows waiting for an operator's decision.</summary>
    public async Task<long> ReviewBacklogAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(OperationsQueries.ReviewBacklog);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}

/// <summary>An import job that ended: <paramref name="State"/> is done or failed.</summary>
public sealed record FinishedJob(long Id, string State, DateTimeOffset FinishedAt, double Seconds);

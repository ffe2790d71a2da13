using ClinicMap.Data.Access;
using ClinicMap.Data.Audit;
using Npgsql;

namespace ClinicMap.Data.Imports;

/// <summary>
/// Upload jobs: the API stores a file with its options and the uploader's jurisdiction; a worker
/// (<c>clinicmap-import worker</c>) claims the oldest queued job with <c>FOR UPDATE SKIP LOCKED</c>, so any number
/// of workers share the queue without taking the same job, holds it under a lease it renews while it works (a job
/// whose worker died is taken over once the lease lapses, up to <see cref="JobLease.MaxAttempts"/> claims), and
/// records the batch it staged or the error.
/// </summary>
public sealed class ImportJobStore(NpgsqlDataSource dataSource)
{
    public async Task<ImportJob> EnqueueAsync(Actor actor, string fileName, byte[] content, string optionsJson, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        ImportJob job;
        await using (var command = new NpgsqlCommand(ImportJobQueries.Enqueue, connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = fileName });
            command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = content });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = optionsJson });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = actor.Name });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = actor.Jurisdiction });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            job = Read(reader);
        }
        await AuditWriter.AppendAsync(connection, transaction, new AuditEntry(actor.Name, "import.upload", "import_job", job.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            null, new { fileName, bytes = content.Length, jurisdiction = actor.Jurisdiction }, null), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return job;
    }

    /// <summary>The job, without its content, or <c>null</c>.</summary>
    public async Task<ImportJob?> FindAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(ImportJobQueries.Find);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>
    /// Claims the oldest job that is queued or whose worker's lease lapsed (marking it running under
    /// <paramref name="lease"/>), with its content; <c>null</c> when none waits.
    /// </summary>
    public async Task<ImportJob?> ClaimAsync(JobLease? lease = null, CancellationToken cancellationToken = default)
    {
        lease ??= JobLease.Default;
        await using var command = dataSource.CreateCommand(ImportJobQueries.Claim);
        command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = lease.Duration.TotalSeconds });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = lease.Worker });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = lease.MaxAttempts });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) with { Content = reader.GetFieldValue<byte[]>(11) } : null;
    }

    /// <summary>Fails the running jobs whose lease lapsed after their last attempt; returns how many.</summary>
    public async Task<int> GiveUpAsync(JobLease? lease = null, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(ImportJobQueries.GiveUp);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = (lease ?? JobLease.Default).MaxAttempts });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Extends the lease on a job this worker holds; false when it holds it no longer (it lapsed and another worker took it).</summary>
    public async Task<bool> HeartbeatAsync(long id, JobLease lease, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(ImportJobQueries.Heartbeat);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = lease.Worker });
        command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = lease.Duration.TotalSeconds });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>
    /// Records the end of a job: the batch it staged, or the error that stopped it (then nothing was staged). With a
    /// <paramref name="lease"/>, only while that worker holds the job; returns whether the job was recorded.
    /// </summary>
    public async Task<bool> FinishAsync(long id, long? batchId, string? error, JobLease? lease = null, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(ImportJobQueries.Finish);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
        command.Parameters.Add(NullableParameter.Bigint(batchId));
        command.Parameters.Add(NullableParameter.Text(error));
        command.Parameters.Add(NullableParameter.Text(lease?.Worker));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private static ImportJob Read(NpgsqlDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetFieldValue<DateTimeOffset>(5), r.GetString(6),
        r.IsDBNull(7) ? null : r.GetInt64(7), r.IsDBNull(8) ? null : r.GetString(8), r.IsDBNull(9) ? null : r.GetFieldValue<DateTimeOffset>(9))
    {
        Attempts = r.GetInt32(10),
    };
}

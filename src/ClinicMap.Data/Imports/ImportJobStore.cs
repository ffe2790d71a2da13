using ClinicMap.Data.Access;
using ClinicMap.Data.Audit;
using Npgsql;
using NpgsqlTypes;

namespace ClinicMap.Data.Imports;

/// <summary>
/// Upload jobs: the API stores a file with its options and the uploader's jurisdiction; a worker
/// (<c>clinicmap-import worker</c>) claims the oldest queued job with <c>FOR UPDATE SKIP LOCKED</c>, so any number
/// of workers share the queue without taking the same job, and records the batch it staged or the error.
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

    /// <summary>Claims the oldest queued job (marking it running) with its content, or returns <c>null</c> when none waits.</summary>
    public async Task<ImportJob?> ClaimAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(ImportJobQueries.Claim);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) with { Content = reader.GetFieldValue<byte[]>(10) } : null;
    }

    /// <summary>Records the end of a job: the batch it staged, or the error that stopped it (then nothing was staged).</summary>
    public async Task FinishAsync(long id, long? batchId, string? error, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(ImportJobQueries.Finish);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bigint, Value = batchId is { } b ? b : DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = error is null ? DBNull.Value : error });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static ImportJob Read(NpgsqlDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetFieldValue<DateTimeOffset>(5), r.GetString(6),
        r.IsDBNull(7) ? null : r.GetInt64(7), r.IsDBNull(8) ? null : r.GetString(8), r.IsDBNull(9) ? null : r.GetFieldValue<DateTimeOffset>(9));
}

using System.Globalization;
using ClinicMap.Core.Datasets;
using ClinicMap.Data.Audit;
using Npgsql;
using NpgsqlTypes;

namespace ClinicMap.Data.Datasets;

/// <summary>PostGIS implementation of <see cref="IDatasetStore"/>.</summary>
public sealed class DatasetStore(NpgsqlDataSource dataSource) : IDatasetStore
{
    public async Task<DatasetVersion> PublishAsync(IReadOnlyList<long> batchIds, string actor, string? note, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, DatasetQueries.LockPublishing, cancellationToken);

        var ids = batchIds.Distinct().ToArray();
        var statuses = new Dictionary<long, string>();
        await using (var command = new NpgsqlCommand(DatasetQueries.LockBatches, connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint, Value = ids });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                statuses[reader.GetInt64(0)] = reader.GetString(1);
        }
        foreach (var id in ids)
        {
            if (!statuses.TryGetValue(id, out var status))
                throw new PublishRefusedException($"import batch {id} does not exist");
            if (status != "staged")
                throw new PublishRefusedException($"import batch {id} is {status}, not staged");
        }

        int? previous;
        await using (var command = new NpgsqlCommand(DatasetQueries.CurrentVersion, connection, transaction))
            previous = await command.ExecuteScalarAsync(cancellationToken) as int?;
        var version = (previous ?? 0) + 1;

        if (previous is { } from)
            await ExecuteAsync(connection, transaction, DatasetQueries.CopyPrevious, cancellationToken, version, from);
        await using (var command = new NpgsqlCommand(DatasetQueries.AddAcceptedRows, connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = version });
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint, Value = ids });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        DateTimeOffset publishedAt;
        int count;
        await using (var command = new NpgsqlCommand(DatasetQueries.InsertVersion, connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = version });
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Integer, Value = previous is { } p ? p : DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = actor });
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = note is null ? DBNull.Value : note });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            publishedAt = reader.GetFieldValue<DateTimeOffset>(0);
            count = reader.GetInt32(1);
        }

        await using (var command = new NpgsqlCommand(DatasetQueries.MarkBatchesPublished, connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint, Value = ids });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await ExecuteAsync(connection, transaction, DatasetQueries.SetCurrent, cancellationToken, version);
        await AuditWriter.AppendAsync(connection, transaction, new AuditEntry(actor, "dataset.publish", "dataset_version",
            version.ToString(CultureInfo.InvariantCulture), Before: new { version = previous }, After: new { version, clinics = count, batches = ids }, note), cancellationToken);
        // NOTIFY is delivered on commit only, so listeners never see a version that was rolled back.
        await ExecuteAsync(connection, transaction, DatasetQueries.Notify, cancellationToken, version.ToString(CultureInfo.InvariantCulture));
        await transaction.CommitAsync(cancellationToken);
        return new DatasetVersion(version, publishedAt, actor, count, note);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken, params object[] values)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var value in values)
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

using Npgsql;

namespace ClinicMap.Data.Replication;

/// <summary>
/// How far a read replica trails its primary: asked of both, for <c>/readyz</c> and the metrics. A read side that is
/// the primary itself has no lag to report.
/// </summary>
public static class ReplicationProbe
{
    /// <summary>The standby's lag, or <c>null</c> when <paramref name="read"/> is not a standby.</summary>
    public static async Task<StandbyLag?> MeasureAsync(NpgsqlDataSource primary, NpgsqlDataSource read, CancellationToken cancellationToken = default)
    {
        bool standby;
        string? replayed;
        double? sinceReplay;
        await using (var command = read.CreateCommand(ReplicationQueries.Replayed))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            standby = reader.GetBoolean(0);
            replayed = reader.IsDBNull(1) ? null : reader.GetString(1);
            sinceReplay = reader.IsDBNull(2) ? null : reader.GetDouble(2);
        }
        if (!standby || replayed is null)
            return null;
        await using var written = primary.CreateCommand(ReplicationQueries.Written);
        var head = (string)(await written.ExecuteScalarAsync(cancellationToken))!;
        await using var difference = read.CreateCommand(ReplicationQueries.Difference);
        difference.Parameters.Add(new NpgsqlParameter<string> { TypedValue = head });
        difference.Parameters.Add(new NpgsqlParameter<string> { TypedValue = replayed });
        var bytes = (double)(await difference.ExecuteScalarAsync(cancellationToken))!;
        return new StandbyLag((long)Math.Max(0, bytes), sinceReplay);
    }
}

/// <summary>A standby's distance behind its primary.</summary>
/// <param name="Bytes">WAL written on the primary and not yet replayed on the standby.</param>
/// <param name="SecondsSinceReplay">Since the standby last replayed a commit (grows while nothing is written, too).</param>
public sealed record StandbyLag(long Bytes, double? SecondsSinceReplay);

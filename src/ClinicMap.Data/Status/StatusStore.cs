using ClinicMap.Data.Access;
using ClinicMap.Data.Audit;
using Npgsql;

namespace ClinicMap.Data.Status;

/// <summary>
/// Live status reported by hospitals (<c>clinic_status_reports</c>, append-only): an overlay on the published
/// dataset that never makes a new version. Each report is one row, one audit entry and one NOTIFY on
/// <see cref="Channel"/> (its sequence number), in one transaction.
/// </summary>
public sealed class StatusStore(NpgsqlDataSource dataSource)
{
    /// <summary>The channel a report is announced on; the payload is its <see cref="ClinicStatus.Seq"/>.</summary>
    public const string Channel = "clinic_status";

    public const string Listen = $"LISTEN {Channel}";

    /// <summary>
    /// Stores <paramref name="report"/> for <paramref name="clinicId"/>; <c>null</c> when the clinic is not in the
    /// published dataset. The actor's right is checked against the clinic's division in the same transaction: a
    /// reporter only for the clinics its key names, any other key within its jurisdiction.
    /// </summary>
    /// <exception cref="AccessDeniedException">The actor may not report on this clinic.</exception>
    public async Task<ClinicStatus?> ReportAsync(Actor actor, Guid clinicId, StatusReport report, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        string? adminCode;
        await using (var find = new NpgsqlCommand(StatusQueries.CurrentAdminCode, connection, transaction))
        {
            find.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = clinicId });
            adminCode = await find.ExecuteScalarAsync(cancellationToken) as string;
        }
        if (adminCode is null)
            return null;
        if (!actor.MayReportStatus(clinicId, adminCode))
        {
            throw new AccessDeniedException(actor.Role == ApiRole.Reporter
                ? $"clinic {clinicId} is not one this reporter key reports on"
                : $"clinic {clinicId} is in {adminCode}; this key acts only within {actor.JurisdictionText}");
        }
        var before = await ReadOneAsync(new NpgsqlCommand(StatusQueries.Latest, connection, transaction) { Parameters = { new NpgsqlParameter<Guid> { TypedValue = clinicId } } }, cancellationToken);
        ClinicStatus stored;
        await using (var insert = new NpgsqlCommand(StatusQueries.Insert, connection, transaction))
        {
            insert.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = clinicId });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = report.State.ToWire() });
            insert.Parameters.Add(NullableParameter.Integer(report.WaitMinutes));
            insert.Parameters.Add(NullableParameter.Integer(report.BedsAvailable));
            insert.Parameters.Add(NullableParameter.Integer(report.BedsTotal));
            insert.Parameters.Add(NullableParameter.Text(report.Note));
            insert.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = report.ValidUntil });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = actor.Name });
            stored = (await ReadOneAsync(insert, cancellationToken))!;
        }
        await AuditWriter.AppendAsync(connection, transaction, new AuditEntry(actor.Name, "status.report", "clinic", clinicId.ToString("D"),
            before is null ? null : Describe(before), Describe(stored), null), cancellationToken);
        await using (var notify = new NpgsqlCommand(StatusQueries.Notify, connection, transaction))
        {
            notify.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stored.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            await notify.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return stored;
    }

    /// <summary>Each clinic's latest report that is still valid (expired ones read as unknown and are left out).</summary>
    public async Task<IReadOnlyList<ClinicStatus>> CurrentAsync(CancellationToken cancellationToken = default) =>
        await ReadAllAsync(dataSource.CreateCommand(StatusQueries.Current), cancellationToken);

    /// <summary>Up to <paramref name="limit"/> reports after <paramref name="since"/>, in order: the change feed.</summary>
    public async Task<IReadOnlyList<ClinicStatus>> SinceAsync(long since, int limit, CancellationToken cancellationToken = default)
    {
        var command = dataSource.CreateCommand(StatusQueries.Since);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = since });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        return await ReadAllAsync(command, cancellationToken);
    }

    /// <summary>
    /// The newest <paramref name="limit"/> reports of published clinics whose admin code starts with
    /// <paramref name="jurisdiction"/>, each with its clinic's name and division: who reported what, for operators.
    /// </summary>
    public async Task<IReadOnlyList<(ClinicStatus Status, string ClinicName, string AdminCode)>> RecentAsync(string jurisdiction, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(StatusQueries.Recent);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = jurisdiction });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<(ClinicStatus, string, string)>();
        while (await reader.ReadAsync(cancellationToken))
            rows.Add((Read(reader), reader.GetString(10), reader.GetString(11)));
        return rows;
    }

    /// <summary>The sequence number of the latest report (0 when there is none): what a poll compares.</summary>
    public async Task<long> LastSeqAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(StatusQueries.LastSeq);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static object Describe(ClinicStatus s) => new
    {
        state = s.State.ToWire(), s.WaitMinutes, s.BedsAvailable, s.BedsTotal, s.Note, s.ValidUntil, seq = s.Seq,
    };

    private static async Task<ClinicStatus?> ReadOneAsync(NpgsqlCommand command, CancellationToken cancellationToken) =>
        (await ReadAllAsync(command, cancellationToken)) is [var one, ..] ? one : null;

    private static async Task<IReadOnlyList<ClinicStatus>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using (command)
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var rows = new List<ClinicStatus>();
            while (await reader.ReadAsync(cancellationToken))
                rows.Add(Read(reader));
            return rows;
        }
    }

    /// <summary>A report from the first ten columns of <see cref="StatusQueries"/>' selections.</summary>
    private static ClinicStatus Read(NpgsqlDataReader reader) => new(reader.GetInt64(0), reader.GetGuid(1),
        ClinicStateNames.FromWire(reader.GetString(2)) ?? throw new InvalidDataException($"clinic_status_reports {reader.GetInt64(0)}: unknown state"),
        reader.IsDBNull(3) ? null : reader.GetInt32(3), reader.IsDBNull(4) ? null : reader.GetInt32(4), reader.IsDBNull(5) ? null : reader.GetInt32(5),
        reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetFieldValue<DateTimeOffset>(7), reader.GetFieldValue<DateTimeOffset>(8), reader.GetString(9));
}

using System.Globalization;
using ClinicMap.Core.Clinics;
using ClinicMap.Core.Datasets;
using ClinicMap.Data.Access;
using ClinicMap.Data.Audit;
using ClinicMap.Data.Clinics;
using Npgsql;
using NpgsqlTypes;

namespace ClinicMap.Data.Datasets;

/// <summary>PostGIS implementation of <see cref="IDatasetStore"/>.</summary>
public sealed class DatasetStore(NpgsqlDataSource dataSource) : IDatasetStore
{
    public async Task<DatasetVersion> PublishAsync(Actor actor, IReadOnlyList<long>? batchIds, string? note, string? forceReason = null, CancellationToken cancellationToken = default)
    {
        if (actor.Role < ApiRole.Publisher)
            throw new AccessDeniedException($"{actor.Name} is an {actor.Role.ToWire()}; publishing needs a publisher or admin key");
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, DatasetQueries.LockPublishing, cancellationToken);

        var ids = await LockBatchesAsync(connection, transaction, actor, batchIds, cancellationToken);
        if (ids.Length == 0)
            throw new PublishRefusedException($"there is no staged batch in {actor.JurisdictionText} to publish");

        await using (var command = new NpgsqlCommand(DatasetQueries.Unresolved, connection, transaction))
        {
            command.Parameters.Add(BigintArray(ids));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            var (rows, closures) = (reader.GetInt32(0), reader.GetInt32(1));
            if ((rows > 0 || closures > 0) && string.IsNullOrWhiteSpace(forceReason))
            {
                throw new PublishRefusedException(
                    $"batch {string.Join(", ", ids)}: {rows} row(s) still need review and {closures} proposed closure(s) are undecided; " +
                    "resolve them, or publish anyway with a stated reason (they stay out of the dataset until resolved)");
            }
        }

        int? previous;
        await using (var command = new NpgsqlCommand(DatasetQueries.CurrentVersion, connection, transaction))
            previous = await command.ExecuteScalarAsync(cancellationToken) as int?;
        var version = (previous ?? 0) + 1;

        await using (var command = new NpgsqlCommand(DatasetQueries.OutsideJurisdiction, connection, transaction))
        {
            command.Parameters.Add(BigintArray(ids));
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = actor.Jurisdiction });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = previous ?? 0 });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var outside = new List<string>();
            while (await reader.ReadAsync(cancellationToken))
                outside.Add(reader.GetString(0));
            if (outside.Count > 0)
                throw new AccessDeniedException($"{string.Join("; ", outside)}: this key acts only within {actor.JurisdictionText}");
        }

        await using (var command = new NpgsqlCommand(DatasetQueries.StaleMatches, connection, transaction))
        {
            command.Parameters.Add(BigintArray(ids));
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = previous ?? 0 });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var stale = new List<string>();
            while (await reader.ReadAsync(cancellationToken))
                stale.Add($"row {reader.GetInt32(1)} of batch {reader.GetInt64(0)} updates clinic {reader.GetString(2)}, which {reader.GetString(3)}");
            if (stale.Count > 0)
                throw new PublishRefusedException($"{string.Join("; ", stale)}: merge or split those rows again in review");
        }

        if (previous is { } from)
        {
            await ExecuteAsync(connection, transaction, DatasetQueries.CopyPrevious, cancellationToken, version, from, ids);
            await ExecuteAsync(connection, transaction, DatasetQueries.UpdateMatchedClinics, cancellationToken, version, from, ids);
        }
        await ExecuteAsync(connection, transaction, DatasetQueries.AddNewClinics, cancellationToken, version, ids);

        var published = await InsertVersionAsync(connection, transaction, version, previous, actor.Name, note, cancellationToken);
        await ExecuteAsync(connection, transaction, DatasetQueries.MarkPublished, cancellationToken, ids, version);
        await FinishAsync(connection, transaction, published, new AuditEntry(actor.Name, "dataset.publish", "dataset_version", Id(version),
            Before: new { version = previous }, After: new { version, clinics = published.ClinicCount, batches = ids, forced = forceReason is not null },
            forceReason ?? note), cancellationToken);
        return published;
    }

    public async Task<DatasetVersion> RollbackAsync(Actor actor, int toVersion, string reason, CancellationToken cancellationToken = default)
    {
        if (actor.Role < ApiRole.Admin)
            throw new AccessDeniedException($"{actor.Name} is a {actor.Role.ToWire()}; rolling back needs an admin key");
        if (string.IsNullOrWhiteSpace(reason))
            throw new PublishRefusedException("a rollback needs a stated reason");
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, DatasetQueries.LockPublishing, cancellationToken);
        int current;
        await using (var command = new NpgsqlCommand(DatasetQueries.CurrentVersion, connection, transaction))
            current = await command.ExecuteScalarAsync(cancellationToken) as int? ?? throw new PublishRefusedException("nothing has been published yet");
        if (await FindAsync(connection, transaction, toVersion, cancellationToken) is null)
            throw new PublishRefusedException($"there is no dataset version {toVersion}");
        if (toVersion == current)
            throw new PublishRefusedException($"version {toVersion} is already the current version");

        var (before, after) = await SidesAsync(connection, transaction, toVersion, current, cancellationToken);
        var outside = before.Values.Concat(after.Values).FirstOrDefault(c => !actor.Covers(c.AdminCode));
        if (outside is not null)
            throw new AccessDeniedException($"rolling back to version {toVersion} would change {outside.Name} ({outside.AdminCode}); this key acts only within {actor.JurisdictionText}");

        var version = current + 1;
        await ExecuteAsync(connection, transaction, DatasetQueries.CopyVersion, cancellationToken, version, toVersion);
        var published = await InsertVersionAsync(connection, transaction, version, current, actor.Name, $"rollback to version {toVersion}: {reason}", cancellationToken);
        await FinishAsync(connection, transaction, published, new AuditEntry(actor.Name, "dataset.rollback", "dataset_version", Id(version),
            Before: new { version = current }, After: new { version, contentOf = toVersion, clinics = published.ClinicCount }, reason), cancellationToken);
        return published;
    }

    public async Task<IReadOnlyList<DatasetVersion>> ListAsync(int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(DatasetQueries.ListVersions);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        return await ReadVersionsAsync(command, cancellationToken);
    }

    public async Task<DatasetDiff?> DiffAsync(int version, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var found = await FindAsync(connection, null, version, cancellationToken);
        return found is null ? null : await DiffAsync(connection, found, cancellationToken);
    }

    public async Task<IReadOnlyList<DatasetDiff>> ChangesSinceAsync(int since, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(DatasetQueries.VersionsSince, connection);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = since });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        var versions = await ReadVersionsAsync(command, cancellationToken);
        var diffs = new List<DatasetDiff>();
        foreach (var version in versions)
            diffs.Add(await DiffAsync(connection, version, cancellationToken));
        return diffs;
    }

    private static async Task<long[]> LockBatchesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Actor actor, IReadOnlyList<long>? batchIds, CancellationToken cancellationToken)
    {
        var found = new List<(long Id, string Status, string Scope)>();
        await using (var command = new NpgsqlCommand(DatasetQueries.LockBatches, connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint, Value = batchIds is null ? DBNull.Value : batchIds.Distinct().ToArray() });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                found.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2)));
        }
        if (batchIds is null)
            return found.Where(b => actor.CoversScope(b.Scope)).Select(b => b.Id).ToArray();
        foreach (var id in batchIds.Distinct())
        {
            var batch = found.FirstOrDefault(b => b.Id == id);
            if (batch == default)
                throw new PublishRefusedException($"import batch {id} does not exist");
            if (!actor.CoversScope(batch.Scope))
                throw new AccessDeniedException($"import batch {id} covers {(batch.Scope.Length == 0 ? "the whole country" : $"admin codes starting {batch.Scope}")}; this key acts only within {actor.JurisdictionText}");
            if (batch.Status != "staged")
                throw new PublishRefusedException($"import batch {id} is {batch.Status}, not staged");
        }
        return batchIds.Distinct().ToArray();
    }

    private static async Task<DatasetVersion> InsertVersionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int version, int? previous, string actor, string? note, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(DatasetQueries.InsertVersion, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = version });
        command.Parameters.Add(NullableParameter.Integer(previous));
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = actor });
        command.Parameters.Add(NullableParameter.Text(note));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new DatasetVersion(version, reader.GetFieldValue<DateTimeOffset>(0), actor, reader.GetInt32(1), note) { BasedOn = previous };
    }

    /// <summary>Moves the pointer, writes the audit row and NOTIFYs, then commits: NOTIFY is delivered on commit only, so listeners never see a version that was rolled back.</summary>
    private static async Task FinishAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DatasetVersion version, AuditEntry audit, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, transaction, DatasetQueries.SetCurrent, cancellationToken, version.Version);
        await AuditWriter.AppendAsync(connection, transaction, audit, cancellationToken);
        await ExecuteAsync(connection, transaction, DatasetNotifications.Notify, cancellationToken, Id(version.Version));
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task<DatasetDiff> DiffAsync(NpgsqlConnection connection, DatasetVersion version, CancellationToken cancellationToken)
    {
        var (after, before) = await SidesAsync(connection, null, version.Version, version.BasedOn, cancellationToken);
        var added = after.Values.Where(c => !before.ContainsKey(c.Id)).ToList();
        var closed = before.Values.Where(c => !after.ContainsKey(c.Id)).ToList();
        var changed = after.Values.Where(c => before.ContainsKey(c.Id))
            .Select(c => new ClinicChange(before[c.Id], c, ClinicFields.Compare(before[c.Id], c)))
            .Where(c => c.Fields.Count > 0)
            .ToList();
        return new DatasetDiff(version, added, changed, closed);
    }

    /// <summary>The clinics that differ between <paramref name="version"/> (first) and <paramref name="other"/> (second), by id.</summary>
    private static async Task<(Dictionary<Guid, Clinic> Version, Dictionary<Guid, Clinic> Other)> SidesAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, int version, int? other, CancellationToken cancellationToken)
    {
        var (mine, theirs) = (new Dictionary<Guid, Clinic>(), new Dictionary<Guid, Clinic>());
        await using var command = new NpgsqlCommand(DatasetQueries.DiffSides, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = version });
        command.Parameters.Add(NullableParameter.Integer(other));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var clinic = ClinicReader.Read(reader, at: 1);
            (reader.GetString(0) == "after" ? mine : theirs)[clinic.Id] = clinic;
        }
        return (mine, theirs);
    }

    private static async Task<DatasetVersion?> FindAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, int version, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(DatasetQueries.FindVersion, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = version });
        var found = await ReadVersionsAsync(command, cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    private static async Task<IReadOnlyList<DatasetVersion>> ReadVersionsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var versions = new List<DatasetVersion>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            versions.Add(new DatasetVersion(reader.GetInt32(0), reader.GetFieldValue<DateTimeOffset>(2), reader.GetString(3), reader.GetInt32(4),
                reader.IsDBNull(5) ? null : reader.GetString(5)) { BasedOn = reader.IsDBNull(1) ? null : reader.GetInt32(1) });
        }
        return versions;
    }

    private static string Id(int version) => version.ToString(CultureInfo.InvariantCulture);

    private static NpgsqlParameter BigintArray(long[] ids) => new() { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint, Value = ids };

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken, params object[] values)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var value in values)
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

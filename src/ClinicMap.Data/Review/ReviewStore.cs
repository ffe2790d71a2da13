using System.Globalization;
using System.Text.Json;
using ClinicMap.Core.Divisions;
using ClinicMap.Core.Geography;
using ClinicMap.Core.Matching;
using ClinicMap.Core.Text;
using ClinicMap.Data.Access;
using ClinicMap.Data.Audit;
using ClinicMap.Data.Places;
using ClinicMap.Data.Imports;
using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;

namespace ClinicMap.Data.Review;

/// <summary>
/// The review queue and the actions people take on it. Every action runs in one transaction that locks the row
/// and its batch, checks the actor's jurisdiction (the row's admin code, before and after an edit), changes the
/// row, recounts the batch and appends one audit row with the row's fields before and after. "Not found" is
/// <c>null</c>; a refused action throws <see cref="ReviewRefusedException"/> or <see cref="AccessDeniedException"/>.
/// </summary>
public sealed class ReviewStore(NpgsqlDataSource dataSource)
{
    public async Task<ReviewBacklog> QueueAsync(Actor actor, ReviewFilter filter, CancellationToken cancellationToken = default)
    {
        var prefix = actor.Jurisdiction;
        if (filter.Region is { Length: > 0 } region)
        {
            if (!region.StartsWith(prefix, StringComparison.Ordinal) && !prefix.StartsWith(region, StringComparison.Ordinal))
                throw new AccessDeniedException($"region {region} is outside {actor.JurisdictionText}");
            prefix = region.Length > prefix.Length ? region : prefix;
        }
        var rows = new List<ReviewItem>();
        await using (var command = dataSource.CreateCommand(ReviewQueries.QueueRows))
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = prefix });
            command.Parameters.Add(NullableParameter.Bigint(filter.BatchId));
            command.Parameters.Add(NullableParameter.Text(filter.Reason));
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = filter.Limit });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(new ReviewItem(reader.GetInt64(0), reader.GetInt32(1), Text(reader, 2), Text(reader, 3), Text(reader, 4),
                    reader.GetFieldValue<string[]>(5), Text(reader, 6)));
            }
        }
        var closures = new List<ClosureItem>();
        if (filter.Reason is null or "closure.proposed")
        {
            await using var command = dataSource.CreateCommand(ReviewQueries.QueueClosures);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = prefix });
            command.Parameters.Add(NullableParameter.Bigint(filter.BatchId));
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = filter.Limit });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                closures.Add(new ClosureItem(reader.GetInt64(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3), reader.GetString(4)));
        }
        var batches = new List<BatchItem>();
        await using (var command = dataSource.CreateCommand(ReviewQueries.QueueBatches))
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = prefix });
            command.Parameters.Add(NullableParameter.Bigint(filter.BatchId));
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = filter.Limit });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                batches.Add(new BatchItem(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), Text(reader, 5),
                    reader.GetInt32(6), reader.GetInt32(7), reader.GetInt32(8), reader.GetInt32(9), reader.GetString(10), reader.GetString(11), reader.GetString(12),
                    reader.IsDBNull(13) ? null : reader.GetFieldValue<DateOnly>(13), Text(reader, 14), Text(reader, 15), Text(reader, 16)));
            }
        }
        return new ReviewBacklog(rows, closures) { Batches = batches };
    }

    public async Task<ReviewRow?> FindAsync(Actor actor, long batchId, int rowNumber, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await ReadRowAsync(connection, null, ReviewQueries.FindRow, batchId, rowNumber, cancellationToken);
        if (row is not null)
            actor.Require(row.JurisdictionCode, $"row {rowNumber} of batch {batchId}");
        return row;
    }

    /// <summary>
    /// A page (PNG) of an OCR-read batch, for showing a cell's crop: <c>null</c> when the batch has no such page or
    /// none of its rows lies in the actor's jurisdiction (a page may hold rows of several).
    /// </summary>
    public async Task<byte[]?> PageImageAsync(Actor actor, long batchId, int page, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(ReviewQueries.PageImage);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = batchId });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = page });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = actor.Jurisdiction });
        return await command.ExecuteScalarAsync(cancellationToken) as byte[];
    }

    /// <summary>Accepts a row in review as it stands. A probable match or a duplicate must be merged or split first; the row must be complete.</summary>
    public Task<ReviewRow?> AcceptAsync(Actor actor, long batchId, int rowNumber, string? why, CancellationToken cancellationToken = default) =>
        ActAsync(actor, batchId, rowNumber, "review.accept", why, [NeedsReview], async (connection, transaction, row) =>
        {
            if (row.MatchKind is MatchKind.Probable or MatchKind.Duplicate)
                throw new ReviewRefusedException($"row {rowNumber} is a {row.MatchKind.Value.ToWire()} match: merge it with a published clinic or split it off as a new one first");
            var missing = new[] { ("name", row.Fields.Name), ("adminCode", row.Fields.AdminCode), ("location", row.Location is null ? null : "set") }
                .Where(f => f.Item2 is null).Select(f => f.Item1).ToList();
            if (missing.Count > 0)
                throw new ReviewRefusedException($"row {rowNumber} cannot be accepted without {string.Join(", ", missing)}: edit the row or move its pin first");
            await SetOutcomeAsync(connection, transaction, row, "accepted", null, actor, cancellationToken);
        }, cancellationToken);

    /// <summary>Rejects a row; <paramref name="why"/> becomes its rejecting reason.</summary>
    public Task<ReviewRow?> RejectAsync(Actor actor, long batchId, int rowNumber, string why, CancellationToken cancellationToken = default) =>
        ActAsync(actor, batchId, rowNumber, "review.reject", why, [NeedsReview, Accepted], (connection, transaction, row) =>
            SetOutcomeAsync(connection, transaction, row, "rejected",
                new { code = "review.rejected", field = (string?)null, message = $"rejected by {actor.Name}: {why}", severity = "reject" }, actor, cancellationToken), cancellationToken);

    /// <summary>Replaces the row's fields; a changed admin code must be well formed and stay inside the actor's jurisdiction.</summary>
    public Task<ReviewRow?> EditAsync(Actor actor, long batchId, int rowNumber, RowFields fields, string? why, CancellationToken cancellationToken = default) =>
        ActAsync(actor, batchId, rowNumber, "review.edit", why, [NeedsReview, Accepted], async (connection, transaction, row) =>
        {
            if (fields.AdminCode is not null && !AdminCode.IsWellFormed(fields.AdminCode))
                throw new ReviewRefusedException($"adminCode '{fields.AdminCode}' is not a 6-digit GB/T 2260 code");
            if (fields.AdminCode is not null)
                actor.Require(fields.AdminCode, $"the new admin code of row {rowNumber}");
            await using var command = new NpgsqlCommand(ReviewQueries.SetFields, connection, transaction);
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = batchId });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = rowNumber });
            command.Parameters.Add(NullableParameter.Text(TextNormalizer.Clean(fields.Name)));
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = fields.Kinds.ToArray() });
            command.Parameters.Add(NullableParameter.Text(TextNormalizer.Clean(fields.Address)));
            command.Parameters.Add(NullableParameter.Text(fields.AdminCode));
            command.Parameters.Add(NullableParameter.Text(fields.Province));
            command.Parameters.Add(NullableParameter.Text(fields.City));
            command.Parameters.Add(NullableParameter.Text(fields.District));
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = fields.Phones.ToArray() });
            command.Parameters.Add(NullableParameter.Text(TextNormalizer.Clean(fields.Hours)));
            command.Parameters.Add(NullableParameter.Text(TextNormalizer.Clean(fields.Level)));
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = actor.Name });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    /// <summary>
    /// Puts the pin where the operator says (given in any system, stored in WGS-84 with the system it came in),
    /// marks it exact and placed by an operator, and remembers it as a known place for later imports of the clinic.
    /// </summary>
    public Task<ReviewRow?> MoveAsync(Actor actor, long batchId, int rowNumber, GeoPoint pin, string? why, CancellationToken cancellationToken = default) =>
        ActAsync(actor, batchId, rowNumber, "review.move", why, [NeedsReview, Accepted], async (connection, transaction, row) =>
        {
            var wgs = pin.To(CoordinateSystem.Wgs84);
            if (!ChinaExtent.Contains(wgs))
                throw new ReviewRefusedException($"{wgs.Latitude:0.######},{wgs.Longitude:0.######} ({pin.Crs.ToWire()}) is outside China");
            await using (var command = new NpgsqlCommand(ReviewQueries.SetLocation, connection, transaction))
            {
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = batchId });
                command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = rowNumber });
                command.Parameters.Add(PostgisGeography.Parameter(wgs));
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = pin.Crs.ToWire() });
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = actor.Name });
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            if (row.Fields.AdminCode is { } code && TextNormalizer.MatchKey(row.Fields.Name) is { Length: > 0 } key)
            {
                await using var command = new NpgsqlCommand(KnownPlaceQueries.Upsert, connection, transaction);
                KnownPlaceStore.AddUpsertParameters(command, new KnownPlace(code, key, wgs, pin.Crs, Core.Clinics.LocationPrecision.Exact, actor.Name, DateTimeOffset.UtcNow), why);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }, cancellationToken);

    /// <summary>Declares the row to be a published clinic (which must be in the current version and in the actor's jurisdiction).</summary>
    public Task<ReviewRow?> MergeAsync(Actor actor, long batchId, int rowNumber, Guid clinicId, string? why, CancellationToken cancellationToken = default) =>
        ActAsync(actor, batchId, rowNumber, "review.merge", why, [NeedsReview, Accepted], async (connection, transaction, row) =>
        {
            int? version;
            await using (var command = new NpgsqlCommand(ReviewQueries.CurrentVersion, connection, transaction))
                version = await command.ExecuteScalarAsync(cancellationToken) as int?;
            string? code = null;
            await using (var command = new NpgsqlCommand(ReviewQueries.PublishedClinic, connection, transaction))
            {
                command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = version ?? 0 });
                command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = clinicId });
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                if (await reader.ReadAsync(cancellationToken))
                    code = reader.GetString(0);
            }
            if (code is null)
                throw new ReviewRefusedException($"clinic {clinicId} is not in the current published version");
            actor.Require(code, $"clinic {clinicId}");
            await SetMatchAsync(connection, transaction, row, "same", clinicId, actor, cancellationToken);
        }, cancellationToken);

    /// <summary>Declares the row a clinic of its own: publishing it creates a new stable id.</summary>
    public Task<ReviewRow?> SplitAsync(Actor actor, long batchId, int rowNumber, string? why, CancellationToken cancellationToken = default) =>
        ActAsync(actor, batchId, rowNumber, "review.split", why, [NeedsReview, Accepted], (connection, transaction, row) =>
            SetMatchAsync(connection, transaction, row, "new", null, actor, cancellationToken), cancellationToken);

    /// <summary>Confirms (<paramref name="close"/>) or refuses a proposed closure; returns <c>false</c> when there is no such proposal.</summary>
    public async Task<bool> DecideClosureAsync(Actor actor, long batchId, Guid clinicId, bool close, string? why, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        string state, code, name, status;
        await using (var command = new NpgsqlCommand(ReviewQueries.LockClosure, connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = batchId });
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = clinicId });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
                return false;
            (state, code, name, status) = (reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3));
        }
        actor.Require(code, $"{name} (clinic {clinicId})");
        if (status != "staged")
            throw new ReviewRefusedException($"batch {batchId} is {status}; its closures can no longer change");
        var next = close ? "closed" : "kept";
        await using (var command = new NpgsqlCommand(ReviewQueries.DecideClosure, connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = batchId });
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = clinicId });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = next });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = actor.Name });
            command.Parameters.Add(NullableParameter.Text(why));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await AuditWriter.AppendAsync(connection, transaction, new AuditEntry(actor.Name, close ? "review.close" : "review.keep", "clinic",
            clinicId.ToString(), new { batch = batchId, name, state }, new { batch = batchId, name, state = next }, why), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private const string NeedsReview = "needs_review", Accepted = "accepted";

    /// <summary>The reason code of a row the uploader's key may not stage: no review action can take it up.</summary>
    public const string OutsideJurisdictionCode = "access.outside_jurisdiction";

    /// <summary>
    /// One review action in one transaction: locks the row, checks the actor's jurisdiction, that the row is not
    /// published, that its current outcome is one of <paramref name="outcomes"/> and that it was not rejected as
    /// outside its uploader's jurisdiction (another jurisdiction's operator must not adopt it into that batch).
    /// </summary>
    private async Task<ReviewRow?> ActAsync(Actor actor, long batchId, int rowNumber, string action, string? why, string[] outcomes,
        Func<NpgsqlConnection, NpgsqlTransaction, ReviewRow, Task> change, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var before = await ReadRowAsync(connection, transaction, ReviewQueries.LockRow, batchId, rowNumber, cancellationToken);
        if (before is null)
            return null;
        var where = $"row {rowNumber} of batch {batchId}";
        actor.Require(before.JurisdictionCode, where);
        if (before.PublishedIn is { } published)
            throw new ReviewRefusedException($"{where} was published in version {published}; change the clinic through a newer list");
        if (HasReason(before, OutsideJurisdictionCode))
            throw new ReviewRefusedException($"{where} was rejected as outside its uploader's jurisdiction; it can be imported by that division's own key");
        if (!outcomes.Contains(before.Outcome))
            throw new ReviewRefusedException($"{where} is {before.Outcome}; {action} applies to rows that are {string.Join(" or ", outcomes)}");
        await change(connection, transaction, before);
        await using (var command = new NpgsqlCommand(ReviewQueries.Recount, connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = batchId });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        var after = (await ReadRowAsync(connection, transaction, ReviewQueries.FindRow, batchId, rowNumber, cancellationToken))!;
        await AuditWriter.AppendAsync(connection, transaction, new AuditEntry(actor.Name, action, "import_row",
            string.Create(CultureInfo.InvariantCulture, $"{batchId}/{rowNumber}"), Snapshot(before), Snapshot(after), why), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return after;
    }

    private static bool HasReason(ReviewRow row, string code) =>
        row.Reasons.ValueKind == JsonValueKind.Array
        && row.Reasons.EnumerateArray().Any(r => r.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String && c.GetString() == code);

    private static object Snapshot(ReviewRow row) => new
    {
        outcome = row.Outcome,
        fields = row.Fields,
        location = row.Location is { } l ? new { lat = l.Latitude, lon = l.Longitude, crs = "wgs84" } : null,
        locationCrsIn = row.LocationCrsIn,
        locationPrecision = row.LocationPrecision,
        locationMethod = row.LocationMethod,
        matchKind = row.MatchKind?.ToWire(),
        matchClinicId = row.MatchClinicId,
    };

    private static async Task SetOutcomeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ReviewRow row, string outcome, object? reason, Actor actor, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(ReviewQueries.SetOutcome, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = row.BatchId });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = row.RowNumber });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = outcome });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = reason is null ? "[]" : JsonSerializer.Serialize(new[] { reason }) });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = actor.Name });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task SetMatchAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ReviewRow row, string kind, Guid? clinicId, Actor actor, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(ReviewQueries.SetMatch, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = row.BatchId });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = row.RowNumber });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = kind });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Uuid, Value = clinicId is { } id ? id : DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = actor.Name });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<ReviewRow?> ReadRowAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, long batchId, int rowNumber, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = batchId });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = rowNumber });
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        if (!await r.ReadAsync(cancellationToken))
            return null;
        var fields = new RowFields(Text(r, 7), r.GetFieldValue<string[]>(8), Text(r, 9), Text(r, 10), Text(r, 11), Text(r, 12), Text(r, 13),
            r.GetFieldValue<string[]>(14), Text(r, 15), Text(r, 16));
        return new ReviewRow(
            r.GetInt64(0), r.GetInt32(1), Text(r, 2), r.GetString(3), Json(r.GetString(4)), r.GetString(5), Json(r.GetString(6)), fields,
            r.IsDBNull(17) ? null : PostgisGeography.ToGeoPoint(r.GetFieldValue<Point>(17)), Text(r, 18), Text(r, 19), Text(r, 20),
            r.IsDBNull(21) ? null : Json(r.GetString(21)),
            MatchKindNames.FromWire(Text(r, 22)), r.IsDBNull(23) ? null : r.GetGuid(23), MatchJson.ReadCandidates(r.GetString(24)), Text(r, 25), Text(r, 26),
            r.IsDBNull(27) ? null : r.GetInt32(27));
    }

    private static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    private static string? Text(NpgsqlDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);


}

using System.Text.Json;
using ClinicMap.Core.Clinics;
using ClinicMap.Core.Geography;
using ClinicMap.Core.Imports;
using ClinicMap.Core.Matching;
using ClinicMap.Data.Audit;
using Npgsql;
using NpgsqlTypes;

namespace ClinicMap.Data.Imports;

/// <summary>PostGIS implementation of <see cref="IImportStore"/>.</summary>
public sealed class ImportStore(NpgsqlDataSource dataSource) : IImportStore
{
    public async Task<ImportBatchSummary?> FindByDocumentAsync(string sha256, string jurisdiction = "", CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await FindByDocumentAsync(connection, null, sha256, jurisdiction, cancellationToken);
    }

    public async Task<ImportBatchSummary?> FindAsync(long batchId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(ImportQueries.FindBatch);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = batchId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadSummary(reader) : null;
    }

    public async Task<ImportBatchSummary> StageAsync(NewDocument document, string defaultKind, string actor, IReadOnlyList<StagedRow> rows, BatchMatchInfo? match = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // Serialise imports of the same bytes so two operators uploading one file cannot both stage it.
        await using (var lockCommand = new NpgsqlCommand(ImportQueries.LockDocument, connection, transaction))
        {
            lockCommand.Parameters.Add(new NpgsqlParameter<string> { TypedValue = document.Sha256 + "|" + document.Jurisdiction });
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }
        if (await FindByDocumentAsync(connection, transaction, document.Sha256, document.Jurisdiction, cancellationToken) is { } existing)
            throw new DocumentAlreadyImportedException(existing);

        long documentId;
        await using (var command = new NpgsqlCommand(ImportQueries.UpsertDocument, connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = document.Sha256 });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = document.Publisher });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = document.Title });
            command.Parameters.Add(NullableParameter.Date(document.PublishedOn));
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = document.FileName });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = document.ByteLength });
            command.Parameters.Add(NullableParameter.Text(document.Origin?.Source));
            command.Parameters.Add(NullableParameter.Text(document.Origin?.NoticeUrl));
            command.Parameters.Add(NullableParameter.Text(document.Origin?.AttachmentUrl));
            command.Parameters.Add(NullableParameter.Timestamp(document.Origin?.FetchedAt));
            documentId = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }

        var accepted = rows.Count(r => r.Outcome == RowOutcome.Accepted);
        var review = rows.Count(r => r.Outcome == RowOutcome.NeedsReview);
        var rejected = rows.Count(r => r.Outcome == RowOutcome.Rejected);
        long batchId;
        await using (var command = new NpgsqlCommand(ImportQueries.InsertBatch, connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = documentId });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = defaultKind });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = actor });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = rows.Count });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = accepted });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = review });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = rejected });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = match?.Scope ?? string.Empty });
            command.Parameters.Add(NullableParameter.Integer(match?.MatchedVersion));
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = document.Jurisdiction });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = (match?.Mode ?? ImportMode.Full).ToWire() });
            command.Parameters.Add(NullableParameter.Text(match?.ModeReason));
            batchId = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }

        await CopyRowsAsync(connection, batchId, rows, cancellationToken);
        for (var page = 0; page < document.PageImages.Count; page++)
        {
            await using var command = new NpgsqlCommand(ImportQueries.InsertPage, connection, transaction);
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = documentId });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = page + 1 });
            command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = document.PageImages[page] });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        if (match is { ProposedClosures.Count: > 0 })
        {
            await using var command = new NpgsqlCommand(ImportQueries.InsertClosures, connection, transaction);
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = batchId });
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid, Value = match.ProposedClosures.Select(c => c.ClinicId).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = match.ProposedClosures.Select(c => c.AdminCode).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = match.ProposedClosures.Select(c => c.Name).ToArray() });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await AuditWriter.AppendAsync(connection, transaction, new AuditEntry(actor, "import.stage", "import_batch", batchId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Before: null, After: new { document.Sha256, document.FileName, rows = rows.Count, accepted, needsReview = review, rejected, scope = match?.Scope, proposedClosures = match?.ProposedClosures.Count }, Reason: null), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ImportBatchSummary(batchId, documentId, "staged", rows.Count, accepted, review, rejected);
    }

    private static async Task CopyRowsAsync(NpgsqlConnection connection, long batchId, IReadOnlyList<StagedRow> rows, CancellationToken cancellationToken)
    {
        await using var writer = await connection.BeginBinaryImportAsync(ImportQueries.CopyRows, cancellationToken);
        foreach (var row in rows)
        {
            await writer.StartRowAsync(cancellationToken);
            await writer.WriteAsync(batchId, NpgsqlDbType.Bigint, cancellationToken);
            await writer.WriteAsync(row.RowNumber, NpgsqlDbType.Integer, cancellationToken);
            await WriteNullable(writer, row.Sheet, cancellationToken);
            await writer.WriteAsync(RawJson(row.RawCells), NpgsqlDbType.Jsonb, cancellationToken);
            await writer.WriteAsync(row.Outcome.ToWire(), NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(ReasonsJson(row.Reasons), NpgsqlDbType.Jsonb, cancellationToken);
            await WriteNullable(writer, row.Name, cancellationToken);
            await writer.WriteAsync(row.Kinds.Select(k => k.ToWire()).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
            await WriteNullable(writer, row.Address, cancellationToken);
            await WriteNullable(writer, row.AdminCode, cancellationToken);
            await WriteNullable(writer, row.Province, cancellationToken);
            await WriteNullable(writer, row.City, cancellationToken);
            await WriteNullable(writer, row.District, cancellationToken);
            await writer.WriteAsync(row.Phones.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
            await WriteNullable(writer, row.Hours, cancellationToken);
            await WriteNullable(writer, row.Level, cancellationToken);
            if (row.Location is { } location)
                await writer.WriteAsync(PostgisGeography.ToPoint(location), NpgsqlDbType.Geography, cancellationToken);
            else
                await writer.WriteNullAsync(cancellationToken);
            await WriteNullable(writer, row.LocationCrsIn?.ToWire(), cancellationToken);
            await WriteNullable(writer, row.LocationPrecision?.ToWire(), cancellationToken);
            await WriteNullable(writer, row.LocationMethod, cancellationToken);
            await WriteNullable(writer, row.LocationDetail, cancellationToken);
            if (row.Ocr.Count == 0)
                await writer.WriteNullAsync(cancellationToken);
            else
                await writer.WriteAsync(OcrJson(row.Ocr), NpgsqlDbType.Jsonb, cancellationToken);
            await WriteNullable(writer, row.Match?.Kind.ToWire(), cancellationToken);
            if (row.Match?.ClinicId is { } clinicId)
                await writer.WriteAsync(clinicId, NpgsqlDbType.Uuid, cancellationToken);
            else
                await writer.WriteNullAsync(cancellationToken);
            await writer.WriteAsync(MatchJson.Candidates(row.Match?.Candidates ?? []), NpgsqlDbType.Jsonb, cancellationToken);
            await WriteNullable(writer, row.Match?.Explanation, cancellationToken);
        }
        await writer.CompleteAsync(cancellationToken);
    }

    private static Task WriteNullable(NpgsqlBinaryImporter writer, string? value, CancellationToken cancellationToken) =>
        value is null ? writer.WriteNullAsync(cancellationToken) : writer.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);

    private static string RawJson(IReadOnlyList<KeyValuePair<string, string?>> cells)
    {
        // jsonb keeps one value per key; cells under a repeated header are numbered so nothing is lost.
        var map = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, value) in cells)
        {
            var name = key;
            for (var n = 2; map.ContainsKey(name); n++)
                name = $"{key}#{n}";
            map[name] = value;
        }
        return JsonSerializer.Serialize(map);
    }

    private static string OcrJson(IReadOnlyList<CellEvidence> cells) =>
        JsonSerializer.Serialize(cells.Select(c => new
        {
            column = c.Column, text = c.Text, confidence = c.Confidence, page = c.Page, x = c.X, y = c.Y, width = c.Width, height = c.Height,
        }));

    private static string ReasonsJson(IReadOnlyList<RowReason> reasons) =>
        JsonSerializer.Serialize(reasons.Select(r => new
        {
            code = r.Code,
            field = r.Field,
            message = r.Message,
            severity = r.Severity.ToString().ToLowerInvariant(),
        }));

    private static async Task<ImportBatchSummary?> FindByDocumentAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sha256, string jurisdiction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(ImportQueries.FindBatchByDocument, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = sha256 });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = jurisdiction });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadSummary(reader) : null;
    }

    private static ImportBatchSummary ReadSummary(NpgsqlDataReader r) =>
        new(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetInt32(3), r.GetInt32(4), r.GetInt32(5), r.GetInt32(6));
}

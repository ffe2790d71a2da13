using System.Security.Cryptography;
using ClinicMap.Core.Clinics;
using ClinicMap.Core.Divisions;
using ClinicMap.Core.Imports;
using ClinicMap.Core.Matching;
using ClinicMap.Core.Text;
using ClinicMap.Data.Clinics;
using ClinicMap.Data.Boundaries;
using ClinicMap.Data.Imports;
using ClinicMap.Geocoding.Addresses;
using ClinicMap.Geocoding.Chain;
using ClinicMap.Geocoding.Gazetteer;
using ClinicMap.Import.Ocr;
using ClinicMap.Import.Readers;
using ClinicMap.Import.Stages;
using ClinicMap.Import.Rows;

namespace ClinicMap.Import;

/// <summary>
/// file → read (OCR for images) → understand the table → map columns → OCR checks → clean → divisions → geocode
/// (the geocoder chain) → point-in-county check (when a database is at hand) → duplicates → outcome → match against
/// the published dataset (when a database is at hand: same / new / probable / duplicate, closures proposed) → stage.
/// Between stages the pipeline checks the hand-off: the same rows, in the same order, none lost or added, and
/// no reason removed. Nothing is written until every row has its outcome, and then in one transaction; a file
/// that cannot be read at all is refused with an <see cref="InputRejectedException"/> and nothing is staged.
/// </summary>
public sealed class ImportPipeline(
    IImportStore? store, DivisionGazetteer gazetteer, GeocoderChain? chain = null, BoundaryStore? boundaries = null, IClinicStore? published = null)
{
    private readonly GeocoderChain _chain = chain ?? new GeocoderChain([], null);

    /// <summary>Tried in order; the first whose <see cref="ITableReader.CanRead"/> accepts the file reads it.</summary>
    private static readonly ITableReader[] Readers =
    [
        new ImageTableReader(OcrEnginePool.Shared), new PdfTextReader(OcrEnginePool.Shared), new ExcelReader(), new DocxTableReader(), new HtmlTableReader(),
        new JsonListReader(), new DelimitedTextReader(),
    ];

    /// <summary>Reads and decides every row of <paramref name="path"/>; stages them unless <paramref name="dryRun"/>.</summary>
    /// <exception cref="InputRejectedException">The file cannot be read as a list; nothing was staged.</exception>
    public async Task<ImportResult> RunAsync(string path, ImportOptions options, bool dryRun, CancellationToken cancellationToken = default)
    {
        var fileName = Path.GetFileName(path);
        var info = new FileInfo(path);
        if (!info.Exists)
            throw new InputRejectedException($"{path}: no such file");
        if (info.Length > options.MaxFileBytes)
            throw new InputRejectedException($"{fileName}: {info.Length:N0} bytes is over the {options.MaxFileBytes:N0}-byte limit for one list");
        return await RunAsync(await File.ReadAllBytesAsync(path, cancellationToken), fileName, options, dryRun, cancellationToken);
    }

    /// <summary>
    /// Reads and decides every row of a list held in memory (an upload); <paramref name="fileName"/> is a label for
    /// messages and the source document, never opened. Stages the rows unless <paramref name="dryRun"/>.
    /// </summary>
    /// <exception cref="InputRejectedException">The bytes cannot be read as a list; nothing was staged.</exception>
    public async Task<ImportResult> RunAsync(byte[] bytes, string fileName, ImportOptions options, bool dryRun, CancellationToken cancellationToken = default)
    {
        fileName = UploadName.Display(fileName);
        if (bytes.Length == 0)
            throw new InputRejectedException($"{fileName}: the file is empty (0 bytes)");
        if (bytes.LongLength > options.MaxFileBytes)
            throw new InputRejectedException($"{fileName}: {bytes.LongLength:N0} bytes is over the {options.MaxFileBytes:N0}-byte limit for one list");
        cancellationToken.ThrowIfCancellationRequested();

        var times = new StageTimes();
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var (rawRows, title, publishedOn, notices, pages) = Read(bytes, fileName, options);
        times.Lap("read");
        var document = new NewDocument(sha256, options.Publisher, options.Title ?? title ?? fileName, options.PublishedOn ?? publishedOn, fileName, bytes.LongLength)
        {
            PageImages = pages,
            Jurisdiction = options.Jurisdiction ?? "",
        };
        var decided = await DecideAsync(rawRows, options, title, times, cancellationToken);
        var (rows, match) = await MatchAsync(decided, cancellationToken);
        times.Lap("match");

        // Reading (OCR above all) does not watch the token; a job stopped meanwhile must not stage what it read.
        cancellationToken.ThrowIfCancellationRequested();
        if (dryRun || store is null)
            return new ImportResult(document, rows, notices, null, store is null ? null : await store.FindByDocumentAsync(sha256, options.Jurisdiction ?? "", cancellationToken)) { Match = match, StageTimes = times.Times };
        try
        {
            var batch = await store.StageAsync(document, options.DefaultKind.ToWire(), options.Actor, rows, match, cancellationToken);
            times.Lap("stage");
            return new ImportResult(document, rows, notices, batch, null) { Match = match, StageTimes = times.Times };
        }
        catch (DocumentAlreadyImportedException e)
        {
            return new ImportResult(document, rows, notices, null, e.Existing) { Match = match, StageTimes = times.Times };
        }
    }

    /// <summary>The rows of a file, before the row stages: JSON records as they are, tables through the interpreter.</summary>
    public static (IReadOnlyList<RawRow> Rows, string? Title, DateOnly? PublishedOn, IReadOnlyList<string> Notices, IReadOnlyList<byte[]> PageImages) Read(byte[] bytes, string fileName, ImportOptions options)
    {
        var head = bytes[..Math.Min(bytes.Length, 4096)];
        var reader = Readers.FirstOrDefault(r => r.CanRead(fileName, head))
            ?? throw new InputRejectedException($"{fileName}: unsupported format; ClinicMap reads .csv .tsv .txt .xlsx .xls .html .docx .pdf .json (and images, through OCR)");
        var document = reader.Read(bytes, fileName, options.Encoding);

        var notices = new List<string>(document.Notices ?? []);
        var grids = document.Grids;
        if (options.Sheets.Count > 0)
        {
            var missing = options.Sheets.Where(s => !grids.Any(g => g.Name == s)).ToList();
            if (missing.Count > 0)
                throw new InputRejectedException($"{fileName}: no sheet named {string.Join(", ", missing.Select(m => $"'{m}'"))}; it has {string.Join(", ", grids.Select(g => $"'{g.Name}'"))}");
            grids = grids.Where(g => options.Sheets.Contains(g.Name)).ToList();
        }
        var (tableRows, tableTitle, tableNotices) = new TableInterpreter(new ColumnMapper(options.ColumnOverrides)).Interpret(grids);
        notices.AddRange(tableNotices);
        var rows = document.Records.Concat(tableRows).ToList();
        if (rows.Count == 0)
        {
            throw new InputRejectedException(grids.Count > 0 && document.Records.Count == 0
                ? $"{fileName}: no table with a recognisable header (a row naming the clinic column — 医院名称/机构名称/名称 — and one more such as 地址, 电话 or 区) in the first {TableInterpreter.HeaderSearchRows} rows of {string.Join(", ", grids.Select(g => $"'{g.Name}'"))}"
                : $"{fileName}: no rows found");
        }
        return (rows, document.Title ?? tableTitle, document.PublishedOn ?? DocumentDates.Find(tableTitle), notices, document.PageImages);
    }

    /// <summary>Runs the row stages over already-read rows: O(rows), plus the geocoder chain's calls and one boundary query.</summary>
    /// <param name="times">Where each stage's time is recorded, when the caller wants them.</param>
    public async Task<IReadOnlyList<StagedRow>> DecideAsync(IReadOnlyList<RawRow> rawRows, ImportOptions options, string? documentTitle = null,
        StageTimes? times = null, CancellationToken cancellationToken = default)
    {
        var scopes = new DivisionScope(gazetteer);
        AdminDivision? operatorScope = null;
        if (options.AdminScope is { } code)
            operatorScope = scopes.FromCode(code) ?? throw new ArgumentException($"--admin-code: '{code}' is not a GB/T 2260 division");
        var parser = new AddressParser(gazetteer, TownshipIndex.Embedded);
        object[] stages =
        [
            new OcrStage(() => new OcrCorrector(gazetteer, writable: OcrEnginePool.Shared.Writable)),
            new CleanStage(options.DefaultKind),
            new DivisionStage(new DivisionResolver(gazetteer, parser), gazetteer, scopes, operatorScope, options.Title ?? documentTitle),
            .. options.Jurisdiction is { Length: > 0 } jurisdiction ? [new JurisdictionStage(jurisdiction)] : Array.Empty<object>(),
            new GeocodeStage(_chain, parser, options.Crs),
            .. boundaries is null ? Array.Empty<object>() : [new BoundaryCheckStage(boundaries)],
            new DuplicateStage(),
        ];
        times?.Lap("set up");
        var mapper = new ColumnMapper(options.ColumnOverrides);
        IReadOnlyList<RowDraft> drafts = rawRows.Select(mapper.Map).ToList();
        times?.Lap("map columns");
        foreach (var stage in stages)
        {
            var (name, next) = stage switch
            {
                IRowStage rowStage => (rowStage.Name, rowStage.Run(drafts)),
                IBatchStage batchStage => (batchStage.Name, await batchStage.RunAsync(drafts, cancellationToken)),
                _ => throw new InvalidOperationException($"{stage} is not a stage"),
            };
            CheckHandOff(name, drafts, next);
            drafts = next;
            times?.Lap(name);
        }
        return drafts.Select(OutcomeDecider.Decide).ToList();
    }

    /// <summary>
    /// Measures the decided rows against the current published version (<see cref="ClinicMatcher"/>): probable
    /// matches and duplicates go to review with the candidates named; the batch's scope and its closure proposals
    /// come back beside the rows. Without a published store the rows are returned as they are.
    /// </summary>
    public async Task<(IReadOnlyList<StagedRow> Rows, BatchMatchInfo? Match)> MatchAsync(IReadOnlyList<StagedRow> rows, CancellationToken cancellationToken = default)
    {
        if (published is null)
            return (rows, null);
        var current = await published.CurrentVersionAsync(cancellationToken);
        var clinics = current is null ? [] : await published.ListAsync(current.Version, string.Empty, cancellationToken);
        var codes = rows.Where(r => r.Outcome != RowOutcome.Rejected && AdminCode.IsWellFormed(r.AdminCode)).Select(r => r.AdminCode!).ToList();
        var scope = ClinicMatcher.ScopeOf(codes);
        var batch = ClinicMatcher.Match(rows, clinics, scope);
        var byId = clinics.ToDictionary(c => c.Id);
        // A list with no placeable row speaks for no part of the country: it proposes no closures.
        var closures = codes.Count == 0 ? [] : batch.ProposedClosures.Select(id => new ProposedClosure(id, byId[id].AdminCode, byId[id].Name)).ToList();
        var matched = rows.Select(row => batch.Rows.TryGetValue(row.RowNumber, out var m) ? WithMatch(row, m) : row).ToList();
        return (matched, new BatchMatchInfo(scope, current?.Version, closures));
    }

    private static StagedRow WithMatch(StagedRow row, RowMatch match)
    {
        var reason = match.Kind switch
        {
            MatchKind.Probable => new RowReason("match.probable", "name", $"{row.Name}: {match.Explanation}; merge it with one of the candidates or split it off as a new clinic", ReasonSeverity.Review),
            MatchKind.Duplicate => new RowReason("match.duplicate", "name", $"{row.Name}: {match.Explanation}", ReasonSeverity.Review),
            _ => null,
        };
        if (reason is null || row.Reasons.Any(r => r.Code == reason.Code))
            return row with { Match = match };
        return row with
        {
            Match = match,
            Reasons = [.. row.Reasons, reason],
            Outcome = row.Outcome == RowOutcome.Accepted ? RowOutcome.NeedsReview : row.Outcome,
        };
    }

    private static void CheckHandOff(string stage, IReadOnlyList<RowDraft> before, IReadOnlyList<RowDraft> after)
    {
        if (after.Count != before.Count)
            throw new InvalidOperationException($"stage '{stage}' returned {after.Count} rows for {before.Count}");
        for (var i = 0; i < before.Count; i++)
        {
            if (!ReferenceEquals(after[i].Raw, before[i].Raw))
                throw new InvalidOperationException($"stage '{stage}' reordered or replaced row {before[i].Raw.RowNumber}");
            if (after[i].Reasons.Count < before[i].Reasons.Count)
                throw new InvalidOperationException($"stage '{stage}' dropped a reason of row {before[i].Raw.RowNumber}");
        }
    }
}

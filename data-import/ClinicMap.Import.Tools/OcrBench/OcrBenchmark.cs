using System.Diagnostics;
using System.Text.Json;
using ClinicMap.Core.Clinics;
using ClinicMap.Core.Imports;
using ClinicMap.Core.Text;
using ClinicMap.Geocoding.Gazetteer;
using ClinicMap.Import.Ocr;
using ClinicMap.Import.Ocr.Engine;
using ClinicMap.Import.Pipeline;
using ClinicMap.Import.Rows;

namespace ClinicMap.Import.Tools.OcrBench;

/// <summary>
/// Field-level accuracy of the image path on a folder of rendered pages (scripts/ocr-bench/render.py, a fresh draw
/// each run): each image's (or scanned PDF's) rows go through the same reader, table interpreter and row stages as
/// any import, and the ground truth beside it goes through the same stages from text, so both sides are compared
/// after the same cleaning. Only the fields a page shows are scored. A field is exact when name, address or phones
/// match; a wrong field is <em>flagged</em> when its row carries a review reason for that field (it would go to
/// review), otherwise it is an undetected error. Right fields sent to review anyway are counted too: they are the
/// reviewers' extra work; and so are the rows accepted without review among those whose division the row itself
/// settles (the truth's row is accepted). A page refused as holding no table counts all its fields wrong. The
/// engines are loaded before the first page is timed (<see cref="LoadSeconds"/>), as a running service has them loaded.
/// </summary>
public sealed class OcrBenchmark(DivisionGazetteer gazetteer)
{
    private static readonly ImportOptions Options = new("benchmark", "发热门诊名单", null, ClinicKind.FeverClinic, "bench");
    private static readonly string[] Fields = ["name", "address", "phone"];
    private static readonly string[] Pages = [".png", ".jpg", ".pdf"];

    /// <summary>Exact and scored fields of one kind.</summary>
    public readonly record struct Score(int Exact, int Fields)
    {
        public double Percent => Fields == 0 ? 0 : 100.0 * Exact / Fields;

        public static Score operator +(Score a, Score b) => new(a.Exact + b.Exact, a.Fields + b.Fields);
    }

    /// <summary>Totals for one set of pages (<c>clean</c>, <c>degraded</c>, <c>scanned</c>).</summary>
    public sealed record Tally(string Set, int Pages, int Fields, int Exact, int Flagged, int Undetected, int MissingRows, double Seconds, int ExactButFlagged = 0, double CpuSeconds = 0)
    {
        public Score Name { get; init; }

        public Score Address { get; init; }

        public Score Phone { get; init; }

        /// <summary>Rows accepted without review, of the rows whose division the row settles.</summary>
        public Score Accepted { get; init; }

        /// <summary>Pages (or PDFs) refused as holding no table.</summary>
        public int Refused { get; init; }

        /// <summary>Phone fields each engine's own reading of the cell gets right, by model, of the phone cells read by OCR.</summary>
        public IReadOnlyDictionary<string, Score> PhoneReaders { get; init; } = new Dictionary<string, Score>();

        public double Accuracy => Fields == 0 ? 0 : 100.0 * Exact / Fields;

        public double UndetectedRate => Fields == 0 ? 0 : 100.0 * Undetected / Fields;

        public double SecondsPerPage => Pages == 0 ? 0 : Seconds / Pages;

        /// <summary>
        /// Processor time a page, on all cores together: steadier than <see cref="SecondsPerPage"/> on a shared
        /// machine, where the same pages take ±0.5 s from one run to the next.
        /// </summary>
        public double CpuSecondsPerPage => Pages == 0 ? 0 : CpuSeconds / Pages;
    }

    /// <summary>Seconds the engines took to load before the first page (once per process, as a running service pays it), not counted in any page's time.</summary>
    public double LoadSeconds { get; private set; }

    public IReadOnlyList<Tally> Run(string folder, TextWriter log)
    {
        var pipeline = PipelineFactory.Create(new PipelineParts(gazetteer));
        var load = Stopwatch.StartNew();
        OcrEnginePool.Shared.Warm(OcrEnginePool.Models, OcrPageReader.Workers);
        _ = PaddleModels.Shared;
        LoadSeconds = load.Elapsed.TotalSeconds;
        var tallies = new Dictionary<string, Tally>();
        foreach (var image in Directory.GetFiles(folder).Where(f => Pages.Any(e => f.EndsWith(e, StringComparison.Ordinal))).Order(StringComparer.Ordinal))
        {
            var set = Path.GetFileName(image).Split('-')[0];
            var page = Measure(pipeline, image, log);
            var previous = tallies.GetValueOrDefault(set) ?? new Tally(set, 0, 0, 0, 0, 0, 0, 0);
            tallies[set] = previous with
            {
                Pages = previous.Pages + page.Pages, Fields = previous.Fields + page.Fields, Exact = previous.Exact + page.Exact, Flagged = previous.Flagged + page.Flagged,
                Undetected = previous.Undetected + page.Undetected, ExactButFlagged = previous.ExactButFlagged + page.ExactButFlagged,
                MissingRows = previous.MissingRows + page.MissingRows, Seconds = previous.Seconds + page.Seconds, CpuSeconds = previous.CpuSeconds + page.CpuSeconds,
                Name = previous.Name + page.Name, Address = previous.Address + page.Address, Phone = previous.Phone + page.Phone,
                Accepted = previous.Accepted + page.Accepted, Refused = previous.Refused + page.Refused,
                PhoneReaders = previous.PhoneReaders.Concat(page.PhoneReaders).GroupBy(p => p.Key, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => g.Aggregate(new Score(), (sum, p) => sum + p.Value), StringComparer.Ordinal),
            };
        }
        return tallies.Values.OrderBy(t => t.Set, StringComparer.Ordinal).ToList();
    }

    /// <summary>One page (or PDF) read as an import reads it and scored against its truth.</summary>
    private static Tally Measure(ImportPipeline pipeline, string image, TextWriter log)
    {
        var name = Path.GetFileNameWithoutExtension(image);
        var truth = JsonSerializer.Deserialize<List<Dictionary<string, string>>>(File.ReadAllText(Path.ChangeExtension(image, ".json")))!;
        var clock = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        List<StagedRow> read;
        IReadOnlyList<RawRow> raw = [];
        var (pages, refused) = (1, 0);
        try
        {
            var extracted = pipeline.ReadAsync(File.ReadAllBytes(image), Path.GetFileName(image), Options).GetAwaiter().GetResult();
            pages = Math.Max(1, extracted.PageImages.Count);
            raw = extracted.Rows;
            read = pipeline.DecideAsync(extracted.Rows, Options, extracted.Title).GetAwaiter().GetResult().Where(r => r.Name is not null && !r.Reasons.Any(x => x.Code.StartsWith("row.", StringComparison.Ordinal) && x.Severity == ReasonSeverity.Reject)).ToList();
        }
        catch (InputRejectedException e)
        {
            log.WriteLine($"{name}: {e.Message}");
            (read, refused) = ([], 1);
        }
        var seconds = clock.Elapsed.TotalSeconds;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        var expected = pipeline.DecideAsync(truth.Select((t, i) => new RawRow(i + 1, null, Cells(t))).ToList(), Options).GetAwaiter().GetResult();

        int fields = 0, exact = 0, flagged = 0, undetected = 0, exactButFlagged = 0;
        var scores = Fields.ToDictionary(f => f, _ => new Score());
        var accepted = new Score();
        var phoneReaders = new Dictionary<string, Score>(StringComparer.Ordinal);
        var rawRows = raw.GroupBy(r => (r.Sheet, r.RowNumber)).ToDictionary(g => g.Key, g => g.First());
        var matched = Align(expected, read);
        for (var i = 0; i < expected.Count; i++)
        {
            var got = matched[i] is { } m ? read[m] : null;
            if (expected[i].Outcome == RowOutcome.Accepted)
            {
                accepted += new Score(got?.Outcome == RowOutcome.Accepted ? 1 : 0, 1);
                if (got is { Outcome: not RowOutcome.Accepted })
                    log.WriteLine($"{name} row {i + 1}: not accepted ({string.Join("; ", got.Reasons.Where(r => r.Severity >= ReasonSeverity.Review).Select(r => $"{r.Code} {r.Field}"))})");
            }
            if (got is not null && truth[i].ContainsKey("phone") && rawRows.GetValueOrDefault((got.Sheet, got.RowNumber)) is { } source)
            {
                foreach (var reading in PhoneReadings(source))
                    phoneReaders[reading.Model] = phoneReaders.GetValueOrDefault(reading.Model) + new Score(Phones(reading.Text) == Value(expected[i], "phone") ? 1 : 0, 1);
            }
            foreach (var field in Fields.Where(truth[i].ContainsKey))
            {
                fields++;
                var want = Value(expected[i], field);
                var have = got is null ? null : Value(got, field);
                var sentToReview = got is not null && got.Reasons.Any(r => r.Field == field && r.Severity >= ReasonSeverity.Review);
                scores[field] += new Score(want == have ? 1 : 0, 1);
                if (want == have)
                {
                    exact++;
                    exactButFlagged += sentToReview ? 1 : 0;
                    if (sentToReview)
                        log.WriteLine($"{name} row {i + 1} {field}: right but sent to review ({string.Join("; ", got!.Reasons.Where(r => r.Field == field && r.Severity >= ReasonSeverity.Review).Select(r => r.Message))})");
                }
                else if (sentToReview)
                {
                    flagged++;
                    log.WriteLine($"{name} row {i + 1} {field}: expected '{want}', read '{have}' (flagged for review)");
                }
                else
                {
                    undetected++;
                    log.WriteLine($"{name} row {i + 1} {field}: expected '{want}', read '{have}'");
                }
            }
        }
        return new Tally("", pages, fields, exact, flagged, undetected, matched.Count(m => m is null), seconds, exactButFlagged, cpuSeconds)
        {
            Name = scores["name"], Address = scores["address"], Phone = scores["phone"], Accepted = accepted, Refused = refused, PhoneReaders = phoneReaders,
        };
    }

    /// <summary>Each engine's own reading of a row's phone cell, when OCR read it.</summary>
    private static IEnumerable<EngineReading> PhoneReadings(RawRow row)
    {
        var column = row.Columns?.ToList().IndexOf(Field.Phone) ?? -1;
        return column >= 0 && row.Evidence is { } evidence && column < evidence.Count && evidence[column]?.Readings is { } readings ? readings : [];
    }

    /// <summary>A reading's phone numbers as the pipeline writes them.</summary>
    private static string Phones(string text) => string.Join(" ", PhoneNormalizer.Parse(text).Phones);

    /// <summary>
    /// Which read row stands for each expected row (<c>null</c>: lost), in order: the alignment of the two lists of
    /// names that agrees most (each pair scores the share of characters its names have in common, a row left
    /// unmatched scores nothing). A lost or split row then costs its own fields, not those of every row after it.
    /// </summary>
    private static int?[] Align(IReadOnlyList<StagedRow> expected, List<StagedRow> read)
    {
        static double Likeness(string? a, string? b)
        {
            if (a is null || b is null)
                return 0;
            var longer = Math.Max(a.Length, b.Length);
            return longer == 0 ? 0 : 1 - TextDistance.EditDistance(a, b, longer) / (double)longer;
        }
        var (n, m) = (expected.Count, read.Count);
        var best = new double[n + 1, m + 1];
        for (var i = 1; i <= n; i++)
        {
            for (var j = 1; j <= m; j++)
                best[i, j] = Math.Max(Math.Max(best[i - 1, j], best[i, j - 1]), best[i - 1, j - 1] + Likeness(expected[i - 1].Name, read[j - 1].Name));
        }
        var matched = new int?[n];
        for (int i = n, j = m; i > 0 && j > 0;)
        {
            if (best[i, j] == best[i - 1, j])
                i--;
            else if (best[i, j] == best[i, j - 1])
                j--;
            else
            {
                matched[i - 1] = j - 1;
                (i, j) = (i - 1, j - 1);
            }
        }
        return matched;
    }

    /// <summary>The truth's row as the cells of a list with the same columns.</summary>
    private static List<KeyValuePair<string, string?>> Cells(Dictionary<string, string> truth)
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["city"] = "市", ["county"] = "区县", ["name"] = "医院名称", ["address"] = "地址", ["phone"] = "联系电话",
        };
        return headers.Where(h => truth.ContainsKey(h.Key)).Select(h => new KeyValuePair<string, string?>(h.Value, truth[h.Key])).ToList();
    }

    private static string? Value(StagedRow row, string field) => field switch
    {
        "name" => row.Name,
        "address" => row.Address,
        _ => string.Join(" ", row.Phones),
    };
}

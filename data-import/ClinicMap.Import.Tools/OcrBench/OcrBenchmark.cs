using System.Diagnostics;
using System.Text.Json;
using ClinicMap.Core.Clinics;
using ClinicMap.Core.Imports;
using ClinicMap.Geocoding.Gazetteer;
using ClinicMap.Import.Ocr;
using ClinicMap.Import.Ocr.Engine;
using ClinicMap.Import.Pipeline;
using ClinicMap.Import.Rows;

namespace ClinicMap.Import.Tools.OcrBench;

/// <summary>
/// Field-level accuracy of the image path on a folder of rendered pages (scripts/ocr-bench/render.py): each image's
/// (or scanned PDF's) rows go through the same reader, table interpreter and row stages as any import, and the ground truth beside it
/// goes through the same stages from text, so both sides are compared after the same cleaning. A field is exact when
/// name, address or phones match; a wrong field is <em>flagged</em> when its row carries an OCR or phone reason for
/// that field (it would go to review), otherwise it is an undetected error. Right fields sent to review anyway are
/// counted too: they are the reviewers' extra work. The engines are loaded before the first page is timed
/// (<see cref="LoadSeconds"/>), as a running service has them loaded.
/// </summary>
public sealed class OcrBenchmark(DivisionGazetteer gazetteer)
{
    private static readonly ImportOptions Options = new("benchmark", "发热门诊名单", null, ClinicKind.FeverClinic, "bench");
    private static readonly string[] Fields = ["name", "address", "phone"];
    private static readonly string[] Pages = [".png", ".jpg", ".pdf"];

    /// <summary>Totals for one set of pages (<c>clean</c>/<c>degraded</c>, ruled/unruled).</summary>
    public sealed record Tally(string Set, int Pages, int Fields, int Exact, int Flagged, int Undetected, int MissingRows, double Seconds, int ExactButFlagged = 0, double CpuSeconds = 0)
    {
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
            var name = Path.GetFileNameWithoutExtension(image);
            var set = string.Join('-', name.Split('-').Take(2));
            var truth = JsonSerializer.Deserialize<List<Dictionary<string, string>>>(File.ReadAllText(Path.ChangeExtension(image, ".json")))!;
            var clock = Stopwatch.StartNew();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            List<StagedRow> read;
            var pages = 1;
            try
            {
                var extracted = pipeline.ReadAsync(File.ReadAllBytes(image), Path.GetFileName(image), Options).GetAwaiter().GetResult();
                pages = Math.Max(1, extracted.PageImages.Count);
                read = pipeline.DecideAsync(extracted.Rows, Options, extracted.Title).GetAwaiter().GetResult().Where(r => r.Name is not null && !r.Reasons.Any(x => x.Code.StartsWith("row.", StringComparison.Ordinal) && x.Severity == ReasonSeverity.Reject)).ToList();
            }
            catch (InputRejectedException e)
            {
                log.WriteLine($"{name}: {e.Message}");
                read = [];
            }
            var seconds = clock.Elapsed.TotalSeconds;
            var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            var expected = pipeline.DecideAsync(truth.Select((t, i) => new RawRow(i + 1, null, [new("医院名称", t["name"]), new("地址", t["address"]), new("联系电话", t["phone"])])).ToList(), Options).GetAwaiter().GetResult();

            int fields = 0, exact = 0, flagged = 0, undetected = 0, exactButFlagged = 0;
            for (var i = 0; i < expected.Count; i++)
            {
                var got = i < read.Count ? read[i] : null;
                foreach (var field in Fields)
                {
                    fields++;
                    var want = Value(expected[i], field);
                    var have = got is null ? null : Value(got, field);
                    var sentToReview = got is not null && got.Reasons.Any(r => r.Field == field && r.Severity >= ReasonSeverity.Review);
                    if (want == have)
                    {
                        exact++;
                        exactButFlagged += sentToReview ? 1 : 0;
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
            var previous = tallies.GetValueOrDefault(set) ?? new Tally(set, 0, 0, 0, 0, 0, 0, 0);
            tallies[set] = previous with
            {
                Pages = previous.Pages + pages, Fields = previous.Fields + fields, Exact = previous.Exact + exact, Flagged = previous.Flagged + flagged,
                Undetected = previous.Undetected + undetected, ExactButFlagged = previous.ExactButFlagged + exactButFlagged, MissingRows = previous.MissingRows + Math.Max(0, expected.Count - read.Count), Seconds = previous.Seconds + seconds,
                CpuSeconds = previous.CpuSeconds + cpuSeconds,
            };
        }
        return tallies.Values.OrderBy(t => t.Set, StringComparer.Ordinal).ToList();
    }

    private static string? Value(StagedRow row, string field) => field switch
    {
        "name" => row.Name,
        "address" => row.Address,
        _ => string.Join(" ", row.Phones),
    };
}

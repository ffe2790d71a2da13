using System.CommandLine;
using System.Globalization;
using ClinicMap.Geocoding.Gazetteer;
using ClinicMap.Import.Ocr;

using ClinicMap.Import.Cli;
using ClinicMap.Import.Tools.OcrBench;
using ClinicMap.Import.Ocr.Engine;

namespace ClinicMap.Import.Tools.Cli;

/// <summary><c>clinicmap-tools ocr-bench DIR</c>: field accuracy and seconds per page on rendered pages with ground truth (run by scripts/bench.sh).</summary>
internal static class OcrBenchCommand
{
    public static Command Build()
    {
        var folder = new Argument<DirectoryInfo>("DIR") { Description = "pages rendered by scripts/ocr-bench/render.py, each with its .json ground truth" };
        var command = new Command("ocr-bench", "measure OCR field accuracy on rendered pages") { folder };
        command.SetAction(parse =>
        {
            var benchmark = new OcrBenchmark(DivisionGazetteer.Embedded);
            var tallies = benchmark.Run(parse.GetValue(folder)!.FullName, Console.Error);
            var i = CultureInfo.InvariantCulture;
            Console.WriteLine(string.Create(i, $"OCR engines ({OcrPageReader.Workers} of each of {OcrEnginePool.Models.Count} models) loaded in {benchmark.LoadSeconds:0.00} s, once, before the first page; not counted in the seconds per page"));
            foreach (var t in tallies)
            {
                Console.WriteLine(string.Create(i, $"{t.Set}: {t.Pages} pages ({t.Refused} refused), {t.Fields} fields, exact {t.Exact} ({t.Accuracy:0.0}%): names {t.Name.Exact}/{t.Name.Fields}, addresses {t.Address.Exact}/{t.Address.Fields}, phones {t.Phone.Exact}/{t.Phone.Fields}; wrong but flagged {t.Flagged}, undetected {t.Undetected} ({t.UndetectedRate:0.00}%), right but sent to review {t.ExactButFlagged}, rows accepted without review {t.Accepted.Exact}/{t.Accepted.Fields}, rows missing {t.MissingRows}, {t.SecondsPerPage:0.00} s/page ({t.CpuSecondsPerPage:0.00} s of processor time)"));
            }
            foreach (var t in tallies)
            {
                var key = t.Set.Replace('-', '_');
                Console.WriteLine(string.Create(i, $"ocr_{key}_name_exact: {t.Name.Percent:0.0} %"));
                Console.WriteLine(string.Create(i, $"ocr_{key}_address_exact: {t.Address.Percent:0.0} %"));
                Console.WriteLine(string.Create(i, $"ocr_{key}_phone_exact: {t.Phone.Percent:0.0} %"));
                foreach (var (model, score) in t.PhoneReaders.OrderBy(p => p.Key, StringComparer.Ordinal))
                    Console.WriteLine(string.Create(i, $"ocr_{key}_phone_read_right_by_{model}: {score.Percent:0.0} % ({score.Exact}/{score.Fields})"));
                Console.WriteLine(string.Create(i, $"ocr_{key}_undetected_errors: {t.UndetectedRate:0.00} %"));
                Console.WriteLine(string.Create(i, $"ocr_{key}_rows_accepted: {t.Accepted.Percent:0.0} %"));
                Console.WriteLine(string.Create(i, $"ocr_{key}_pages_refused: {t.Refused}"));
                Console.WriteLine(string.Create(i, $"ocr_{key}_seconds_per_page: {t.SecondsPerPage:0.00} s"));
                Console.WriteLine(string.Create(i, $"ocr_{key}_processor_seconds_per_page: {t.CpuSecondsPerPage:0.00} s"));
            }
            return ExitCodes.Success;
        });
        return command;
    }
}

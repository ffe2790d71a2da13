using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using ClinicMap.Import.Ocr;
using ClinicMap.Import.Ocr.Engine;
using ClinicMap.Import.Readers;
using ClinicMap.Import.Rows;
using CsvHelper;

namespace ClinicMap.Import.Cli;

/// <summary>
/// <c>clinicmap-import ocr FILE</c>: prints the table recognised in an image or scanned PDF as CSV on stdout —
/// for every column its text and then its confidence (0–100, empty for a blank cell) — and the time taken on stderr.
/// </summary>
internal static class OcrCommand
{
    public static Command Build()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "an image (PNG, JPEG, TIFF …) or a scanned PDF" };
        var command = new Command("ocr", "recognise the table in an image or scanned PDF and print it as CSV with per-cell confidence") { file };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            var clock = Stopwatch.StartNew();
            ReadDocument document;
            try
            {
                var bytes = File.ReadAllBytes(path.FullName);
                ITableReader reader = path.Name.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase) ? new PdfTextReader(new OcrPageReader(OcrEnginePool.Shared)) : new ImageTableReader(new OcrPageReader(OcrEnginePool.Shared));
                document = reader.Read(bytes, path.Name, null);
            }
            catch (Exception e) when (e is InputRejectedException or IOException)
            {
                Console.Error.WriteLine($"rejected: {e.Message}");
                return ExitCodes.Failed;
            }
            using var csv = new CsvWriter(Console.Out, CultureInfo.InvariantCulture, leaveOpen: true);
            foreach (var grid in document.Grids)
            {
                foreach (var row in grid.Rows)
                {
                    csv.WriteField(grid.Name);
                    csv.WriteField(row.Number);
                    foreach (var cell in row.Cells)
                    {
                        csv.WriteField(cell.Text ?? "");
                        csv.WriteField(cell.Ocr?.Confidence.ToString(CultureInfo.InvariantCulture) ?? "");
                    }
                    csv.NextRecord();
                }
            }
            csv.Flush();
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{document.Grids.Sum(g => g.Rows.Count)} rows in {clock.Elapsed.TotalSeconds:0.00} s"));
            return ExitCodes.Success;
        });
        return command;
    }
}

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
/// <c>clinicmap-import ocr FILE</c>: prints the table recognised in an image or scanned PDF as CSV on stdout, one line
/// per cell: where it is (grid, row, column), the text chosen and its confidence (0–100), whether it goes to a person
/// and why (the engines disagree, or the text is unsure and no other engine read the same), and each engine's own
/// reading with its confidence — PaddleOCR's first, then Tesseract's. The time taken goes to stderr. The import's
/// corrections against the gazetteer come later (<c>import --dry-run</c> shows their outcome).
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
            PaddleModels.Check();
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
            foreach (var header in Columns)
                csv.WriteField(header);
            csv.NextRecord();
            foreach (var grid in document.Grids)
            {
                foreach (var row in grid.Rows)
                {
                    foreach (var cell in row.Cells)
                    {
                        var ocr = cell.Ocr;
                        csv.WriteField(grid.Name);
                        csv.WriteField(row.Number);
                        csv.WriteField(cell.Column);
                        csv.WriteField(cell.Text ?? "");
                        csv.WriteField(ocr?.Confidence.ToString(CultureInfo.InvariantCulture) ?? "");
                        csv.WriteField(Review(cell.Text, ocr));
                        for (var k = 0; k < 2; k++)
                        {
                            var reading = ocr?.Readings is { } readings && k < readings.Count ? readings[k] : null;
                            csv.WriteField(reading?.Model ?? "");
                            csv.WriteField(reading?.Text ?? "");
                            csv.WriteField(reading?.Confidence.ToString(CultureInfo.InvariantCulture) ?? "");
                        }
                        csv.NextRecord();
                    }
                }
            }
            csv.Flush();
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{document.Grids.Sum(g => g.Rows.Count)} rows in {clock.Elapsed.TotalSeconds:0.00} s"));
            return ExitCodes.Success;
        });
        return command;
    }

    private static readonly string[] Columns =
        ["grid", "row", "column", "text", "confidence", "review", "main_model", "main_text", "main_confidence", "second_model", "second_text", "second_confidence"];

    /// <summary>Whether the OCR stage sends the cell to a person before any correction, and why; empty when it does not.</summary>
    internal static string Review(string? text, OcrEvidence? ocr) => ocr switch
    {
        null => "",
        { Alternatives.Count: > 0 } => "engines disagree",
        _ when text is not null && ocr.Confidence < Pipeline.Stages.OcrStage.MinConfidence => "low confidence",
        _ => "",
    };
}

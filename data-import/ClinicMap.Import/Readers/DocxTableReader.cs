using System.Text;
using ClinicMap.Core.Text;
using ClinicMap.Import.Rows;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace ClinicMap.Import.Readers;

/// <summary>
/// Word attachments (DOCX, OpenXml SDK): every table of the body becomes a <see cref="SourceGrid"/> named
/// <c>table N</c>, with horizontal (gridSpan) and vertical (vMerge) merges expanded; the first paragraph
/// before the first table is the title, and the first date in the paragraphs is the publication date.
/// Legacy .doc files are refused with a message asking for DOCX.
/// </summary>
public sealed class DocxTableReader : ITableReader
{
    public bool CanRead(string fileName, ReadOnlySpan<byte> head) =>
        fileName.EndsWith(".docx", StringComparison.OrdinalIgnoreCase) || fileName.EndsWith(".doc", StringComparison.OrdinalIgnoreCase);

    public ReadDocument Read(byte[] content, string fileName, Encoding? encoding)
    {
        if (fileName.EndsWith(".doc", StringComparison.OrdinalIgnoreCase))
            throw new InputRejectedException($"{fileName}: legacy Word .doc is not read; save it as .docx (or export the table as .xlsx)");
        ZipGuard.Check(content, fileName, "word/document.xml");
        try
        {
            using var document = WordprocessingDocument.Open(new MemoryStream(content, writable: false), isEditable: false);
            var body = document.MainDocumentPart?.Document?.Body
                ?? throw new InputRejectedException($"{fileName}: the Word document has no body");
            var tables = body.Descendants<Table>().Where(t => !t.Ancestors<Table>().Any()).ToList();
            var budget = new CellBudget(fileName);
        var grids = tables.Select((table, i) => new SourceGrid($"table {i + 1}", Layout(table, budget, $"table {i + 1}"))).ToList();
            var paragraphs = body.Elements<Paragraph>().Select(p => TextNormalizer.Clean(p.InnerText)).OfType<string>().ToList();
            var firstTable = tables.FirstOrDefault();
            var title = firstTable is null ? paragraphs.FirstOrDefault()
                : firstTable.ElementsBefore().OfType<Paragraph>().Select(p => TextNormalizer.Clean(p.InnerText)).FirstOrDefault(t => t is not null);
            return ReadDocument.OfGrids(grids, title, DocumentDates.Find(string.Join('\n', paragraphs)));
        }
        catch (Exception e) when (e is not InputRejectedException and not OutOfMemoryException)
        {
            throw new InputRejectedException($"{fileName}: not a readable Word document ({e.GetType().Name}: {e.Message})", e);
        }
    }

    private static IReadOnlyList<GridRow> Layout(Table table, CellBudget budget, string name)
    {
        var builder = new GridBuilder(budget, name);
        var rowNumber = 0;
        foreach (var row in table.Elements<TableRow>())
        {
            rowNumber++;
            foreach (var cell in row.Elements<TableCell>())
            {
                var properties = cell.TableCellProperties;
                var colSpan = properties?.GridSpan?.Val?.Value ?? 1;
                var merge = properties?.VerticalMerge;
                if (merge is not null && (merge.Val is null || merge.Val.Value == MergedCellValues.Continue))
                    builder.ContinueFromAbove(rowNumber, builder.NextColumn(rowNumber), colSpan);
                else
                    builder.Add(rowNumber, TextNormalizer.Clean(string.Join(' ', cell.Elements<Paragraph>().Select(p => p.InnerText))), 1, colSpan);
            }
        }
        return builder.Build();
    }
}

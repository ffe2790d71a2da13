using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using ClinicMap.Core.Text;
using ClinicMap.Import.Rows;

namespace ClinicMap.Import.Readers;

/// <summary>
/// HTML notices (AngleSharp): every innermost &lt;table&gt; becomes a <see cref="SourceGrid"/> named
/// <c>table N</c>, with rowspan/colspan expanded; the notice's heading (or &lt;title&gt;) and the first date in
/// its text outside the tables are picked up as document metadata. The page's own charset declaration is
/// honoured unless the operator overrides the encoding.
/// </summary>
public sealed class HtmlTableReader : ITableReader
{
    public bool CanRead(string fileName, ReadOnlySpan<byte> head) =>
        fileName.EndsWith(".html", StringComparison.OrdinalIgnoreCase) || fileName.EndsWith(".htm", StringComparison.OrdinalIgnoreCase);

    public ReadDocument Read(byte[] content, string fileName, Encoding? encoding)
    {
        var bytes = content;
        var parser = new HtmlParser();
        IHtmlDocument document = encoding is null
            ? parser.ParseDocument(new MemoryStream(bytes, writable: false))
            : parser.ParseDocument(TextDecoding.Decode(bytes, fileName, encoding).Text);
        if (document.Body is null || document.DocumentElement.TextContent.Contains('\0', StringComparison.Ordinal))
            throw new InputRejectedException($"{fileName}: not an HTML document");

        var tables = document.QuerySelectorAll("table").Where(t => t.QuerySelector("table") is null).ToList();
        var budget = new CellBudget(fileName);
        var grids = tables.Select((table, i) => new SourceGrid($"table {i + 1}", Layout(table, budget, $"table {i + 1}"))).ToList();
        var title = TextNormalizer.Clean(document.QuerySelector("h1, h2, .title, .article-title")?.TextContent) ?? TextNormalizer.Clean(document.Title);
        foreach (var table in tables)
            table.Remove();
        var date = DocumentDates.Find(document.Body.TextContent);
        return ReadDocument.OfGrids(grids, title, date);
    }

    private static IReadOnlyList<GridRow> Layout(IElement table, CellBudget budget, string name)
    {
        var builder = new GridBuilder(budget, name);
        var rowNumber = 0;
        foreach (var row in table.QuerySelectorAll("tr").Where(r => r.Closest("table") == table))
        {
            rowNumber++;
            foreach (var cell in row.Children.Where(c => c is IHtmlTableCellElement))
            {
                var span = (IHtmlTableCellElement)cell;
                builder.Add(rowNumber, CellText(cell), Math.Max(1, span.RowSpan), Math.Max(1, span.ColumnSpan));
            }
            if (row.Children.Length == 0)
                builder.Add(rowNumber, null);
        }
        return builder.Build();
    }

    private static string? CellText(IElement cell)
    {
        foreach (var br in cell.QuerySelectorAll("br").ToList())
            br.Replace(cell.Owner!.CreateTextNode(" "));
        return TextNormalizer.Clean(cell.TextContent);
    }
}

using ClinicMap.Import.Ocr.Engine;
using ClinicMap.Import.Ocr.Layout;
using ClinicMap.Import.Ocr.Reading;
using ClinicMap.Import.Rows;

namespace ClinicMap.Import.Ocr;

/// <summary>
/// A ruled table read cell by cell: each region between the rules (a merged region once) is measured for ink,
/// blank ones are not read at all, and the others are recognised on their own, a few pixels inside their bounds, as
/// a single line (or a block when they span rows) — per-cell recognition neither reads rules as text nor glues
/// neighbouring cells together, as whole-page recognition does. Small text is first scaled up twice.
/// </summary>
internal sealed class RuledPage(OcrEnginePool pool, CellReader cells)
{
    /// <summary>Rows lower than this are read scaled up twice.</summary>
    private const int MinRowPixels = 24;

    /// <summary>On a JPEG page, text whose characters are lower than this is read scaled up twice.</summary>
    internal const int MinLossyTextPixels = 24;

    internal const int MinTitleConfidence = 50;

    public (SourceGrid Grid, string? Title)? Read(GrayImage page, RuledTable.Grid grid, string name, int pageNumber, bool lossy)
    {
        var rowHeight = grid.RowRules.Zip(grid.RowRules.Skip(1), (a, b) => b - a).Order().ElementAt(grid.Rows / 2);
        var threshold = page.OtsuThreshold();
        var inked = grid.Regions.Select(r => (Region: r, Ink: Ink.Measure(page, r.X, r.Y, r.Width, r.Height, threshold))).Where(r => !r.Ink.IsBlank).ToList();
        var textHeight = inked.Count == 0 ? rowHeight : inked.Select(r => r.Ink.Height).Order().ElementAt(inked.Count / 2);
        var scale = rowHeight < MinRowPixels || lossy && textHeight < MinLossyTextPixels ? 2 : 1;
        using var scaled = scale == 1 ? null : page.Scale(scale);
        var image = scaled ?? page;
        var title = Title(image, grid, rowHeight, scale);

        var crops = inked.Select(r => new CellCrop(r.Region.Row, r.Region.Column, r.Region.X, r.Region.Y, r.Region.Width, r.Region.Height, r.Region.LastRow > r.Region.Row, r.Ink.IsFilled)).ToList();
        var read = cells.ReadCells(image, scale, crops, pageNumber, lossy);
        var placed = new GridCell?[grid.Rows, grid.Columns];
        for (var i = 0; i < inked.Count; i++)
            Place(placed, inked[i].Region, read[i].Text, read[i].Evidence);
        foreach (var region in grid.Regions.Except(inked.Select(r => r.Region)))
            Place(placed, region, null, null);
        var rows = Enumerable.Range(0, grid.Rows)
            .Select(r => new GridRow(r + 1, Enumerable.Range(0, grid.Columns).Select(c => placed[r, c] ?? new GridCell(c + 1, null)).ToList()))
            .ToList();
        return (new SourceGrid(name, rows), title);
    }

    /// <summary>The notice's title: it usually sits on the lines just above the table, within its width.</summary>
    private string? Title(GrayImage image, RuledTable.Grid grid, int rowHeight, int scale)
    {
        var above = grid.RowRules[0] - grid.RuleThickness - 2;
        if (above <= 20)
            return null;
        using var lease = pool.Rent();
        lease.Engine.SetImage(image);
        var top = Math.Max(0, above - 3 * rowHeight);
        var left = Math.Max(0, grid.ColumnRules[0] - rowHeight);
        var (text, confidence) = lease.Engine.Recognize(left * scale, top * scale, (grid.ColumnRules[^1] - left) * scale, (above - top) * scale, TesseractEngine.SingleBlock);
        return confidence >= MinTitleConfidence ? OcrPageReader.CleanTitle(text) : null;
    }

    private static void Place(GridCell?[,] cells, RuledTable.Region region, string? text, OcrEvidence? evidence)
    {
        for (var r = region.Row; r <= region.LastRow; r++)
        {
            for (var c = region.Column; c <= region.LastColumn; c++)
            {
                var origin = r == region.Row && c == region.Column ? ((int, int)?)null : (region.Row + 1, region.Column + 1);
                cells[r, c] = new GridCell(c + 1, text, origin, evidence);
            }
        }
    }
}

namespace ClinicMap.Import.Rows;

/// <summary>A rectangle of a page image in pixels (origin top-left), and the page it is on (1-based).</summary>
public sealed record CellBox(int Page, int X, int Y, int Width, int Height)
{
    public override string ToString() => $"page {Page} x={X} y={Y} w={Width} h={Height}";
}

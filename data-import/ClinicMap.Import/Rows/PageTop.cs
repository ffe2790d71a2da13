namespace ClinicMap.Import.Rows;

/// <summary>Packs a page number and a vertical position into <see cref="GridRow.Top"/> (page × 100,000 + y points).</summary>
internal static class PageTop
{
    private const double PageStride = 100_000;

    public static double Of(int page, double y) => page * PageStride + y;

    public static int Page(this double top) => (int)(top / PageStride);

    public static double Y(this double top) => top % PageStride;
}

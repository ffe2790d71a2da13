using System.IO.Compression;
using ClinicMap.Core.Geography;
using ClinicMap.Geocoding.Gazetteer;
using ClinicMap.Import.Tools.Gazetteer;
using NetTopologySuite.IO;

namespace ClinicMap.Import.Tools.Tests.Gazetteer;

public class MainlandMaskBuilderTests
{
    private static Func<double, double, bool> Build(int grow, params string[] wkt) => Build(grow, [], wkt);

    private static Func<double, double, bool> Build(int grow, string[] keepOut, params string[] wkt)
    {
        var reader = new WKTReader();
        using var raw = new MemoryStream();
        MainlandMaskBuilder.Write(raw, wkt.Select(w => reader.Read(w)), grow, keepOut.Select(w => reader.Read(w)));
        return MainlandMask.Read(new MemoryStream(raw.ToArray()));
    }

    [Fact]
    public void APolygonWithAHoleIsFilledExceptItsHole()
    {
        var contains = Build(0, "POLYGON ((100 30, 102 30, 102 32, 100 32, 100 30), (100.5 30.5, 101.5 30.5, 101.5 31.5, 100.5 31.5, 100.5 30.5))");

        Assert.True(contains(30.2, 100.2));
        Assert.True(contains(31.9, 101.9));
        Assert.False(contains(31.0, 101.0));
        Assert.False(contains(29.9, 101.0));
        Assert.False(contains(31.0, 102.1));
    }

    [Fact]
    public void GrowingWidensTheOutlineByWholeCells()
    {
        var tight = Build(0, "POLYGON ((100 30, 102 30, 102 32, 100 32, 100 30))");
        var grown = Build(2, "POLYGON ((100 30, 102 30, 102 32, 100 32, 100 30))");
        var justOutside = 102 + 1.5 * MainlandMask.FineDegrees;

        Assert.False(tight(31, justOutside));
        Assert.True(grown(31, justOutside));
        Assert.False(grown(31, 102 + 3.5 * MainlandMask.FineDegrees));
    }

    [Fact]
    public void AnIslandSmallerThanACellIsKept()
    {
        var f = MainlandMask.FineDegrees;
        // A triangle inside one fine cell that does not cover the cell's centre.
        var x = 110 + 0.1 * f;
        var y = 20 + 0.1 * f;
        var contains = Build(0, FormattableString.Invariant($"POLYGON (({x} {y}, {x + 0.2 * f} {y}, {x} {y + 0.2 * f}, {x} {y}))"));

        Assert.True(contains(20 + 0.5 * f, 110 + 0.5 * f));
        Assert.False(contains(20 + 1.5 * f, 110 + 0.5 * f));
    }

    [Fact]
    public void GrowthStopsAtAKeepOutAreaButTheShapeStillFillsIt()
    {
        var f = MainlandMask.FineDegrees;
        var grown = Build(2, ["POLYGON ((101.5 30, 103 30, 103 32, 101.5 32, 101.5 30))"], "POLYGON ((100 30, 102 30, 102 32, 100 32, 100 30))");

        Assert.True(grown(31, 101.8));
        Assert.False(grown(31, 102 + 1.5 * f));
        Assert.True(grown(32 + 1.5 * f, 100.5));
    }

    [Fact]
    public void TheEmbeddedOutlineIsTheOneTheEmbeddedBoundariesBuild()
    {
        using var rebuilt = new MemoryStream();
        using (var boundaries = GazetteerExtraFiles.OpenEmbeddedBoundaries())
            MainlandMaskBuilder.WriteMainland(rebuilt, GazetteerExtraFiles.ReadBoundaries(boundaries));
        using var embedded = new MemoryStream();
        using (var resource = typeof(MainlandMask).Assembly.GetManifestResourceStream("Geography/mainland-mask.bin.gz")!)
        using (var gzip = new GZipStream(resource, CompressionMode.Decompress))
            gzip.CopyTo(embedded);

        Assert.True(rebuilt.ToArray().AsSpan().SequenceEqual(embedded.ToArray()),
            "src/ClinicMap.Core/Geography/Data/mainland-mask.bin.gz is stale: run clinicmap-tools gazetteer mask");
    }
}

using ClinicMap.Core.Divisions;
using ClinicMap.Core.Geography;
using ClinicMap.Import.Tools.Gazetteer;

namespace ClinicMap.Import.Tools.Tests.Gazetteer;

public class TownshipCentresTests
{
    private static readonly GeoPoint Jingshan = new(39.926781, 116.410575, CoordinateSystem.Gcj02);
    private static readonly GeoPoint Other = new(39.944171, 116.413073, CoordinateSystem.Gcj02);

    [Fact]
    public void ATownshipTakesTheCentreOfItsCodeWhenTheNamesAgreeConvertedToWgs84()
    {
        var (towns, tally) = TownshipCentres.Assign([new Township("110101002", "110101", "景山街道")], [new("110101002", "110101", "景山街道办事处", Jingshan)]);

        var centre = Assert.Single(towns).Centre!.Value;
        Assert.Equal(CoordinateSystem.Wgs84, centre.Crs);
        Assert.Equal(Jingshan.To(CoordinateSystem.Wgs84), centre);
        Assert.InRange(Geodesic.DistanceMeters(centre, Jingshan.To(CoordinateSystem.Wgs84)), 0, 0.01);
        Assert.InRange(Geodesic.DistanceMeters(centre, new GeoPoint(Jingshan.Latitude, Jingshan.Longitude)), 100, 1_000);
        Assert.Equal(new TownshipCentres.Tally(1, 0, 0), tally);
    }

    [Fact]
    public void ARenumberedTownshipIsFoundByItsNameInItsCountyAndOnlyThere()
    {
        var (towns, tally) = TownshipCentres.Assign(
            [new Township("110101099", "110101", "景山街道"), new Township("110102099", "110102", "景山街道")],
            [new("110101002", "110101", "景山街道办事处", Jingshan)]);

        Assert.NotNull(towns[0].Centre);
        Assert.Null(towns[1].Centre);
        Assert.Equal(new TownshipCentres.Tally(0, 1, 1), tally);
    }

    [Fact]
    public void ACodeWhoseNamesDisagreeOrANameFoundTwiceGivesNoCentre()
    {
        var (towns, tally) = TownshipCentres.Assign(
            [new Township("110101002", "110101", "新街道"), new Township("110101003", "110101", "双名镇")],
            [new("110101002", "110101", "景山街道办事处", Jingshan), new("110101007", "110101", "双名镇", Jingshan), new("110101008", "110101", "双名镇", Other)]);

        Assert.All(towns, t => Assert.Null(t.Centre));
        Assert.Equal(new TownshipCentres.Tally(0, 0, 2), tally);
    }
}

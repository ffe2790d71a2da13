using ClinicMap.Core.Geography;

namespace ClinicMap.Core.Tests.Geography;

public class MainlandMaskTests
{
    [Theory]
    [InlineData(39.9042, 116.4074)] // Beijing
    [InlineData(22.5431, 114.0579)] // Shenzhen Futian, 2 km from Hong Kong
    [InlineData(22.2220, 113.5500)] // Zhuhai Gongbei, beside Macau
    [InlineData(40.1290, 124.3830)] // Dandong, on the Yalu
    [InlineData(22.5100, 103.9500)] // Hekou, on the Vietnamese border
    [InlineData(44.2100, 80.4200)]  // Khorgos, on the Kazakh border
    [InlineData(52.9700, 122.5400)] // Mohe, the northernmost county seat
    [InlineData(29.6500, 91.1000)]  // Lhasa
    [InlineData(39.4700, 75.9900)]  // Kashgar
    [InlineData(18.2500, 109.5100)] // Sanya
    [InlineData(30.0100, 122.1000)] // Zhoushan islands
    [InlineData(16.8335, 112.3338)] // Sansha, Yongxing Island
    public void MainlandPlacesAreInside(double lat, double lon) => Assert.True(MainlandMask.Contains(lat, lon));

    [Theory]
    [InlineData(22.2819, 114.1582)] // Hong Kong, Central
    [InlineData(22.4450, 114.0220)] // Hong Kong, Yuen Long
    [InlineData(22.1987, 113.5439)] // Macau
    [InlineData(25.0330, 121.5654)] // Taipei
    [InlineData(22.6273, 120.3014)] // Kaohsiung
    [InlineData(37.5665, 126.9780)] // Seoul
    [InlineData(39.0392, 125.7625)] // Pyongyang
    [InlineData(21.0278, 105.8342)] // Hanoi
    [InlineData(47.9184, 106.9177)] // Ulaanbaatar
    [InlineData(43.2380, 76.9450)]  // Almaty
    [InlineData(27.7172, 85.3240)]  // Kathmandu
    [InlineData(43.1155, 131.8855)] // Vladivostok
    [InlineData(35.6762, 139.6503)] // Tokyo, outside the raster
    [InlineData(-33.8568, 151.2153)] // Sydney, outside the raster
    public void PlacesOutsideTheMainlandAreOutside(double lat, double lon) => Assert.False(MainlandMask.Contains(lat, lon));

    [Fact]
    public void ARasterIsReadInTheBuildersLayout()
    {
        // One mixed coarse cell (the first) whose tile sets only the bit of fine row 1, column 2.
        var raw = new byte[MainlandMask.CoarseRows * MainlandMask.CoarseColumns + MainlandMask.TileBytes];
        raw[0] = MainlandMask.Mixed;
        raw[1] = MainlandMask.Inside;
        var bit = 1 * MainlandMask.TileCells + 2;
        raw[MainlandMask.CoarseRows * MainlandMask.CoarseColumns + bit / 8] = (byte)(1 << (bit % 8));

        var contains = MainlandMask.Read(new MemoryStream(raw));

        var f = MainlandMask.FineDegrees;
        Assert.True(contains(MainlandMask.South + 1.5 * f, MainlandMask.West + 2.5 * f));
        Assert.False(contains(MainlandMask.South + 1.5 * f, MainlandMask.West + 3.5 * f));
        Assert.True(contains(MainlandMask.South + 0.1, MainlandMask.West + MainlandMask.CoarseDegrees + 0.1));
        Assert.False(contains(MainlandMask.South + 0.1, MainlandMask.West + 2 * MainlandMask.CoarseDegrees + 0.1));
    }

    [Fact]
    public void ARasterWithAnUnknownCellClassIsRefused()
    {
        var raw = new byte[MainlandMask.CoarseRows * MainlandMask.CoarseColumns];
        raw[5] = 7;

        var error = Assert.Throws<InvalidDataException>(() => MainlandMask.Read(new MemoryStream(raw)));
        Assert.Contains("coarse cell 5", error.Message, StringComparison.Ordinal);
    }
}

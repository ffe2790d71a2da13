using ClinicMap.Core.Text;

namespace ClinicMap.Core.Tests.Text;

public class TextDistanceTests
{
    [Theory]
    [InlineData("灞桥区", "池桥区", 1)]
    [InlineData("竹溪县", "竹溪县", 0)]
    [InlineData("竹溪县", "狂溪镇", 2)]
    [InlineData("竹溪县", "竹溪", int.MaxValue)]
    public void SubstitutionsCountDifferingPositions(string a, string b, int expected)
    {
        Assert.Equal(expected, TextDistance.Substitutions(a, b));
    }

    [Theory]
    [InlineData("医院名称", "医院和名称", true)]
    [InlineData("医院名称", "医院名杯", true)]
    [InlineData("医院名称", "院名称", true)]
    [InlineData("医院名称", "医院名称", false)]
    [InlineData("医院名称", "名称医院", false)]
    public void OneEditApartAllowsOneSubstitutionInsertionOrDeletion(string a, string b, bool expected)
    {
        Assert.Equal(expected, TextDistance.OneEditApart(a, b));
        Assert.Equal(expected, TextDistance.OneEditApart(b, a));
    }
}

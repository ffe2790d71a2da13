using ClinicMap.Core.Text;

namespace ClinicMap.Core.Tests.Text;

public class OpeningHoursTests
{
    [Theory]
    [InlineData("24小时", true)]
    [InlineData("(开诊时间:24小时)", true)]
    [InlineData("全天24h接诊", true)]
    [InlineData("全天候", true)]
    [InlineData("00:00-24:00", true)]
    [InlineData("0:00—23:59", true)]
    [InlineData("7×24", true)]
    [InlineData("8:00-17:30", false)]
    [InlineData("周一至周五 8:00-12:00", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void RecognisesRoundTheClockHours(string? hours, bool expected)
    {
        Assert.Equal(expected, OpeningHours.IsRoundTheClock(hours));
    }
}

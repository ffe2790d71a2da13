using System.Text.RegularExpressions;

namespace ClinicMap.Core.Text;

/// <summary>Reads published opening-hours text (<c>24小时</c>, <c>全天</c>, <c>8:00-17:30</c>).</summary>
public static partial class OpeningHours
{
    /// <summary>
    /// True when the text says the clinic never closes: <c>24小时</c>, <c>24h</c>, <c>全天</c>, <c>全天候</c>,
    /// <c>昼夜</c>, <c>00:00-24:00</c>, <c>0:00—23:59</c>; false for anything narrower or blank.
    /// </summary>
    public static bool IsRoundTheClock(string? hours)
    {
        var text = TextNormalizer.Clean(hours);
        return text is not null && (RoundTheClock().IsMatch(text) || AllDayRange().IsMatch(text));
    }

    [GeneratedRegex(@"24\s*(小时|h|H|hrs?)|全天|昼夜|7\s*[×x*]\s*24")]
    private static partial Regex RoundTheClock();

    [GeneratedRegex(@"0?0[:：]00\s*[-—~至到]+\s*(24[:：]00|23[:：]59)")]
    private static partial Regex AllDayRange();
}

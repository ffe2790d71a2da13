using System.Globalization;
using System.Text.RegularExpressions;

namespace ClinicMap.Import.Readers;

/// <summary>Finds a notice's publication date in its text: <c>2020年1月23日</c>, <c>2020-01-23</c>, <c>2020/1/23</c>, <c>2020.01.23</c>.</summary>
public static partial class DocumentDates
{
    /// <summary>The first plausible date (years 2000–2099) in <paramref name="text"/>, or <c>null</c>.</summary>
    public static DateOnly? Find(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return null;
        foreach (Match m in Pattern().Matches(text))
        {
            var year = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
            var month = int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture);
            var day = int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture);
            if (month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month))
                return new DateOnly(year, month, day);
        }
        return null;
    }

    [GeneratedRegex(@"(?<y>20\d{2})\s*(?:年|-|/|\.)\s*(?<m>\d{1,2})\s*(?:月|-|/|\.)\s*(?<d>\d{1,2})\s*日?")]
    private static partial Regex Pattern();
}

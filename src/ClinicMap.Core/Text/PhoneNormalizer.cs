using System.Text.RegularExpressions;

namespace ClinicMap.Core.Text;

/// <summary>Splits a published phone cell into normalised numbers.</summary>
/// <remarks>
/// Output forms: landline <c>0350-3095129</c> (area code, hyphen, local number) with an extension kept as
/// <c>0350-3095129-801</c>; mobile <c>13812345678</c> (a +86 prefix dropped); service numbers such as <c>120</c>
/// or <c>12320</c> as given. Dashes of every width (— – － ‐) count as hyphens, and a bare local number after a
/// landline in the same cell (<c>0350—3095129、3095130</c>) takes that landline's area code. Digit runs that fit
/// no pattern are returned in <see cref="PhoneParse.Unparsed"/> so the caller can report them, never silently. O(n).
/// </remarks>
public static partial class PhoneNormalizer
{
    /// <summary>The numbers found, in order and without repeats, and the digit runs that were not a number.</summary>
    public sealed record PhoneParse(IReadOnlyList<string> Phones, IReadOnlyList<string> Unparsed);

    public static PhoneParse Parse(string? cell)
    {
        var clean = TextNormalizer.Clean(cell);
        if (clean is null)
            return new PhoneParse([], []);
        var text = OcrDash().Replace(Dashes().Replace(clean, "-"), "-");
        var phones = new List<string>();
        string? lastAreaCode = null;
        foreach (Match match in Number().Matches(text))
        {
            string phone;
            if (match.Groups["mobile"].Success)
            {
                phone = match.Groups["mobile"].Value.Replace(" ", "", StringComparison.Ordinal);
            }
            else if (match.Groups["local"].Success)
            {
                var area = match.Groups["area"].Success ? match.Groups["area"].Value : lastAreaCode;
                lastAreaCode = area;
                phone = area is null ? match.Groups["local"].Value : $"{area}-{match.Groups["local"].Value}";
                if (match.Groups["ext"].Success)
                    phone += "-" + match.Groups["ext"].Value;
            }
            else
            {
                phone = match.Groups["service"].Value;
            }
            if (!phones.Contains(phone))
                phones.Add(phone);
        }
        var residue = Number().Replace(text, " ");
        var unparsed = DigitRun().Matches(residue).Select(m => m.Value).ToList();
        return new PhoneParse(phones, unparsed);
    }

    [GeneratedRegex("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uFE58\uFE63\uFF0D]")]
    private static partial Regex Dashes();

    /// <summary>An em-dash between digits often comes back from OCR as 一 (the numeral one) or an underscore.</summary>
    [GeneratedRegex("(?<=\\d)[一_](?=\\d)")]
    private static partial Regex OcrDash();

    // A mobile may carry stray single spaces ("1 8683978686", "13458 142532"); an area code (010, 02x, else four
    // digits) may sit in brackets or be followed by several dashes ("(0715)8812526", "0358——6022244"); an
    // extension follows a hyphen or 转/分机, possibly in brackets ("3320999 ( 转608)").
    [GeneratedRegex(@"(?<!\d)(?:(?:\+?86-?)?(?<mobile>1 ?[3-9](?: ?\d){9})|(?:\(?(?<area>0(?:10|2\d|[3-9]\d{2}))\)?[-\s]*)?(?<local>[1-9]\d{6,7})(?:(?:\s*\(?\s*(?:转|ext\.?|分机)\s*|-)(?<ext>\d{1,5}))?|(?<service>1\d{2,4}))(?!\d)")]
    private static partial Regex Number();

    [GeneratedRegex(@"\d{3,}")]
    private static partial Regex DigitRun();
}

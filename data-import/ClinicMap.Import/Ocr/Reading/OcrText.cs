using System.Text;
using System.Text.RegularExpressions;

namespace ClinicMap.Import.Ocr.Reading;

/// <summary>Tidies Tesseract's output for Chinese: it separates CJK characters with spaces and ends lines with breaks.</summary>
public static partial class OcrText
{
    /// <summary>
    /// Joins lines, drops a space unless it stands between two ASCII letters or digits (<c>Room 3</c>), and reads
    /// a bracket or bar among digits as the 1 it was (<c>2]号</c> → <c>21号</c>), and an angle bracket closed or
    /// opened by a round one as the round bracket it was (<c>〈感染科)</c> → <c>(感染科)</c>), and a dash between
    /// Chinese characters as 一. O(n).
    /// </summary>
    public static string Tidy(string text) => PairBrackets(DashForOne().Replace(OneLookalike().Replace(JoinSpaces(text), "1"), "一"));

    /// <summary>
    /// What two readings must share to say the same thing: their tidied text in its compatibility form (full-width
    /// letters, digits and brackets as ASCII), every dash a hyphen and no spaces — a list's 0719—5229621 and
    /// 0719-5229621 are one phone number, whichever an engine wrote.
    /// </summary>
    public static string Key(string tidied)
    {
        var builder = new StringBuilder(tidied.Length);
        foreach (var c in tidied.Normalize(NormalizationForm.FormKC))
        {
            if (c is '—' or '–' or '‐' or '‑' or '−' or '－')
                builder.Append('-');
            else if (!char.IsWhiteSpace(c))
                builder.Append(c);
        }
        return builder.ToString();
    }

    /// <summary>A dash between two Chinese characters is the character 一 (<c>急诊楼--楼</c> → <c>急诊楼一楼</c>).</summary>
    [GeneratedRegex(@"(?<=[\u3400-\u9FFF])(?:-{1,2}|—{1,2}|–|－)(?=[\u3400-\u9FFF])")]
    private static partial Regex DashForOne();

    /// <summary>Tesseract reads a serif "(" as "〈" (and ")" as "〉"); an angle bracket whose partner is round is one.</summary>
    private static string PairBrackets(string text)
    {
        if (text.IndexOfAny(['〈', '〉']) < 0)
            return text;
        var open = OpenAngle().Replace(text, "(");
        return CloseAngle().Replace(open, ")");
    }

    [GeneratedRegex(@"〈(?=[^〈〉()（）]*[)）])")]
    private static partial Regex OpenAngle();

    [GeneratedRegex(@"(?<=[(（][^〈〉()（）]*)〉")]
    private static partial Regex CloseAngle();

    private static string JoinSpaces(string text)
    {
        var flat = text.Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal).Trim();
        var builder = new StringBuilder(flat.Length);
        for (var i = 0; i < flat.Length; i++)
        {
            var c = flat[i];
            if (c == ' ')
            {
                var before = builder.Length > 0 ? builder[^1] : ' ';
                var after = i + 1 < flat.Length ? flat[i + 1] : ' ';
                if (!(char.IsAsciiLetterOrDigit(before) && char.IsAsciiLetterOrDigit(after)) || before == ' ')
                    continue;
            }
            builder.Append(c);
        }
        return builder.ToString();
    }

    [GeneratedRegex(@"(?<=\d)[\]\[|lI](?=\d|号|栋|楼|室|$)|(?<=[路街道巷弄村号-])[\]\[|](?=\d)|[\]\[|](?=号)")]
    private static partial Regex OneLookalike();
}

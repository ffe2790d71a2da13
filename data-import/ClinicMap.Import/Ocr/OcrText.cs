using System.Text;
using System.Text.RegularExpressions;

namespace ClinicMap.Import.Ocr;

/// <summary>Tidies Tesseract's output for Chinese: it separates CJK characters with spaces and ends lines with breaks.</summary>
public static partial class OcrText
{
    /// <summary>
    /// Joins lines, drops a space unless it stands between two ASCII letters or digits (<c>Room 3</c>), and reads
    /// a bracket or bar among digits as the 1 it was (<c>2]号</c> → <c>21号</c>). O(n).
    /// </summary>
    public static string Tidy(string text) => OneLookalike().Replace(JoinSpaces(text), "1");

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

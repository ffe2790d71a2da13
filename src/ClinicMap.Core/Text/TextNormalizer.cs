using System.Text;

namespace ClinicMap.Core.Text;

/// <summary>The normal form every imported text field is stored in.</summary>
public static class TextNormalizer
{
    /// <summary>
    /// Unicode NFKC (which also turns full-width ASCII such as <c>１２３ＡＢ</c> into <c>123AB</c> and the
    /// ideographic space into a space), then every run of whitespace, including line breaks and zero-width
    /// characters, collapsed to one ASCII space and trimmed. Returns <c>null</c> for <c>null</c> or blank input. O(n).
    /// </summary>
    public static string? Clean(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        var normal = IsNfkcStable(text) ? text : text.Normalize(NormalizationForm.FormKC);
        var builder = new StringBuilder(normal.Length);
        var pendingSpace = false;
        foreach (var c in normal)
        {
            if (char.IsWhiteSpace(c) || c is '\u200B' or '\u200C' or '\u200D' or '\uFEFF')
            {
                pendingSpace = builder.Length > 0;
                continue;
            }
            if (pendingSpace)
                builder.Append(' ');
            pendingSpace = false;
            builder.Append(c);
        }
        return builder.Length == 0 ? null : builder.ToString();
    }

    /// <summary>
    /// True when every character is one NFKC leaves as it is without looking at its neighbours: printable ASCII and
    /// the CJK Unified Ideographs block (U+4E00–U+9FFF), which is most of every list. Such text skips
    /// <see cref="string.Normalize(NormalizationForm)"/>, which costs a call into ICU per string.
    /// </summary>
    internal static bool IsNfkcStable(string text)
    {
        foreach (var c in text)
        {
            if (c is not ((>= ' ' and <= '~') or (>= '\u4E00' and <= '\u9FFF')))
                return false;
        }
        return true;
    }

    /// <summary>
    /// The form two names are compared in: <see cref="Clean"/>, then without any whitespace or ASCII/CJK
    /// brackets and punctuation, lower-cased. <c>北京市 隆福医院（老年病医院）</c> and <c>北京市隆福医院(老年病医院)</c>
    /// compare equal.
    /// </summary>
    public static string MatchKey(string? text)
    {
        var clean = Clean(text);
        if (clean is null)
            return string.Empty;
        var builder = new StringBuilder(clean.Length);
        foreach (var c in clean)
        {
            if (char.IsWhiteSpace(c) || char.IsPunctuation(c) || char.IsSymbol(c))
                continue;
            builder.Append(char.ToLowerInvariant(c));
        }
        return builder.ToString();
    }
}

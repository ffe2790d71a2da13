using System.Text.RegularExpressions;
using ClinicMap.Core.Clinics;
using ClinicMap.Core.Imports;
using ClinicMap.Core.Text;
using ClinicMap.Import.Rows;

namespace ClinicMap.Import.Pipeline.Stages;

/// <summary>
/// The "clean" stage: normalised name, kinds, address, phones, hours and level. Each rule is a small named
/// method. A row without a name cannot be a clinic and is rejected; a phone fragment that is not a number is
/// kept out of the list and sent to review, never dropped silently.
/// </summary>
public sealed partial class CleanStage : IImportStage
{
    public Stage Stage => Stage.Clean;

    public Task RunAsync(ImportWork work, CancellationToken cancellationToken)
    {
        work.Drafts = Run(work.Drafts, work.Options.DefaultKind);
        return Task.CompletedTask;
    }

    /// <summary>Each row cleaned; <paramref name="defaultKind"/> is the kind of every row that does not say otherwise.</summary>
    public static IReadOnlyList<RowDraft> Run(IReadOnlyList<RowDraft> rows, ClinicKind defaultKind) => rows.Select(row => Clean(row, defaultKind)).ToList();

    private static RowDraft Clean(RowDraft row, ClinicKind defaultKind)
    {
        if (row.IsRejected)
            return row;
        var reasons = new List<RowReason>();
        var (name, kindFromName) = SplitKindSuffix(StripFootnoteMarks(row.Cell(Field.Name)));
        if (name is null)
        {
            reasons.Add(new RowReason("row.name_missing", "name", $"{row.Raw.Where} has no clinic name", ReasonSeverity.Reject));
            return row.WithReasons(reasons);
        }

        var kinds = new List<ClinicKind> { kindFromName ?? defaultKind };
        if (IsDesignatedMarker(row.Cell(Field.Designated)) || IsDesignatedMarker(row.Cell(Field.Kind)))
            kinds.Add(ClinicKind.DesignatedHospital);

        var phones = PhoneNormalizer.Parse(row.Cell(Field.Phone));
        if (phones.Unparsed.Count > 0)
            reasons.Add(new RowReason("phone.unparsed", "phone",
                $"{row.Raw.Where}: '{string.Join("', '", phones.Unparsed)}' in phone '{row.Cell(Field.Phone)}' is not a phone number", ReasonSeverity.Review));

        return row.WithReasons(reasons) with
        {
            Name = name,
            Kinds = kinds.Distinct().ToList(),
            Address = StripFootnoteMarks(row.Cell(Field.Address)),
            Phones = phones.Phones,
            Hours = CleanHours(row.Cell(Field.Hours)),
            Level = TextNormalizer.Clean(row.Cell(Field.Level)),
        };
    }

    /// <summary>
    /// Footnote marks (<c>*</c>, <c>※</c>, circled digits) at either end of a cell, removed before normalising,
    /// because NFKC would turn <c>①</c> into a plain <c>1</c>.
    /// </summary>
    internal static string? StripFootnoteMarks(string? text) =>
        text is null ? null : TextNormalizer.Clean(TrimMarks(text, IsMark));

    /// <summary>
    /// The characters <paramref name="isMark"/> accepts, trimmed from both ends. A trim, not a regular expression:
    /// <c>[marks]+$</c> backtracks from every position of a long run of marks followed by text; a trim asks about each
    /// character at most once.
    /// </summary>
    internal static string TrimMarks(string text, Func<char, bool> isMark)
    {
        var (start, end) = (0, text.Length);
        while (start < end && isMark(text[start]))
            start++;
        while (end > start && isMark(text[end - 1]))
            end--;
        return text[start..end];
    }

    private static bool IsMark(char c) => char.IsWhiteSpace(c) || "*＊※★☆#＃①②③④⑤⑥⑦⑧⑨⑩".Contains(c, StringComparison.Ordinal);

    /// <summary><c>某医院发热门诊</c> → (<c>某医院</c>, fever clinic); <c>某中心发热诊室</c> → (<c>某中心</c>, fever room).</summary>
    internal static (string? Name, ClinicKind? Kind) SplitKindSuffix(string? name)
    {
        if (name is null)
            return (null, null);
        foreach (var (suffix, kind) in new[] { ("发热门诊", ClinicKind.FeverClinic), ("发热诊室", ClinicKind.FeverRoom) })
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal) && name.Length > suffix.Length + 1)
                return (TextNormalizer.Clean(name[..^suffix.Length]), kind);
        }
        return (name, null);
    }

    /// <summary><c>true</c>, <c>是</c>, <c>√</c>, <c>定点医院</c> … mark a designated hospital; anything else does not.</summary>
    internal static bool IsDesignatedMarker(string? cell) =>
        TextNormalizer.Clean(cell) is { } text
        && (text is "true" or "True" or "TRUE" or "是" or "√" or "✓" or "Y" or "y" or "yes" or "Yes" || text.Contains("定点", StringComparison.Ordinal));

    /// <summary><c>(开诊时间:24小时)</c> → <c>24小时</c>: surrounding brackets and a leading label removed.</summary>
    internal static string? CleanHours(string? hours)
    {
        var text = TextNormalizer.Clean(hours);
        if (text is null)
            return null;
        text = text.Trim('(', ')', '（', '）', '[', ']', '【', '】', ' ');
        text = HoursLabel().Replace(text, "");
        return TextNormalizer.Clean(text);
    }

    [GeneratedRegex(@"^(开诊|接诊|门诊|开放|服务)?时间\s*[:：]\s*")]
    private static partial Regex HoursLabel();
}

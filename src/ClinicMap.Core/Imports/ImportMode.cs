namespace ClinicMap.Core.Imports;

/// <summary>
/// How a document speaks for its scope. Commissions publish whole lists, but also only what changed
/// ("新增发热门诊名单", "关于暂停…发热门诊的通知"); reading an addendum as a whole list would propose closing every
/// clinic it does not repeat.
/// </summary>
public enum ImportMode
{
    /// <summary>The whole list for its scope: published clinics it no longer names are proposed as closed.</summary>
    Full,

    /// <summary>Only new or changed clinics: proposes no closures.</summary>
    Additions,

    /// <summary>Clinics that stop (suspended, revoked, closed): proposes closing exactly the published clinics it names, adds none.</summary>
    Removals,
}

/// <summary>The wire names of <see cref="ImportMode"/> (<c>full</c>, <c>additions</c>, <c>removals</c>) and the mode a notice's title implies.</summary>
public static class ImportModeNames
{
    /// <summary>Title words that make a notice an addendum; each is said in the batch's reasons when it decides.</summary>
    private static readonly string[] AdditionWords = ["新增", "增补", "增加", "补充", "调整"];

    /// <summary>Title words that make a notice a removal (suspension, revocation, closure).</summary>
    private static readonly string[] RemovalWords = ["暂停", "撤销", "停止", "关闭", "取消", "撤除"];

    public static string ToWire(this ImportMode mode) => mode switch
    {
        ImportMode.Full => "full",
        ImportMode.Additions => "additions",
        ImportMode.Removals => "removals",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
    };

    public static bool TryParse(string? text, out ImportMode mode)
    {
        (var known, mode) = text?.Trim().ToLowerInvariant() switch
        {
            "full" => (true, ImportMode.Full),
            "additions" => (true, ImportMode.Additions),
            "removals" => (true, ImportMode.Removals),
            _ => (false, ImportMode.Full),
        };
        return known;
    }

    /// <summary>
    /// The mode a notice's title implies, and why (naming the word), or <c>null</c> when it implies none. A title with
    /// words of both kinds (调整 … 暂停) is a removal: reading it as an addendum would leave suspended clinics on the map.
    /// </summary>
    public static (ImportMode Mode, string Reason)? FromTitle(string? title)
    {
        if (string.IsNullOrWhiteSpace(title))
            return null;
        if (RemovalWords.FirstOrDefault(w => title.Contains(w, StringComparison.Ordinal)) is { } removal)
            return (ImportMode.Removals, $"the notice's title says '{removal}': read as removals (it proposes closing the clinics it names)");
        if (AdditionWords.FirstOrDefault(w => title.Contains(w, StringComparison.Ordinal)) is { } addition)
            return (ImportMode.Additions, $"the notice's title says '{addition}': read as additions (it proposes no closures)");
        return null;
    }
}

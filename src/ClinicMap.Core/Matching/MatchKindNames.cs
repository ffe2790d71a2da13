namespace ClinicMap.Core.Matching;

/// <summary>Wire names of <see cref="MatchKind"/>, as stored and served.</summary>
public static class MatchKindNames
{
    public static string ToWire(this MatchKind kind) => kind switch
    {
        MatchKind.Same => "same",
        MatchKind.New => "new",
        MatchKind.Probable => "probable",
        MatchKind.Duplicate => "duplicate",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown match kind"),
    };

    public static MatchKind? FromWire(string? wire) => wire switch
    {
        "same" => MatchKind.Same,
        "new" => MatchKind.New,
        "probable" => MatchKind.Probable,
        "duplicate" => MatchKind.Duplicate,
        _ => null,
    };
}

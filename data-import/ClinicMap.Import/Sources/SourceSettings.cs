using System.Text.Json;
using System.Text.Json.Serialization;
using ClinicMap.Core.Text;
using ClinicMap.Import.Rows;

namespace ClinicMap.Import.Sources;

/// <summary>
/// One publisher's quirks, kept in <c>Sources/&lt;name&gt;/source.json</c> (start from <c>Sources/_template</c>):
/// who publishes, the default kind, the division the lists cover, their encoding and sheets, and header
/// overrides for columns the synonyms do not know. Command-line options win over these.
/// </summary>
public sealed record SourceSettings
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public string? Publisher { get; init; }

    public string? DefaultKind { get; init; }

    public string? AdminCode { get; init; }

    public string? Encoding { get; init; }

    public IReadOnlyList<string> Sheets { get; init; } = [];

    /// <summary>Header text → field (<c>name</c>, <c>address</c>, <c>phone</c>, <c>county</c> …).</summary>
    public IReadOnlyDictionary<string, Field> Columns { get; init; } = new Dictionary<string, Field>();

    /// <summary>How to watch the publisher's notice pages for new lists (<c>clinicmap-import watch</c>); <c>null</c> when it is not watched.</summary>
    public WatchSettings? Watch { get; init; }

    /// <summary>The overrides keyed as <see cref="ColumnSynonyms.FieldOf(string, IReadOnlyDictionary{string, Field}?, bool)"/> compares headers.</summary>
    public IReadOnlyDictionary<string, Field> ColumnOverrides =>
        Columns.ToDictionary(c => TextNormalizer.MatchKey(c.Key), c => c.Value, StringComparer.Ordinal);

    /// <summary>The folder holding one folder per publisher, next to the CLI.</summary>
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Sources");

    /// <summary>The names of the publishers' folders (not <c>_template</c>), in order.</summary>
    public static IReadOnlyList<string> Names() =>
        Directory.Exists(Folder) ? [.. Directory.GetDirectories(Folder).Select(Path.GetFileName).OfType<string>().Where(n => n != "_template").Order(StringComparer.Ordinal)] : [];

    /// <summary>Loads <c>Sources/NAME/source.json</c>, or a path to a source.json; throws with the reason when it cannot.</summary>
    public static SourceSettings Load(string nameOrPath)
    {
        var path = File.Exists(nameOrPath) ? nameOrPath : Path.Combine(Folder, nameOrPath, "source.json");
        if (!File.Exists(path))
        {
            throw new ArgumentException($"--source: no '{nameOrPath}' (known: {string.Join(", ", Names())})");
        }
        try
        {
            return JsonSerializer.Deserialize<SourceSettings>(File.ReadAllText(path), Json) ?? new SourceSettings();
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"--source: {path} line {e.LineNumber + 1}: {e.Message}", e);
        }
    }
}

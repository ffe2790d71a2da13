using System.Text.Json;
using ClinicMap.Core.Matching;

namespace ClinicMap.Data.Imports;

/// <summary>Match candidates as stored in <c>import_rows.match_candidates</c> and read back for review.</summary>
public static class MatchJson
{
    private sealed record Stored(Guid ClinicId, string Name, string AdminCode, double Score, IReadOnlyList<string> Evidence);

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Candidates(IReadOnlyList<MatchCandidate> candidates) =>
        JsonSerializer.Serialize(candidates.Select(c => new Stored(c.ClinicId, c.Name, c.AdminCode, c.Score, c.Evidence)), Options);

    public static IReadOnlyList<MatchCandidate> ReadCandidates(string json) =>
        (JsonSerializer.Deserialize<List<Stored>>(json, Options) ?? [])
        .Select(s => new MatchCandidate(s.ClinicId, s.Name, s.AdminCode, s.Score, s.Evidence)).ToList();
}

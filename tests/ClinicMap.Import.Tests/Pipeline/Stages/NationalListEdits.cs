using System.Text.Json.Nodes;
using ClinicMap.Core.Imports;
using ClinicMap.Core.Text;

namespace ClinicMap.Import.Tests.Pipeline.Stages;

/// <summary>
/// A commission's republished national list, made from the real one: some clinics renamed with a one-character
/// typo (address and phone kept), some moved to another county of their city (with an address there), some
/// removed, some added. Chosen deterministically among accepted rows whose name is unique in their prefecture,
/// so that each edit has one right answer.
/// </summary>
internal sealed class NationalListEdits
{
    public required string Json { get; init; }

    /// <summary>Row numbers (1-based, document order) of the original list, per edit.</summary>
    public required IReadOnlyList<int> Renamed { get; init; }

    public required IReadOnlyList<int> Moved { get; init; }

    public required IReadOnlyList<int> Removed { get; init; }

    public required IReadOnlyList<string> AddedNames { get; init; }

    public static NationalListEdits Make(string originalJson, IReadOnlyList<StagedRow> original, int renamed, int moved, int removed, int added)
    {
        var root = JsonNode.Parse(originalJson)!;
        var hospitals = root["provinceList"]!.AsArray()
            .SelectMany(p => p!["cityList"]!.AsArray())
            .SelectMany(c => c!["hospitalList"]!.AsArray().Select(h => (City: c, Hospital: h!.AsObject())))
            .ToList();
        var byNumber = original.ToDictionary(r => r.RowNumber);
        var namesPerPrefecture = original.Where(r => r.AdminCode is not null && r.Name is not null)
            .GroupBy(r => (r.AdminCode![..4], TextNormalizer.MatchKey(r.Name)))
            .ToDictionary(g => g.Key, g => g.Count());
        bool Eligible(int number) =>
            byNumber[number] is { Outcome: RowOutcome.Accepted, Name.Length: >= 5, AdminCode: { } code } row
            && namesPerPrefecture[(code[..4], TextNormalizer.MatchKey(row.Name))] == 1;

        var eligible = Enumerable.Range(1, hospitals.Count).Where(Eligible).ToList();
        var step = eligible.Count / (renamed + moved + removed + 1);
        var spread = Enumerable.Range(1, renamed + moved + removed).Select(i => eligible[i * step]).ToList();

        var renamedRows = spread.Take(renamed).Where(n => HasPhoneOrAddress(hospitals[n - 1].Hospital)).ToList();
        renamedRows = [.. renamedRows, .. eligible.Where(n => !spread.Contains(n) && HasPhoneOrAddress(hospitals[n - 1].Hospital)).Take(renamed - renamedRows.Count)];
        foreach (var number in renamedRows)
        {
            var name = (string)hospitals[number - 1].Hospital["name"]!;
            // A typo in an ordinary character: one in a numeral or direction (第一 → 第二) names another hospital.
            var at = Enumerable.Range(0, name.Length).OrderBy(i => Math.Abs(i - name.Length / 2))
                .First(i => char.IsLetter(name[i]) && !NotTypos.Contains(name[i], StringComparison.Ordinal));
            var typo = name[at] == '普' ? '昔' : '普';
            hospitals[number - 1].Hospital["name"] = string.Concat(name.AsSpan(0, at), typo.ToString(), name.AsSpan(at + 1));
        }

        // Moved: to another county of the same city, taking a real address there from a row that names it.
        var movedRows = new List<int>();
        foreach (var number in eligible.Where(n => !renamedRows.Contains(n) && !spread.Skip(renamed + moved).Contains(n)))
        {
            if (movedRows.Count == moved)
                break;
            var (city, hospital) = hospitals[number - 1];
            var county = (string?)hospital["county"];
            if (string.IsNullOrEmpty(county) || byNumber[number].District is null)
                continue;
            var elsewhere = city["hospitalList"]!.AsArray().Select(h => h!.AsObject())
                .FirstOrDefault(h => (string?)h["county"] is { Length: > 0 } other && other != county && !string.IsNullOrEmpty((string?)h["address"]));
            if (elsewhere is null)
                continue;
            hospital["county"] = (string?)elsewhere["county"];
            hospital["address"] = (string?)elsewhere["address"] + "（新址）";
            movedRows.Add(number);
        }

        var removedRows = spread.Skip(renamed + moved).Where(n => !renamedRows.Contains(n) && !movedRows.Contains(n)).Take(removed).ToList();
        foreach (var number in removedRows.OrderDescending())
        {
            var (city, hospital) = hospitals[number - 1];
            city["hospitalList"]!.AsArray().Remove(hospital);
        }

        // Added: new clinics in cities that already have some, with names no published clinic resembles.
        var addedNames = new List<string>();
        var ordinals = "甲乙丙丁戊己庚辛壬癸";
        foreach (var (city, hospital) in hospitals.Where((_, i) => i % 997 == 500).Take(added))
        {
            var name = $"{(string)hospital["city"]!}应急发热门诊{ordinals[addedNames.Count]}号楼";
            var copy = hospital.DeepClone().AsObject();
            copy["name"] = name;
            copy["tel"] = "";
            copy["address"] = "";
            city["hospitalList"]!.AsArray().Add(copy);
            addedNames.Add(name);
        }
        return new NationalListEdits { Json = root.ToJsonString(), Renamed = renamedRows, Moved = movedRows, Removed = removedRows, AddedNames = addedNames };
    }

    private const string NotTypos = "0123456789零〇一二三四五六七八九十百东南西北中上下前后左右新老大小甲乙丙丁分总第";

    private static bool HasPhoneOrAddress(JsonObject hospital) =>
        !string.IsNullOrWhiteSpace((string?)hospital["tel"]) || !string.IsNullOrWhiteSpace((string?)hospital["address"]);
}

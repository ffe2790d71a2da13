using ClinicMap.Core.Text;

namespace ClinicMap.Import.Ocr.Correction;

// Place names inside a name or an address: divisions (PlaceNames) and townships.
public sealed partial class OcrCorrector
{
    /// <summary>
    /// What <see cref="PlaceNames"/> did to a text: the corrected text, each change, the windows it could not decide,
    /// and those it decided only by what the models cannot write (<see cref="Inferred"/>, made but to be checked).
    /// </summary>
    public sealed record PlaceCorrection(string Text, IReadOnlyList<string> Changes, IReadOnlyList<string> Ambiguous, IReadOnlyList<string> Inferred);

    /// <summary>
    /// Snaps misread place names inside a name or address (<c>扎责特旗</c> → <c>扎赉特旗</c>, <c>扬州市邢江区</c> →
    /// <c>扬州市邗江区</c>): every run that ends in a division suffix and is not itself a division name is compared
    /// with the names of the same length and suffix one character away — first those the row's own cells name
    /// (<paramref name="context"/>, real division names only), then the counties of a prefecture named just before
    /// it, then the counties of the prefectures the row names anywhere (<paramref name="rowPrefectures"/>: 兴安盟 in
    /// the district cell decides 扎责特旗 for 扎赉特旗 rather than 扎鲁特旗), then (three characters or more, or a
    /// one-character county such as 隰县) every division — within the provinces of the places the row names, when
    /// it names any (伊宁市边合区 is not Nanjing's 六合区; such a run is reported, not corrected). One candidate
    /// corrects; several are reported as ambiguous. A run ending where a known name does (朔州市应县, not 宝应县) is
    /// left alone. A real county name right after a prefecture it does not belong to (阳泉市理县 for 阳泉市盂县) is
    /// treated as a misread too: corrected to that prefecture's one county a character away, or reported.
    /// Where several names qualify, the cell's other <paramref name="readings"/> of the same length (other models')
    /// narrow them to those a character or less from what each of them reads there: 马岛街道, 马知街道 and 马香街道
    /// are all one character from 定海区's 马岙街道, only the first from its 千岛街道. O(length × candidates).
    /// </summary>
    public PlaceCorrection PlaceNames(string text, IReadOnlyCollection<string> context, IReadOnlyCollection<string>? rowPrefectures = null, IReadOnlyCollection<string>? readings = null)
    {
        // Only real division names are context: a district cell misread the same way as the name must not vouch for it.
        var scan = new PlaceScan(this, text, context.Where(_placeNames.Contains).ToList(), rowPrefectures ?? [], readings ?? []);
        for (var end = 1; end < scan.Chars.Length; end++)
        {
            if (PlaceSuffixes.Contains(scan.Chars[end], StringComparison.Ordinal))
                scan.CorrectRunEndingAt(end);
        }
        Townships(scan.Chars, scan.Context, scan.Changes, scan.Narrowed);
        return new PlaceCorrection(new string(scan.Chars), scan.Changes, scan.Ambiguous, scan.Inferred);
    }

    /// <summary>One text being corrected by <see cref="PlaceNames"/>: its characters as corrected so far, and what was done.</summary>
    private sealed class PlaceScan(OcrCorrector owner, string text, List<string> context, IReadOnlyCollection<string> rowPrefectures, IReadOnlyCollection<string> readings)
    {
        public char[] Chars { get; } = text.ToCharArray();

        public IReadOnlyCollection<string> Context => context;

        public List<string> Changes { get; } = [];

        public List<string> Ambiguous { get; } = [];

        public List<string> Inferred { get; } = [];

        /// <summary>The other readings that line up with this one character for character.</summary>
        private readonly List<string> _aligned = readings.Where(r => r.Length == text.Length && r != text).ToList();

        private readonly HashSet<string> _rowCounties = rowPrefectures.SelectMany(p => owner._countiesOfPrefectureName.GetValueOrDefault(p) ?? []).ToHashSet(StringComparer.Ordinal);

        private HashSet<string>? _rowProvinces;

        /// <summary>Several candidates narrowed to those a character or less from what each other reading reads there (all of them when none is).</summary>
        public List<string> Narrowed(List<string> candidates, int start) =>
            candidates.Count < 2 || _aligned.Count == 0 ? candidates
            : candidates.Where(n => _aligned.All(r => TextDistance.Substitutions(n, r.Substring(start, n.Length)) <= 1)).ToList() is { Count: > 0 } narrowed ? narrowed : candidates;

        private string? PrefectureBefore(int start)
        {
            for (var length = Math.Min(LongestName, start); length >= 2; length--)
            {
                if (new string(Chars, start - length, length) is var name && owner._countiesOfPrefectureName.ContainsKey(name))
                    return name;
            }
            return null;
        }

        private bool Known(string window) => owner._placeNames.Contains(window) || context.Contains(window);

        /// <summary>A county right after its prefecture's name must be one of that prefecture's (阳泉市理县 is a misread of 阳泉市盂县).</summary>
        private bool Foreign(string window, string? prefecture) =>
            prefecture is not null && window[^1] is '县' or '区' or '旗' && !owner._countiesOfPrefectureName[prefecture].Contains(window) && !NotAPlace().IsMatch(window);

        private bool Placed(int start) => start == 0 || PlaceSuffixes.Contains(Chars[start - 1], StringComparison.Ordinal);

        /// <summary>The runs ending at <paramref name="end"/> (a division suffix), longest first, until one is decided.</summary>
        public void CorrectRunEndingAt(int end)
        {
            // A known name ending here that starts where a place name may (朔州市应县) is read right, whatever a longer run would be one character from (宝应县).
            var lengths = Enumerable.Range(2, Math.Min(LongestName, end + 1) - 1).ToList();
            if (lengths.Any(l => end - l + 1 is var s && Placed(s) && new string(Chars, s, l) is var w && Known(w) && !Foreign(w, PrefectureBefore(s))))
                return;
            for (var length = lengths[^1]; length >= 2; length--)
            {
                if (Decide(end - length + 1, length))
                    return;
            }
        }

        /// <summary>Corrects or reports the run at <paramref name="start"/>; true when it is decided (and shorter runs are not looked at).</summary>
        private bool Decide(int start, int length)
        {
            var window = new string(Chars, start, length);
            var prefecture = PrefectureBefore(start);
            var known = Known(window);
            var foreign = known && Foreign(window, prefecture);
            if (known && !foreign)
                return true;
            List<string> Near(IEnumerable<string> names) => names.Where(n => n.Length == length && n[^1] == window[^1] && TextDistance.Substitutions(n, window) == 1).Distinct(StringComparer.Ordinal).ToList();
            // A place name starts the text or follows another place name; any other run is part of a word.
            var placed = Placed(start);
            if (NotAPlace().IsMatch(window))
            {
                // A run that reads like a zone (新城区) is a misread only of the row's own district (游城区 for 潞城区).
                if (placed && Near(context) is [var own])
                    Replace(start, window, own, Changes, $"{window} → {own}");
                return true;
            }
            if (!placed)
                return false;
            // The row's own cells first — but after a prefecture's name, only those that are its counties.
            var candidates = Near(prefecture is null ? context : context.Where(owner._countiesOfPrefectureName[prefecture].Contains));
            if (candidates.Count == 0 && prefecture is not null)
                candidates = Near(owner._countiesOfPrefectureName[prefecture]);
            if (candidates.Count == 0 && prefecture is null)
                candidates = Near(_rowCounties);
            if (candidates.Count == 0 && (length >= 3 || window[^1] == '县') && !foreign)
            {
                // Anywhere — but within the provinces the row's known places are in, when it names any.
                var anywhere = Near(owner._placesByShape[(length, window[^1])]);
                _rowProvinces ??= owner.ProvincesNamedIn(context.Concat(rowPrefectures).Append(text));
                candidates = _rowProvinces.Count == 0 ? anywhere : anywhere.Where(n => owner._provincesOfName[n].Any(_rowProvinces.Contains)).ToList();
                if (candidates.Count == 0 && anywhere.Count > 0)
                {
                    Ambiguous.Add($"{window} ({string.Join("/", anywhere.Take(4))} in another province)");
                    return true;
                }
            }
            candidates = Narrowed(candidates, start);
            if (candidates.Count == 1)
                Replace(start, window, candidates[0], Changes, $"{window} → {candidates[0]}");
            else if (candidates.Count > 1 && owner.Unreadable(candidates, window) is [var (only, character)])
                // The models read the other candidates' characters well enough to have given one of them.
                Replace(start, window, only, Inferred, $"{window} → {only} (of {string.Join("/", candidates.Take(4))}, the only one the models cannot read: none writes {character})");
            else if (candidates.Count > 1)
                Ambiguous.Add($"{window} ({string.Join("/", candidates.Take(4))})");
            else if (foreign)
                Ambiguous.Add($"{window} (not a county of {prefecture})");
            else
                return false;
            return true;
        }

        private void Replace(int start, string window, string name, List<string> log, string entry)
        {
            name.CopyTo(0, Chars, start, window.Length);
            log.Add(entry);
        }
    }

    /// <summary>The candidates whose character where they differ from <paramref name="window"/> no OCR model can write, with that character.</summary>
    private List<(string Name, char Character)> Unreadable(List<string> candidates, string window) =>
        _writable is null ? []
        : candidates.SelectMany(n => n.Where((c, k) => c != window[k] && !_writable.Value.Contains(c.ToString())).Take(1).Select(c => (n, c))).ToList();

    /// <summary>
    /// Snaps a misread township right after its county, written in full or short (上栗县上粥镇 → 上栗县上栗镇,
    /// 鄂托克前旗敞勒召其镇 → 敖勒召其镇, 洪泽高良润街道 → 高良涧街道), or a clinic named after it (<see cref="TownHospital"/>),
    /// or at the start of the text when the row's district cell names the county: the run up to the first 镇, 乡 or
    /// 街道 is compared with that county's townships of the same length and ending, one character away; one
    /// candidate corrects (after the other readings have <paramref name="narrowed"/> several), a known township (or
    /// one known under a newer form) or any other count leaves it. O(length × townships of the county).
    /// </summary>
    private void Townships(char[] chars, IReadOnlyCollection<string> context, List<string> changes, Func<List<string>, int, List<string>> narrowed)
    {
        var text = new string(chars);
        var starts = new List<(int Start, string County, bool Written)>();
        starts.AddRange(context.Where(_countyCodesByName.Contains).Select(c => (0, c, false)));
        starts.AddRange(Occurrences(text, _countyCodesByName.Contains, 2).Select(o => (o.Start + o.Name.Length, o.Name, true)));
        // Where two county names end at the same place, the longer is the one written (乡宁县, not 宁县).
        foreach (var (start, county, written) in starts.GroupBy(s => s.Start).Select(g => g.MaxBy(s => s.County.Length)))
        {
            var end = Enumerable.Range(start + 1, Math.Max(0, Math.Min(chars.Length, start + 8) - start - 1))
                .FirstOrDefault(e => chars[e] is '镇' or '乡' || chars[e] == '道' && chars[e - 1] == '街', -1);
            var names = _countyCodesByName[county].SelectMany(_townships.InCounty).Select(t => t.Name).ToList();
            if (end < 0)
            {
                // Only after a county's full name written in the text: after a short form (如东 of 如东县) the run
                // would begin with its suffix, and at the start of 岚县人民医院 it would be the county itself.
                if (written && _placeNames.Contains(county))
                    TownHospital(chars, start, names, changes);
                continue;
            }
            var run = new string(chars, start, end - start + 1);
            var stem = TownStem(run);
            // Known, or known under a newer form: a town since made a street office (敖阳镇, now 敖阳街道), or the
            // town named after its county (海门市海门镇), the county seat, which is the most often renamed.
            if (names.Contains(run) || names.Any(n => n.StartsWith(stem, StringComparison.Ordinal) && n.Length > stem.Length && !char.IsAsciiLetterOrDigit(n[stem.Length]) && n[stem.Length] is '镇' or '乡' or '街')
                || stem.Length >= 2 && county.StartsWith(stem, StringComparison.Ordinal))
                continue;
            var near = narrowed(names.Where(n => n.Length == run.Length && n[^1] == run[^1] && TextDistance.Substitutions(n, run) == 1).Distinct(StringComparer.Ordinal).ToList(), start);
            if (near is not [var township])
                continue;
            township.CopyTo(0, chars, start, township.Length);
            changes.Add($"{run} → {township}");
        }
    }

    /// <summary>A township's name without its 镇, 乡 or 街道.</summary>
    private static string TownStem(string township) => township[..^(township.EndsWith("街道", StringComparison.Ordinal) ? 2 : 1)];

    /// <summary>
    /// A clinic named after its town right after the county (泰州市姜堰区溱潼人民医院, read 汪潼): the characters before an
    /// institution ending are compared with the names of the county's townships without 镇, 乡 or 街道; one a
    /// character away corrects, an exact one or several leave it.
    /// </summary>
    private static void TownHospital(char[] chars, int start, List<string> townships, List<string> changes)
    {
        var text = new string(chars);
        var stems = townships.Select(TownStem).Where(n => n.Length >= 2).Distinct(StringComparer.Ordinal).ToList();
        // Where the first institution ending begins; right after the county (德安县人民医院) there is no town.
        var ending = InstitutionEndings.Select(e => text.IndexOf(e, start, StringComparison.Ordinal)).Where(at => at >= 0).DefaultIfEmpty(-1).Min();
        if (ending < start + 2)
            return;
        var run = text[start..ending];
        if (stems.Contains(run))
            return;
        var near = stems.Where(n => n.Length == run.Length && TextDistance.Substitutions(n, run) == 1).ToList();
        if (near is not [var town])
            return;
        town.CopyTo(0, chars, start, town.Length);
        changes.Add($"{run} → {town}");
    }
}

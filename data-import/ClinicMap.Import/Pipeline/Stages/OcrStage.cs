using System.Globalization;
using ClinicMap.Core.Imports;
using ClinicMap.Core.Text;
using ClinicMap.Import.Ocr.Correction;
using ClinicMap.Import.Rows;

namespace ClinicMap.Import.Pipeline.Stages;

/// <summary>
/// For rows read by OCR, before cleaning: corrects district and clinic-name cells with <see cref="OcrCorrector"/>
/// (each correction a reason naming what was read: info, or review when every model read the cell alike, since
/// then the list itself may be misspelt), and sends the row to review when a mapped cell was read
/// with confidence under <see cref="MinConfidence"/>, when a correction was ambiguous, when another OCR model
/// read the cell differently (even after the same corrections), or when a phone cell does
/// not parse as phones — each reason naming the field, the text, the confidence and the cell's box on the page,
/// so an operator sees the crop beside the text. Rows not read by OCR pass through untouched.
/// </summary>
public sealed class OcrStage(Func<OcrCorrector> makeCorrector) : IImportStage
{
    /// <summary>Built on the first OCR row: a list read from text (most lists) never pays for the corrector's indexes.</summary>
    private readonly Lazy<OcrCorrector> _corrector = new(makeCorrector);

    private OcrCorrector corrector => _corrector.Value;

    /// <summary>
    /// Below this confidence of a cell's least certain character its text is not trusted without a person. Confidence
    /// alone cannot catch every misreading — Tesseract is sure of many wrong rare characters (docs/BENCHMARKS.md).
    /// </summary>
    public const int MinConfidence = 85;

    private static readonly Field[] Checked = [Field.County, Field.City, Field.Province, Field.Name, Field.Address, Field.Phone];

    public Stage Stage => Stage.Ocr;

    public Task RunAsync(ImportWork work, CancellationToken cancellationToken)
    {
        work.Drafts = Run(work.Drafts);
        return Task.CompletedTask;
    }

    private IReadOnlyList<RowDraft> Run(IReadOnlyList<RowDraft> rows)
    {
        if (!rows.Any(r => r.Raw.Evidence is not null))
            return rows;
        // The prefecture most of a sheet's exactly read district cells belong to breaks ties between corrections.
        var prefectureOfSheet = rows.Where(r => r.Raw.Evidence is not null && r.Cell(Field.County) is not null)
            .GroupBy(r => r.Raw.Sheet ?? "")
            .ToDictionary(g => g.Key, g => g.SelectMany(r => corrector.PrefecturesOf(r.Cell(Field.County)!)).GroupBy(p => p).MaxBy(p => p.Count())?.Key);
        return rows.Select(r => Check(r, prefectureOfSheet.GetValueOrDefault(r.Raw.Sheet ?? ""))).ToList();
    }

    private RowDraft Check(RowDraft row, string? sheetPrefecture)
    {
        if (row.Raw.Evidence is not { } evidence || row.IsRejected || row.Raw.Columns is not { } columns)
            return row;
        var mapped = new Dictionary<Field, string>(row.Mapped);
        var reasons = new List<RowReason>();
        var rowPrefectures = corrector.PrefecturesNamedIn(Checked.Where(f => f != Field.Phone).Select(mapped.GetValueOrDefault));
        foreach (var field in Checked)
        {
            var index = Enumerable.Range(0, columns.Count).FirstOrDefault(i => columns[i] == field && i < evidence.Count && evidence[i] is not null, -1);
            if (index < 0 || !mapped.TryGetValue(field, out var text))
                continue;
            var cell = evidence[index]!;
            var where = string.Create(CultureInfo.InvariantCulture, $"{row.Raw.Where} {field.ToString().ToLowerInvariant()} '{text}' (confidence {cell.Confidence}, {cell.Box})");
            // Read so by every model, or with near certainty: a name that then needs correcting may be misspelt or
            // outdated in the list itself (巩贸县 for 巩留县, 海门市 now 海门区) rather than misread, so a person checks
            // the correction.
            var confirmed = cell.Alternatives is null && cell.Confidence >= MinConfidence;
            var alternatives = cell.Alternatives ?? [];
            // Of the models' readings, one whose place names are all known beats one whose place names cannot be
            // settled (游城区 against another model's 潞城区), or one that lacks some of its characters (阳区人民医院
            // against 郧阳区人民医院: the main reader drops a character it cannot place rather than guess it); the
            // row still goes to review, since the models disagreed.
            var fix = new FieldFix(reasons, mapped, field, where, confirmed);
            var doubted = alternatives.Count > 0 && field is Field.County or Field.Name or Field.Address && PlaceDoubts(field, text, mapped, sheetPrefecture, rowPrefectures, alternatives) > 0;
            if (field is Field.County or Field.Name or Field.Address
                && alternatives.FirstOrDefault(a => (doubted || Dropped(text, a, leading: LeadsWithPlace(a))) && Near(text, a) && PlacesKnown(field, a, mapped, rowPrefectures)) is { } known)
            {
                reasons.Add(new RowReason("ocr.reading_chosen", Key(field), $"{where}: another model read '{known}', whose place names are all known; taken", ReasonSeverity.Info));
                alternatives = alternatives.Where(a => a != known).Append(text).ToList();
                text = fix.Take(known);
            }
            // Otherwise what a list can say is a third opinion (Settles), and a differing reading it rules out stands
            // beside the main one as an info (one the same corrections make equal vouches for an unsure main one).
            else if (alternatives.Where(a => Comparable(field, Final(field, a, mapped, sheetPrefecture, rowPrefectures, [.. alternatives, text])) != Comparable(field, text)
                && Settles(field, text, a, mapped, rowPrefectures)).ToList() is { Count: > 0 } ruledOut)
            {
                reasons.Add(new RowReason("ocr.reading_settled", Key(field), $"{where}: another model read {string.Join(" or ", ruledOut.Select(a => $"'{a}'"))}, which no list would say; not taken", ReasonSeverity.Info));
                alternatives = alternatives.Except(ruledOut).ToList();
            }
            if (field is Field.Name or Field.Address)
                text = CorrectPlaces(fix, text, rowPrefectures, alternatives);
            var correction = Correct(field, text, sheetPrefecture, rowPrefectures);
            if (correction is { Changed: true } && field == Field.Phone)
            {
                // A phone's stray rule is the picture's, never the list's.
                reasons.Add(new RowReason("ocr.corrected", Key(field), $"{where} corrected to '{correction.Text}'", ReasonSeverity.Info));
                text = fix.Take(correction.Text);
            }
            else if (correction is { Changed: true })
            {
                text = fix.Corrected(correction.Text, $"{text} → {correction.Text}");
            }
            else if (correction is { Ambiguous: true })
            {
                reasons.Add(new RowReason("ocr.ambiguous_correction", Key(field), $"{where} could be {string.Join(" or ", correction.Candidates.Select(c => $"'{c}'"))}", ReasonSeverity.Review));
            }
            else if (cell.Confidence < MinConfidence && !alternatives.Any(a => Comparable(field, Final(field, a, mapped, sheetPrefecture, rowPrefectures, [text])) == Comparable(field, text)))
            {
                // Unsure, and no other model read the same (a phone read 0719一5229621 by one engine is the same number).
                reasons.Add(new RowReason("ocr.low_confidence", Key(field), $"{where} was read with low confidence", ReasonSeverity.Review));
            }

            var readings = alternatives.Append(text).ToList();
            var differing = alternatives.Where(a => Comparable(field, Final(field, a, mapped, sheetPrefecture, rowPrefectures, readings)) != Comparable(field, text)).ToList();
            if (differing.Count > 0)
                reasons.Add(new RowReason("ocr.models_disagree", Key(field), $"{where}: another model read {string.Join(" or ", differing.Select(a => $"'{a}'"))}", ReasonSeverity.Review));

            if (field == Field.Phone && (PhoneNormalizer.Parse(text) is var phones) && (phones.Phones.Count == 0 || phones.Unparsed.Count > 0) && cell.Confidence >= MinConfidence)
                reasons.Add(new RowReason("ocr.phone_unreadable", "phone", $"{where} does not read as phone numbers", ReasonSeverity.Review));
        }
        return row.WithReasons(reasons) with { Mapped = mapped };
    }

    /// <summary>Place names inside a name or address corrected (<see cref="OcrCorrector.PlaceNames"/>), each change a reason; the text as corrected.</summary>
    private string CorrectPlaces(FieldFix fix, string text, IReadOnlyCollection<string> rowPrefectures, IReadOnlyCollection<string> alternatives)
    {
        var places = corrector.PlaceNames(text, PlaceContext(fix.Mapped), rowPrefectures, alternatives);
        if (places.Changes.Count > 0)
            text = fix.Corrected(places.Text, string.Join(", ", places.Changes));
        if (places.Inferred.Count > 0)
        {
            // Taken as the likeliest reading, and checked by a person like any other ambiguous one.
            fix.Reasons.Add(new RowReason("ocr.ambiguous_correction", Key(fix.Field), $"{fix.Where}: corrected by inference ({string.Join(", ", places.Inferred)}); check it", ReasonSeverity.Review));
            text = fix.Take(places.Text);
        }
        if (places.Ambiguous.Count > 0)
            fix.Reasons.Add(new RowReason("ocr.ambiguous_correction", Key(fix.Field), $"{fix.Where}: {string.Join(", ", places.Ambiguous)} is no known place and could be several", ReasonSeverity.Review));
        return text;
    }

    /// <summary>
    /// One cell of a row being checked: where its corrections and reasons go. A correction of text every model read
    /// alike (<paramref name="Confirmed"/>) may be the list's own spelling, so a person checks it.
    /// </summary>
    private sealed record FieldFix(List<RowReason> Reasons, Dictionary<Field, string> Mapped, Field Field, string Where, bool Confirmed)
    {
        /// <summary>The cell now reads <paramref name="text"/>; returns it.</summary>
        public string Take(string text) => Mapped[Field] = text;

        public string Corrected(string corrected, string changes)
        {
            var note = Confirmed ? "; every model read it so, so the list itself may spell it this way" : "";
            Reasons.Add(new RowReason("ocr.corrected", Key(Field), $"{Where}: corrected ({changes}){note}", Confirmed ? ReasonSeverity.Review : ReasonSeverity.Info));
            return Take(corrected);
        }
    }

    /// <summary>
    /// How many place names in a reading cannot be settled: a district cell that names no division and is no one
    /// county's misreading, or the runs of a name or address reported as ambiguous.
    /// </summary>
    private int PlaceDoubts(Field field, string text, Dictionary<Field, string> mapped, string? sheetPrefecture, IReadOnlyCollection<string> rowPrefectures, IReadOnlyCollection<string> readings)
    {
        // The same correction the cell would get: the sheet's prefecture settles some district cells too.
        if (field == Field.County)
            return corrector.IsKnownPlace(text) || Correct(field, text, sheetPrefecture, rowPrefectures) is { Changed: true } ? 0 : 1;
        var places = corrector.PlaceNames(text, PlaceContext(mapped), rowPrefectures, readings);
        return places.Ambiguous.Count + places.Inferred.Count;
    }

    /// <summary>
    /// Whether <paramref name="other"/> is <paramref name="text"/> with characters added (every character of the text
    /// in it, in order), counting letters, digits and Chinese only: a rule or a speck read as <c>|</c> or <c>_</c> at
    /// a cell's edge is no character the main reader dropped. Nor is a Latin letter, nor a character added before the
    /// text's first unless <paramref name="leading"/> (the other reading starts with a place name: 郧阳区 for 阳区):
    /// the second engine reads a cell's left rule or margin as 人 or 和 (人金坛区人民医院).
    /// </summary>
    internal static bool Dropped(string text, string other, bool leading)
    {
        text = string.Concat(text.Where(char.IsLetterOrDigit));
        other = string.Concat(other.Where(char.IsLetterOrDigit));
        if (other.Length <= text.Length || text.Length == 0 || other[0] != text[0] && !leading)
            return false;
        var at = 0;
        foreach (var c in other)
        {
            if (at < text.Length && text[at] == c)
                at++;
            else if (char.IsAsciiLetter(c))
                return false;
        }
        return at == text.Length;
    }

    /// <summary>
    /// Whether the main reading <paramref name="text"/> stands against <paramref name="other"/> by what a list can
    /// say: phones that all parse against a reading that does not (0473-6907021713191356373, a slash read as 7); a
    /// name or address whose places are all known against one that misreads them (崇仁县胜利路 against 泓仁县胜利路,
    /// 威县 against 娇县) and reads no more characters (the main reader drops one it cannot place: 沙堵镇 for 沙圪堵镇);
    /// or, starting with a place name, against the same text after a character that starts no place (a cell's left
    /// rule read as 人: 人金坛区人民医院; not 县人民医院 against 陈县人民医院, where the main reader dropped 隰).
    /// </summary>
    private bool Settles(Field field, string text, string other, Dictionary<Field, string> mapped, IReadOnlyCollection<string> rowPrefectures)
    {
        if (field == Field.Phone)
            return PhoneNormalizer.Parse(text) is { Phones.Count: > 0, Unparsed.Count: 0 } && PhoneNormalizer.Parse(other) is not { Phones.Count: > 0, Unparsed.Count: 0 };
        if (!PlacesKnown(field, text, mapped, rowPrefectures))
            return false;
        var (main, second) = (string.Concat(text.Where(char.IsLetterOrDigit)), string.Concat(other.Where(char.IsLetterOrDigit)));
        return !PlacesKnown(field, other, mapped, rowPrefectures) && second.Length <= main.Length
            || second.Length == main.Length + 1 && second.EndsWith(main, StringComparison.Ordinal) && LeadsWithPlace(text) && !LeadsWithPlace(other);
    }

    /// <summary>
    /// Whether another reading reads the same text, differing in a third of its characters at most (two in a short
    /// one): nonsense (RMARGIR for 阳县人民医院) names no place either, but is no reading of the cell to take.
    /// </summary>
    private static bool Near(string text, string other)
    {
        var limit = Math.Max(2, text.Length / 3);
        return TextDistance.EditDistance(text, other, limit) <= limit;
    }

    /// <summary>Whether a reading starts with a known place name (郧阳区中医医院; not 人金坛区人民医院).</summary>
    private bool LeadsWithPlace(string text) =>
        Enumerable.Range(2, Math.Max(0, Math.Min(8, text.Length) - 1)).Any(length => "省市县区旗盟州".Contains(text[length - 1], StringComparison.Ordinal) && corrector.IsKnownPlace(text[..length]));

    /// <summary>Whether a reading's place names are all known as read.</summary>
    private bool PlacesKnown(Field field, string text, Dictionary<Field, string> mapped, IReadOnlyCollection<string> rowPrefectures) =>
        field == Field.County ? corrector.IsKnownPlace(text) : corrector.PlaceNames(text, PlaceContext(mapped), rowPrefectures) is { Changes.Count: 0, Ambiguous.Count: 0, Inferred.Count: 0 };

    private OcrCorrector.Correction? Correct(Field field, string text, string? sheetPrefecture, IReadOnlyCollection<string> rowPrefectures) => field switch
    {
        Field.County => corrector.District(text, sheetPrefecture, rowPrefectures),
        Field.Name => OcrCorrector.InstitutionName(text),
        Field.Phone => OcrCorrector.Phone(text),
        _ => null,
    };

    /// <summary>What <paramref name="text"/> becomes after the corrections <see cref="Check"/> makes, without their reasons.</summary>
    private string Final(Field field, string text, Dictionary<Field, string> mapped, string? sheetPrefecture, IReadOnlyCollection<string> rowPrefectures, IReadOnlyCollection<string> readings)
    {
        if (field is Field.Name or Field.Address)
            text = corrector.PlaceNames(text, PlaceContext(mapped), rowPrefectures, readings).Text;
        return Correct(field, text, sheetPrefecture, rowPrefectures) is { Changed: true } correction ? correction.Text : text;
    }

    /// <summary>Phones compare as the numbers they parse to (<c>0719—5229621</c> is <c>0719-5229621</c>), other fields as text.</summary>
    private static string Comparable(Field field, string text) =>
        field == Field.Phone && PhoneNormalizer.Parse(text) is { Phones.Count: > 0 } parsed ? string.Join(' ', parsed.Phones) : text;

    private static List<string> PlaceContext(Dictionary<Field, string> mapped) =>
        new[] { mapped.GetValueOrDefault(Field.County), mapped.GetValueOrDefault(Field.City) }.OfType<string>().ToList();

    private static string Key(Field field) => field.ToString().ToLowerInvariant();
}

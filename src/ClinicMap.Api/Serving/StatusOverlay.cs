using System.Collections.Frozen;
using System.Text.Json;
using ClinicMap.Data.Status;

namespace ClinicMap.Api.Serving;

/// <summary>
/// The live status hospitals report (<see cref="StatusStore"/>), laid over whatever version is served: it survives
/// index swaps because it is keyed by the clinic's stable id, and it is replaced whole when a report is heard of
/// (<see cref="StatusRefresher"/>). A report past its <c>validUntil</c> reads as <c>unknown</c>, never as its last value;
/// one older than <see cref="ServingOptions.StatusFreshMinutes"/> is still shown, marked not fresh (the map greys it).
/// Each status's JSON is written once, in both its fresh and stale form, so an answer only copies bytes.
/// </summary>
public sealed class StatusOverlay(Microsoft.Extensions.Options.IOptions<ServingOptions> options, TimeProvider clock)
{
    private sealed record Entry(ClinicStatus Status, byte[] FreshJson, byte[] StaleJson);

    private volatile FrozenDictionary<Guid, Entry> _entries = FrozenDictionary<Guid, Entry>.Empty;

    /// <summary>
    /// Every instant at which some answer's status changes without a new report (a report going stale or expiring),
    /// in order: what <see cref="Tag"/> and <see cref="SecondsUntilChange"/> look up.
    /// </summary>
    private volatile long[] _transitions = [];

    /// <summary>The <c>status</c> member of a clinic with no valid report.</summary>
    public static ReadOnlySpan<byte> UnknownStatusJson => UnknownJson;

    private static readonly Contracts.StatusDto Unknown = new("unknown", null, null, null, null, null, false);

    /// <summary>The <c>status</c> member of a clinic with no valid report. Never written to: callers only copy it.</summary>
    private static readonly byte[] UnknownJson = JsonSerializer.SerializeToUtf8Bytes(Unknown, Contracts.ContractJson.Options);

    /// <summary>The clinics with a report held (valid or not: ask <see cref="Of"/>).</summary>
    public IEnumerable<Guid> Reported => _entries.Keys;

    /// <summary>The sequence number of the newest report held (0 before the first load).</summary>
    public long LastSeq { get; private set; }

    /// <summary>Replaces every status with <paramref name="current"/> (each clinic's latest valid report), as of <paramref name="lastSeq"/>.</summary>
    public void Load(IReadOnlyList<ClinicStatus> current, long lastSeq)
    {
        var fresh = TimeSpan.FromMinutes(options.Value.StatusFreshMinutes);
        _transitions = [.. current.SelectMany(s => new[] { s.ValidUntil.ToUnixTimeMilliseconds(), (s.ReportedAt + fresh).ToUnixTimeMilliseconds() }).Distinct().Order()];
        _entries = current.ToFrozenDictionary(s => s.ClinicId, s => new Entry(s, Json(s, fresh: true), Json(s, fresh: false)));
        LastSeq = lastSeq;
    }

    /// <summary>
    /// A short text that changes whenever any status answer may have changed: a new report (its sequence number) or a
    /// report going stale or expiring since (the latest such instant passed). Answers that carry statuses put it in
    /// their ETag, so that a revalidating client never keeps a status that has since changed or expired.
    /// </summary>
    public string Tag()
    {
        var transitions = _transitions;
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var passed = Array.BinarySearch(transitions, now);
        var index = passed >= 0 ? passed : ~passed - 1;
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"s{LastSeq}.{(index >= 0 ? transitions[index] : 0)}");
    }

    /// <summary>Whole seconds until the next report goes stale or expires (at least 1), or <c>null</c> when none will.</summary>
    public int? SecondsUntilChange()
    {
        var transitions = _transitions;
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var at = Array.BinarySearch(transitions, now);
        var next = at >= 0 ? at + 1 : ~at;
        return next < transitions.Length ? (int)Math.Max(1, Math.Ceiling((transitions[next] - now) / 1000.0)) : null;
    }

    /// <summary>The clinic's status now, or <c>null</c> when it has none or it has expired (unknown).</summary>
    public ClinicStatus? Of(Guid clinicId) =>
        _entries.TryGetValue(clinicId, out var entry) && entry.Status.IsValidAt(clock.GetUtcNow()) ? entry.Status : null;

    /// <summary>The clinic's <c>status</c> member as UTF-8 JSON, as of now (shared: the caller must not change it).</summary>
    public byte[] JsonOf(Guid clinicId)
    {
        if (!_entries.TryGetValue(clinicId, out var entry))
            return UnknownJson;
        var now = clock.GetUtcNow();
        if (!entry.Status.IsValidAt(now))
            return UnknownJson;
        return IsFresh(entry.Status) ? entry.FreshJson : entry.StaleJson;
    }

    /// <summary>The clinic's <c>status</c> member as an object, as of now, for answers that are serialised whole (lists).</summary>
    public Contracts.StatusDto DtoOf(Guid clinicId)
    {
        if (!_entries.TryGetValue(clinicId, out var entry) || !entry.Status.IsValidAt(clock.GetUtcNow()))
            return Unknown;
        return Dto(entry.Status, IsFresh(entry.Status));
    }

    private bool IsFresh(ClinicStatus s) => clock.GetUtcNow() - s.ReportedAt <= TimeSpan.FromMinutes(options.Value.StatusFreshMinutes);

    /// <summary>
    /// Whether <c>open=true</c> keeps the clinic: every clinic except those whose valid report says it takes no one now
    /// (suspended, full or closed today). A clinic nobody reported on is kept: unknown is not closed.
    /// </summary>
    public bool MayBeOpen(Guid clinicId) => Of(clinicId)?.State is not (ClinicState.Suspended or ClinicState.Full or ClinicState.ClosedToday);

    private static Contracts.StatusDto Dto(ClinicStatus s, bool fresh) =>
        new(s.State.ToWire(), s.WaitMinutes, s.BedsAvailable, s.BedsTotal, s.Note, s.ReportedAt, fresh);

    private static byte[] Json(ClinicStatus s, bool fresh) => JsonSerializer.SerializeToUtf8Bytes(Dto(s, fresh), Contracts.ContractJson.Options);
}

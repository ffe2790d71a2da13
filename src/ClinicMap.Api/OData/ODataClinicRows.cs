using System.Runtime.CompilerServices;
using ClinicMap.Api.Serving;

namespace ClinicMap.Api.OData;

/// <summary>
/// The OData rows of each served version, built on its first OData request and dropped with the version: every
/// query filters and orders the same rows in memory (LINQ to objects), never the database. Thread-safe.
/// </summary>
public sealed class ODataClinicRows
{
    private readonly ConditionalWeakTable<ClinicIndex, Rows> _rows = [];

    /// <summary>
    /// The rows of <paramref name="index"/> in id order (PostgreSQL's uuid order, the order ties keep) with the live
    /// statuses laid over them: the shared array itself when no clinic has a valid
    /// report, else a copy in which each reported clinic is a copy carrying its status.
    /// </summary>
    public ODataClinic[] For(ClinicIndex index, StatusOverlay statuses)
    {
        var rows = Of(index);
        ODataClinic[]? laid = null;
        foreach (var id in statuses.Reported)
        {
            if (!rows.Position.TryGetValue(id, out var at) || statuses.Of(id) is null)
                continue;
            laid ??= (ODataClinic[])rows.All.Clone();
            laid[at] = rows.All[at].WithStatus(statuses.DtoOf(id));
        }
        return laid ?? rows.All;
    }

    /// <summary>The row of clinic <paramref name="id"/> with its live status, or <c>null</c>. O(1).</summary>
    public ODataClinic? Find(ClinicIndex index, Guid id, StatusOverlay statuses) =>
        Of(index) is var rows && rows.Position.TryGetValue(id, out var at) ? rows.All[at].WithStatus(statuses.DtoOf(id)) : null;

    private Rows Of(ClinicIndex index) => _rows.GetValue(index, i =>
    {
        var all = i.All(ClinicFilter.Any).Select(c => ODataClinic.From(c, i.IsRoundTheClock(c))).ToArray();
        return new Rows(all, all.Select((r, at) => (r.Id, at)).ToDictionary(p => p.Id, p => p.at));
    });

    private sealed record Rows(ODataClinic[] All, Dictionary<Guid, int> Position);
}

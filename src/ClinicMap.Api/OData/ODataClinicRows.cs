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

    /// <summary>The rows of <paramref name="index"/> in id order (PostgreSQL's uuid order), the order ties keep.</summary>
    public ODataClinic[] For(ClinicIndex index) => Of(index).All;

    /// <summary>The row of clinic <paramref name="id"/>, or <c>null</c>. O(1).</summary>
    public ODataClinic? Find(ClinicIndex index, Guid id) => Of(index).ById.GetValueOrDefault(id);

    private Rows Of(ClinicIndex index) => _rows.GetValue(index, i =>
    {
        var all = i.All(ClinicFilter.Any).Select(c => ODataClinic.From(c, i.IsRoundTheClock(c))).ToArray();
        return new Rows(all, all.ToDictionary(r => r.Id));
    });

    private sealed record Rows(ODataClinic[] All, Dictionary<Guid, ODataClinic> ById);
}

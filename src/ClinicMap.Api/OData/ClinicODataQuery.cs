using ClinicMap.Core.Clinics;
using Microsoft.OData;
using Microsoft.OData.Edm;
using Microsoft.OData.UriParser;

namespace ClinicMap.Api.OData;

/// <summary>
/// The query options of one <c>/odata/Clinics</c> request, parsed by Microsoft.OData.Core's
/// <see cref="ODataQueryOptionParser"/> over <see cref="ClinicEdmModel"/>, then run over a version's clinics.
/// </summary>
public sealed class ClinicODataQuery
{
    /// <summary>The system query options this service answers; any other <c>$</c> option is refused by name.</summary>
    public static IReadOnlySet<string> Supported { get; } = new HashSet<string>(StringComparer.Ordinal) { "$filter", "$orderby", "$select", "$top", "$skip", "$count", "$format" };

    private ClinicODataQuery(FilterClause? filter, OrderByClause? orderBy, SelectExpandClause? select, long? top, long? skip, bool count)
    {
        (Filter, OrderBy, Select, Top, Skip, Count) = (filter, orderBy, select, top, skip, count);
    }

    public FilterClause? Filter { get; }
    public OrderByClause? OrderBy { get; }
    public SelectExpandClause? Select { get; }
    public long? Top { get; }
    public long? Skip { get; }
    public bool Count { get; }

    /// <summary>
    /// Parses the options; throws <see cref="ODataUnsupportedException"/> naming the option for anything malformed
    /// (the parser's own message, which names the position) or unsupported.
    /// </summary>
    public static ClinicODataQuery Parse(IReadOnlyDictionary<string, string> options)
    {
        foreach (var name in options.Keys.Where(k => k.StartsWith('$')))
        {
            if (!Supported.Contains(name))
                throw new ODataUnsupportedException(name, $"the query option {name} is not supported; this service answers {string.Join(", ", Supported)}");
        }
        if (options.TryGetValue("$format", out var format) && !format.StartsWith("json", StringComparison.OrdinalIgnoreCase)
            && !format.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            throw new ODataUnsupportedException("$format", $"$format={format} is not supported; the only format is json");
        var parser = new ODataQueryOptionParser(ClinicEdmModel.Model, ClinicEdmModel.ClinicType, ClinicEdmModel.Clinics,
            options.Where(o => o.Key.StartsWith('$') && o.Key != "$format").ToDictionary(o => o.Key, o => o.Value));
        // Parsing is bounded by the text's length (the parser's recursion limits are not public in this version).
        foreach (var (name, value) in options)
        {
            if (name.StartsWith('$') && value.Length > MaxOptionLength)
                throw new ODataUnsupportedException(name, $"{name} is {value.Length:N0} characters; this service reads at most {MaxOptionLength:N0}");
        }
        var filter = Parse("$filter", parser.ParseFilter);
        var orderBy = Parse("$orderby", parser.ParseOrderBy);
        var select = Parse("$select", parser.ParseSelectAndExpand);
        var top = Parse("$top", parser.ParseTop);
        var skip = Parse("$skip", parser.ParseSkip);
        var count = Parse("$count", parser.ParseCount) ?? false;
        if (filter is not null)
            QueryBudget.CheckShape("$filter", filter.Expression);
        for (var clause = orderBy; clause is not null; clause = clause.ThenBy)
        {
            QueryBudget.CheckShape("$orderby", clause.Expression);
            if (clause.Expression.TypeReference is not { } type || !type.IsPrimitive() || type.IsSpatial() || type.IsStream())
                throw new ODataUnsupportedException("$orderby", $"$orderby takes text, numbers, dates and booleans; {Describe(clause.Expression)} cannot be ordered (order by geo.distance(Location, …) instead)");
        }
        if (top < 0)
            throw new ODataUnsupportedException("$top", "$top must not be negative");
        if (skip < 0)
            throw new ODataUnsupportedException("$skip", "$skip must not be negative");
        if (select is not null && !select.AllSelected && select.SelectedItems.Any(i => !IsPlainProperty(i)))
            throw new ODataUnsupportedException("$select", "$select takes property names only, without nested options or paths");
        return new ClinicODataQuery(filter, orderBy, select, top, skip, count);
    }

    /// <summary>A <c>$select</c> item that names one property and nothing else: no nested options, no path, no expand.</summary>
    private static bool IsPlainProperty(SelectItem item) =>
        item is PathSelectItem { SelectedPath.LastSegment: PropertySegment } path
        && path.SelectedPath.Count == 1
        && (path.SelectAndExpand is null || path.SelectAndExpand.AllSelected && !path.SelectAndExpand.SelectedItems.Any())
        && path.FilterOption is null && path.OrderByOption is null && path.TopOption is null && path.SkipOption is null
        && path.CountOption is null && path.SearchOption is null && path.ComputeOption is null;

    /// <summary>The longest query option read: a real $filter is a few hundred characters.</summary>
    public const int MaxOptionLength = 4096;

    private static string Describe(SingleValueNode node) => node is SingleValuePropertyAccessNode p ? p.Property.Name : $"a {node.Kind} expression";

    private static T Parse<T>(string option, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (ODataException e)
        {
            throw new ODataUnsupportedException(option, $"{option}: {e.Message}");
        }
    }

    /// <summary>The selected property names in model order; every property when there is no $select.</summary>
    public IReadOnlyList<string> SelectedProperties()
    {
        if (Select is null || Select.AllSelected)
            return ClinicEdmModel.PropertyNames;
        var names = Select.SelectedItems.OfType<PathSelectItem>().Select(i => ((PropertySegment)i.SelectedPath.LastSegment).Property.Name).ToHashSet(StringComparer.Ordinal);
        return ClinicEdmModel.PropertyNames.Where(names.Contains).ToList();
    }

    /// <summary>
    /// The clinics that pass $filter, in $orderby order and then by id (so that pages are stable), with the total
    /// before $skip/$top. O(n) to filter plus O(m log m) to sort the m that pass.
    /// </summary>
    /// <exception cref="ODataUnsupportedException">The query spent its <paramref name="budget"/>.</exception>
    public (IReadOnlyList<Clinic> Matching, int Total) Run(IEnumerable<Clinic> clinics, Func<Clinic, bool> roundTheClock, QueryBudget budget)
    {
        var filtering = new ClinicExpression("$filter", roundTheClock, budget);
        var matching = Filter is null ? clinics.ToList() : clinics.Where(c => filtering.Test(Filter.Expression, c)).ToList();
        if (OrderBy is not null)
        {
            var ordering = new ClinicExpression("$orderby", roundTheClock, budget);
            var keys = new List<(SingleValueNode Expression, bool Descending)>();
            for (var clause = OrderBy; clause is not null; clause = clause.ThenBy)
                keys.Add((clause.Expression, clause.Direction == OrderByDirection.Descending));
            var values = matching.ToDictionary(c => c.Id, c => keys.Select(k => ordering.Value(k.Expression, c)).ToArray());
            try
            {
            matching.Sort((a, b) =>
            {
                var (va, vb) = (values[a.Id], values[b.Id]);
                for (var i = 0; i < keys.Count; i++)
                {
                    var order = ordering.CompareValues(va[i], vb[i]);
                    if (order != 0)
                        return keys[i].Descending ? -order : order;
                }
                return string.CompareOrdinal(a.Id.ToString("D"), b.Id.ToString("D"));
            });
            }
            catch (InvalidOperationException e) when (e.InnerException is ODataUnsupportedException unsupported)
            {
                // List.Sort wraps what a comparison throws.
                throw unsupported;
            }
        }
        return (matching, matching.Count);
    }
}

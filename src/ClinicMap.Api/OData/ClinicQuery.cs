using System.Collections.Concurrent;
using System.Linq.Expressions;
using Microsoft.AspNetCore.OData.Query;
using Microsoft.AspNetCore.OData.Query.Expressions;
using Microsoft.AspNetCore.OData.Query.Validator;
using Microsoft.OData;
using Microsoft.OData.Edm;
using Microsoft.OData.UriParser;

namespace ClinicMap.Api.OData;

/// <summary>
/// The query options of one <c>/odata/Clinics</c> request: parsed and validated by ASP.NET Core OData
/// (<see cref="ODataQueryOptions{TEntity}"/>), each option on its own so a refusal names it, then shape-checked
/// (<see cref="QueryBudget"/>) and run over a version's rows. Only <see cref="Supported"/> options are read;
/// everything else — <c>$apply</c>, <c>$search</c>, <c>$expand</c>, <c>$compute</c>, unknown functions, nested
/// <c>$select</c> options — is refused with <see cref="ODataUnsupportedException"/>.
/// </summary>
public sealed class ClinicQuery
{
    /// <summary>The system query options this service answers; any other <c>$</c> option is refused by name.</summary>
    public static IReadOnlySet<string> Supported { get; } = new HashSet<string>(StringComparer.Ordinal) { "$filter", "$orderby", "$select", "$top", "$skip", "$count", "$format" };

    /// <summary>The longest query option read: a real $filter is a few hundred characters.</summary>
    public const int MaxOptionLength = 4096;

    /// <summary>What the library's validators allow: the functions this service binds, no more (geo.* is checked by <see cref="ClinicFunctions"/>).</summary>
    private static readonly ODataValidationSettings Validation = new()
    {
        AllowedQueryOptions = AllowedQueryOptions.Filter | AllowedQueryOptions.OrderBy | AllowedQueryOptions.Select | AllowedQueryOptions.Top
                              | AllowedQueryOptions.Skip | AllowedQueryOptions.Count | AllowedQueryOptions.Format,
        AllowedFunctions = AllowedFunctions.Contains | AllowedFunctions.StartsWith | AllowedFunctions.EndsWith | AllowedFunctions.Length
                           | AllowedFunctions.IndexOf | AllowedFunctions.Substring | AllowedFunctions.ToLower | AllowedFunctions.ToUpper
                           | AllowedFunctions.Trim | AllowedFunctions.Concat | AllowedFunctions.Round | AllowedFunctions.Floor
                           | AllowedFunctions.Ceiling | AllowedFunctions.Any | AllowedFunctions.All,
        MaxNodeCount = QueryBudget.MaxNodes,
        MaxAnyAllExpressionDepth = QueryBudget.MaxLambdaDepth,
        MaxOrderByNodeCount = 8,
    };

    private static readonly ODataQuerySettings Evaluation = new()
    {
        HandleNullPropagation = HandleNullPropagationOption.True,
        // Ties keep the rows' id order (LINQ's sort is stable); the library's own tiebreak would re-sort every page by Guid order.
        EnsureStableOrdering = false,
    };

    private readonly ODataQueryOptions<ODataClinic> _options;

    private ClinicQuery(ODataQueryOptions<ODataClinic> options, long? top, long? skip, bool count) =>
        (_options, Top, Skip, Count) = (options, top, skip, count);

    public long? Top { get; }
    public long? Skip { get; }
    public bool Count { get; }

    /// <summary>Parses and validates the request's options; throws <see cref="ODataUnsupportedException"/> naming the option at fault.</summary>
    public static ClinicQuery Parse(HttpContext context, IEdmModel model, Microsoft.OData.UriParser.ODataPath path)
    {
        var query = context.Request.Query;
        foreach (var (name, values) in query)
        {
            if (!name.StartsWith('$'))
                continue;
            if (!Supported.Contains(name))
                throw new ODataUnsupportedException(name, $"the query option {name} is not supported; this service answers {string.Join(", ", Supported)}");
            if (values.ToString().Length == 0)
                throw new ODataUnsupportedException(name, $"{name} is given without a value");
            if (values.Count > 1)
                throw new ODataUnsupportedException(name, $"{name} is given {values.Count} times; give it once");
            if (values.ToString().Length > MaxOptionLength)
                throw new ODataUnsupportedException(name, $"{name} is {values.ToString().Length:N0} characters; this service reads at most {MaxOptionLength:N0}");
        }
        if (query.TryGetValue("$format", out var format) && !format.ToString().StartsWith("json", StringComparison.OrdinalIgnoreCase)
            && !format.ToString().StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            throw new ODataUnsupportedException("$format", $"$format={format} is not supported; the only format is json");
        var options = Option("$query", () => new ODataQueryOptions<ODataClinic>(new ODataQueryContext(model, typeof(ODataClinic), path), context.Request));
        Option("$filter", () => options.Filter?.Validate(Validation));
        if (options.Filter?.FilterClause is { } filter)
            QueryBudget.CheckShape("$filter", filter.Expression);
        Option("$orderby", () => options.OrderBy?.Validate(Validation));
        for (var clause = options.OrderBy?.OrderByClause; clause is not null; clause = clause.ThenBy)
        {
            QueryBudget.CheckShape("$orderby", clause.Expression);
            if (clause.Expression.TypeReference is not { } type || !type.IsPrimitive() || type.IsSpatial() || type.IsStream())
                throw new ODataUnsupportedException("$orderby", $"$orderby takes text, numbers, dates and booleans; {Describe(clause.Expression)} cannot be ordered (order by geo.distance(Location, …) instead)");
        }
        Option("$select", () => options.SelectExpand?.Validate(Validation));
        if (options.SelectExpand?.SelectExpandClause is { AllSelected: false } select && select.SelectedItems.Any(i => !IsPlainProperty(i)))
            throw new ODataUnsupportedException("$select", "$select takes property names only, without nested options or paths");
        var top = Option("$top", () => options.Top?.Value);
        var skip = Option("$skip", () => options.Skip?.Value);
        var count = Option("$count", () => options.Count?.Value) ?? false;
        if (top < 0)
            throw new ODataUnsupportedException("$top", "$top must not be negative");
        if (skip < 0)
            throw new ODataUnsupportedException("$skip", "$skip must not be negative");
        return new ClinicQuery(options, top, skip, count);
    }

    /// <summary>
    /// The rows that pass $filter, before $skip/$top: in $orderby order and then by id, or in id order alone when
    /// <paramref name="ordered"/> is false (a count needs no order). Evaluation errors (a division by zero, a
    /// substring past the end) and a spent <paramref name="budget"/> refuse the query.
    /// </summary>
    public List<ODataClinic> Run(ODataClinic[] rows, QueryBudget budget, bool ordered = true)
    {
        var matching = _options.Filter is { } filter
            ? Option("$filter", () => Budgeted(rows, "$filter", budget).Where(Predicate(filter)).ToList())
            : [.. rows];
        if (ordered && _options.OrderBy is { } orderBy)
            matching = Option("$orderby", () => Order(matching, Keys(orderBy), budget));
        return matching;
    }

    /// <summary>
    /// The $filter as a compiled predicate, bound by <see cref="ClinicFilterBinder"/> and kept by its text: binding
    /// and compiling cost far more than testing a national version's rows, and real clients repeat their queries.
    /// </summary>
    private static Func<ODataClinic, bool> Predicate(FilterQueryOption filter)
    {
        if (Predicates.TryGetValue(filter.RawValue, out var predicate))
            return predicate;
        var lambda = (Expression<Func<ODataClinic, bool>>)new ClinicFilterBinder().BindFilter(filter.FilterClause, BinderContext());
        predicate = lambda.Compile();
        if (Predicates.Count < CompiledKept)
            Predicates.TryAdd(filter.RawValue, predicate);
        return predicate;
    }

    /// <summary>The $orderby keys as compiled functions (<see cref="ClinicOrderByBinder"/>), each with its direction; kept by text.</summary>
    private static (Func<ODataClinic, object?> Key, bool Descending)[] Keys(OrderByQueryOption orderBy)
    {
        if (Orderings.TryGetValue(orderBy.RawValue, out var keys))
            return keys;
        var list = new List<(Func<ODataClinic, object?>, bool)>();
        for (var result = new ClinicOrderByBinder().BindOrderBy(orderBy.OrderByClause, BinderContext()); result is not null; result = result.ThenBy)
        {
            var lambda = (LambdaExpression)result.OrderByExpression;
            var key = Expression.Lambda<Func<ODataClinic, object?>>(Expression.Convert(lambda.Body, typeof(object)), lambda.Parameters).Compile();
            list.Add((key, result.Direction == OrderByDirection.Descending));
        }
        keys = [.. list];
        if (Orderings.Count < CompiledKept)
            Orderings.TryAdd(orderBy.RawValue, keys);
        return keys;
    }

    /// <summary>A stable sort by the keys (each evaluated once a row): rows equal on every key keep their id order.</summary>
    private static List<ODataClinic> Order(List<ODataClinic> rows, (Func<ODataClinic, object?> Key, bool Descending)[] keys, QueryBudget budget)
    {
        var values = new object?[rows.Count][];
        var i = 0;
        foreach (var row in Budgeted(rows, "$orderby", budget))
            values[i++] = Array.ConvertAll(keys, k => k.Key(row));
        var order = Enumerable.Range(0, rows.Count).ToArray();
        Array.Sort(order, (a, b) =>
        {
            for (var k = 0; k < keys.Length; k++)
            {
                var c = Comparer<object>.Default.Compare(values[a][k], values[b][k]);
                if (c != 0)
                    return keys[k].Descending ? -c : c;
            }
            return a.CompareTo(b);
        });
        return order.Select(o => rows[o]).ToList();
    }

    /// <summary>How many compiled filters and orderings are kept; past it a query is compiled for itself alone.</summary>
    private const int CompiledKept = 1000;

    private static readonly ConcurrentDictionary<string, Func<ODataClinic, bool>> Predicates = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, (Func<ODataClinic, object?>, bool)[]> Orderings = new(StringComparer.Ordinal);

    private static QueryBinderContext BinderContext() => new(ClinicEdmModel.Model, Evaluation, typeof(ODataClinic));

    /// <summary>
    /// The page as the serializer writes it: the rows themselves, with the $select clause on the request's OData
    /// feature, where the serializer reads which properties to write (the library's projection wrappers would compile
    /// a query per request for rows that are already in memory).
    /// </summary>
    public IQueryable Shape(List<ODataClinic> page, Microsoft.AspNetCore.OData.Abstracts.IODataFeature feature)
    {
        if (_options.SelectExpand is { } select)
            feature.SelectExpandClause = select.SelectExpandClause;
        return page.AsQueryable();
    }

    /// <summary>The rows, one budget step each: a query past its time or whose client left stops between two rows.</summary>
    internal static IEnumerable<ODataClinic> Budgeted(IEnumerable<ODataClinic> rows, string target, QueryBudget budget)
    {
        foreach (var row in rows)
        {
            budget.Step(target);
            yield return row;
        }
    }

    /// <summary>
    /// Runs one option's parse, validation or evaluation; the library's refusals (and a query that cannot be
    /// evaluated) become <see cref="ODataUnsupportedException"/> naming <paramref name="option"/>.
    /// </summary>
    private static T Option<T>(string option, Func<T> run)
    {
        try
        {
            return run();
        }
        catch (Exception e) when (e is ODataException or ArgumentException or InvalidOperationException or ArithmeticException or FormatException or InvalidCastException or NotSupportedException)
        {
            var inner = e is InvalidOperationException { InnerException: ODataUnsupportedException unsupported } ? unsupported : null;
            throw inner ?? new ODataUnsupportedException(option, $"{option}: {e.Message}");
        }
    }

    private static void Option(string option, Action run) => Option<object?>(option, () => { run(); return null; });

    /// <summary>A <c>$select</c> item that names one property and nothing else: no nested options, no path, no expand.</summary>
    private static bool IsPlainProperty(SelectItem item) =>
        item is PathSelectItem { SelectedPath.LastSegment: PropertySegment } path
        && path.SelectedPath.Count == 1
        && (path.SelectAndExpand is null || path.SelectAndExpand.AllSelected && !path.SelectAndExpand.SelectedItems.Any())
        && path.FilterOption is null && path.OrderByOption is null && path.TopOption is null && path.SkipOption is null
        && path.CountOption is null && path.SearchOption is null && path.ComputeOption is null;

    private static string Describe(SingleValueNode node) => node is SingleValuePropertyAccessNode p ? p.Property.Name : $"a {node.Kind} expression";
}

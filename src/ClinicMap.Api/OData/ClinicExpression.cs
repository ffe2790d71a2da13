using ClinicMap.Core.Clinics;
using ClinicMap.Core.Geography;
using Microsoft.OData.UriParser;
using Microsoft.Spatial;

namespace ClinicMap.Api.OData;

/// <summary>
/// Evaluates an OData semantic tree (from <c>ODataQueryOptionParser</c>) against one clinic in memory — the same
/// index that answers the REST endpoints, so OData needs no SQL of its own. Supported: <c>eq ne gt ge lt le and or
/// not</c>, <c>add sub mul div mod</c> and negation on numbers, <c>in</c>, <c>any</c>/<c>all</c> over the
/// collections, the string functions <c>contains startswith endswith length indexof substring tolower toupper trim
/// concat</c>, <c>round floor ceiling</c>, and <c>geo.distance</c> in metres on the WGS-84 ellipsoid. Anything else
/// raises <see cref="ODataUnsupportedException"/>.
/// </summary>
/// <remarks>
/// Comparisons follow OData's null rules: <c>null eq null</c> is true, any other comparison with null is false.
/// Strings compare ordinally (by UTF-16 code unit), as OData leaves collation to the service.
/// </remarks>
public sealed class ClinicExpression(string target, Func<Clinic, bool> roundTheClock, QueryBudget budget)
{
    /// <summary>True when <paramref name="node"/> (a $filter) holds for the clinic.</summary>
    public bool Test(SingleValueNode node, Clinic clinic) => Evaluate(node, new Scope(clinic, null, null, null)) is true;

    /// <summary>The value of <paramref name="node"/> (a $orderby expression) for the clinic.</summary>
    public object? Value(SingleValueNode node, Clinic clinic) => Evaluate(node, new Scope(clinic, null, null, null));

    /// <summary>The clinic and the lambda variables in reach: an inner any/all may name an outer one's item.</summary>
    private sealed record Scope(Clinic Clinic, string? Variable, object? Item, Scope? Outer)
    {
        public Scope With(string? variable, object? item) => new(Clinic, variable, item, this);

        public bool TryGet(string name, out object? item)
        {
            for (var scope = this; scope is not null; scope = scope.Outer)
            {
                if (scope.Variable == name)
                {
                    item = scope.Item;
                    return true;
                }
            }
            item = null;
            return false;
        }
    }

    private object? Evaluate(QueryNode node, Scope scope)
    {
        budget.Step(target);
        return EvaluateNode(node, scope);
    }

    private object? EvaluateNode(QueryNode node, Scope scope) => node switch
    {
        ConstantNode c => c.Value,
        ConvertNode c => Evaluate(c.Source, scope),
        SingleValuePropertyAccessNode p when p.Source is ResourceRangeVariableReferenceNode => ClinicValues.Get(scope.Clinic, p.Property.Name, roundTheClock(scope.Clinic)),
        CollectionPropertyAccessNode p when p.Source is ResourceRangeVariableReferenceNode => ClinicValues.Get(scope.Clinic, p.Property.Name, roundTheClock(scope.Clinic)),
        NonResourceRangeVariableReferenceNode v when scope.TryGet(v.Name, out var item) => item,
        BinaryOperatorNode b => Binary(b, scope),
        UnaryOperatorNode { OperatorKind: UnaryOperatorKind.Not } u => Evaluate(u.Operand, scope) is bool v ? !v : null,
        UnaryOperatorNode { OperatorKind: UnaryOperatorKind.Negate } u => Evaluate(u.Operand, scope) is { } v ? -Number(v) : null,
        InNode i => In(i, scope),
        AnyNode a => Items(a.Source, scope).Any(item => Evaluate(a.Body, scope.With(a.CurrentRangeVariable?.Name, item)) is true),
        AllNode a => Items(a.Source, scope).All(item => Evaluate(a.Body, scope.With(a.CurrentRangeVariable?.Name, item)) is true),
        SingleValueFunctionCallNode f => Function(f, scope),
        _ => throw new ODataUnsupportedException(target, $"this service does not evaluate {Describe(node)} in {target}"),
    };

    private IEnumerable<object?> Items(CollectionNode source, Scope scope) =>
        Evaluate(source, scope) is System.Collections.IEnumerable items ? items.Cast<object?>() : [];

    private bool In(InNode node, Scope scope)
    {
        var left = Evaluate(node.Left, scope);
        var right = node.Right switch
        {
            CollectionConstantNode constants => constants.Collection.Select(c => c.Value),
            var other => Items(other, scope),
        };
        return right.Any(r => Compare(left, r) == 0);
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1859", Justification = "a comparison answers a bool, arithmetic a double or null: the value is an OData value")]
    private object? Binary(BinaryOperatorNode node, Scope scope)
    {
        switch (node.OperatorKind)
        {
            case BinaryOperatorKind.And:
                return Evaluate(node.Left, scope) is true && Evaluate(node.Right, scope) is true;
            case BinaryOperatorKind.Or:
                return Evaluate(node.Left, scope) is true || Evaluate(node.Right, scope) is true;
        }
        var left = Evaluate(node.Left, scope);
        var right = Evaluate(node.Right, scope);
        switch (node.OperatorKind)
        {
            case BinaryOperatorKind.Equal:
                return left is null || right is null ? left is null && right is null : Compare(left, right) == 0;
            case BinaryOperatorKind.NotEqual:
                return left is null || right is null ? !(left is null && right is null) : Compare(left, right) != 0;
            case BinaryOperatorKind.GreaterThan:
                return left is not null && right is not null && Compare(left, right) > 0;
            case BinaryOperatorKind.GreaterThanOrEqual:
                return left is not null && right is not null && Compare(left, right) >= 0;
            case BinaryOperatorKind.LessThan:
                return left is not null && right is not null && Compare(left, right) < 0;
            case BinaryOperatorKind.LessThanOrEqual:
                return left is not null && right is not null && Compare(left, right) <= 0;
        }
        if (left is null || right is null)
            return null;
        return node.OperatorKind switch
        {
            BinaryOperatorKind.Add => Number(left) + Number(right),
            BinaryOperatorKind.Subtract => Number(left) - Number(right),
            BinaryOperatorKind.Multiply => Number(left) * Number(right),
            BinaryOperatorKind.Divide => Number(left) / Number(right),
            BinaryOperatorKind.Modulo => Number(left) % Number(right),
            _ => throw new ODataUnsupportedException(target, $"this service does not evaluate the operator '{node.OperatorKind}' in {target}"),
        };
    }

    private object? Function(SingleValueFunctionCallNode call, Scope scope)
    {
        var args = call.Parameters.Select(p => Evaluate(p, scope)).ToList();
        if (args.Any(a => a is null))
            return null;
        string S(int i) => args[i] as string ?? throw new ODataUnsupportedException(target, $"{call.Name} takes text as argument {i + 1}");
        int I(int i) => (int)Number(args[i]);
        return (call.Name, args.Count) switch
        {
            ("contains", 2) => S(0).Contains(S(1), StringComparison.Ordinal),
            ("startswith", 2) => S(0).StartsWith(S(1), StringComparison.Ordinal),
            ("endswith", 2) => S(0).EndsWith(S(1), StringComparison.Ordinal),
            ("length", 1) => S(0).Length,
            ("indexof", 2) => S(0).IndexOf(S(1), StringComparison.Ordinal),
            ("substring", 2) => I(1) >= S(0).Length ? "" : S(0)[Math.Max(0, I(1))..],
            ("substring", 3) => Substring(S(0), I(1), I(2)),
            ("tolower", 1) => S(0).ToLowerInvariant(),
            ("toupper", 1) => S(0).ToUpperInvariant(),
            ("trim", 1) => S(0).Trim(),
            ("concat", 2) => S(0) + S(1),
            ("round", 1) => Math.Round(Number(args[0]), MidpointRounding.AwayFromZero),
            ("floor", 1) => Math.Floor(Number(args[0])),
            ("ceiling", 1) => Math.Ceiling(Number(args[0])),
            ("geo.distance", 2) => Geodesic.DistanceMeters(Point(args[0]), Point(args[1])),
            _ => throw new ODataUnsupportedException(target, $"this service does not evaluate the function {call.Name} with {args.Count} arguments in {target}"),
        };
    }

    private static string Substring(string text, int start, int length)
    {
        start = Math.Clamp(start, 0, text.Length);
        return text.Substring(start, Math.Clamp(length, 0, text.Length - start));
    }

    /// <summary>A geography point as WGS-84. OData literals without an SRID default to 4326; any other SRID is refused.</summary>
    private GeoPoint Point(object? value)
    {
        if (value is not GeographyPoint p)
            throw new ODataUnsupportedException(target, "geo.distance takes two geography points");
        if (p.CoordinateSystem.EpsgId is not (null or 4326))
            throw new ODataUnsupportedException(target, $"geo.distance takes WGS-84 points (SRID=4326); SRID={p.CoordinateSystem.EpsgId} is not converted");
        return new GeoPoint(p.Latitude, p.Longitude);
    }

    private double Number(object? value) => value switch
    {
        int i => i,
        long l => l,
        double d => d,
        float f => f,
        decimal m => (double)m,
        short s => s,
        byte b => b,
        _ => throw new ODataUnsupportedException(target, $"'{value}' is not a number"),
    };

    private int Compare(object? left, object? right)
    {
        if (left is null || right is null)
            return left is null && right is null ? 0 : left is null ? -1 : 1;
        if (IsNumber(left) && IsNumber(right))
            return Number(left).CompareTo(Number(right));
        return (left, right) switch
        {
            (string a, string b) => string.CompareOrdinal(a, b),
            (bool a, bool b) => a.CompareTo(b),
            (Guid a, Guid b) => string.CompareOrdinal(a.ToString("D"), b.ToString("D")),
            (Microsoft.OData.Edm.Date a, Microsoft.OData.Edm.Date b) => a.CompareTo(b),
            (DateTimeOffset a, DateTimeOffset b) => a.CompareTo(b),
            _ => throw new ODataUnsupportedException(target, $"cannot compare {left.GetType().Name} with {right.GetType().Name}"),
        };
    }

    private static bool IsNumber(object value) => value is int or long or double or float or decimal or short or byte;

    private static string Describe(QueryNode node) => node switch
    {
        SingleValueNode s => $"a {s.Kind} node",
        CollectionNode c => $"a {c.Kind} node",
        _ => node.GetType().Name,
    };

    /// <summary>Sort order of two $orderby values: nulls first (ascending), as OData specifies.</summary>
    public int CompareValues(object? left, object? right) => Compare(left, right);
}

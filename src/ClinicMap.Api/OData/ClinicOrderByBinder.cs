using System.Linq.Expressions;
using Microsoft.AspNetCore.OData.Query.Expressions;
using Microsoft.OData.UriParser;

namespace ClinicMap.Api.OData;

/// <summary>
/// ASP.NET Core OData's order-by binder with <see cref="ClinicFunctions"/> (ordering by geo.distance), and text keys
/// ordered ordinally: LINQ would otherwise compare strings with the current culture.
/// </summary>
public sealed class ClinicOrderByBinder : OrderByBinder
{
    public override Expression BindSingleValueFunctionCallNode(SingleValueFunctionCallNode node, QueryBinderContext context) =>
        ClinicFunctions.TryBind(this, node, context, "$orderby", out var bound) ? bound : base.BindSingleValueFunctionCallNode(node, context);

    public override Expression BindBinaryOperatorNode(BinaryOperatorNode binaryOperatorNode, QueryBinderContext context) =>
        ClinicFunctions.TryBindComparison(this, binaryOperatorNode, context, out var bound) ? bound : base.BindBinaryOperatorNode(binaryOperatorNode, context);

    public override OrderByBinderResult BindOrderBy(OrderByClause orderByClause, QueryBinderContext context)
    {
        var result = base.BindOrderBy(orderByClause, context);
        return Ordinal(result);
    }

    private static OrderByBinderResult Ordinal(OrderByBinderResult result)
    {
        var expression = result.OrderByExpression is LambdaExpression { Body.Type: var type } lambda && type == typeof(string)
            ? Expression.Lambda(Expression.Call(typeof(OrdinalKey).GetMethod(nameof(OrdinalKey.Of))!, lambda.Body), lambda.Parameters)
            : result.OrderByExpression;
        return new OrderByBinderResult(expression, result.Direction) { ThenBy = result.ThenBy is { } next ? Ordinal(next) : null };
    }
}

/// <summary>A text ordering key compared by UTF-16 code unit; null first, as OData orders nulls.</summary>
public readonly record struct OrdinalKey(string? Value) : IComparable<OrdinalKey>, IComparable
{
    public static OrdinalKey Of(string? value) => new(value);

    public int CompareTo(OrdinalKey other) => string.CompareOrdinal(Value, other.Value);

    /// <summary>For comparers of boxed keys (<see cref="Comparer{T}.Default"/> of object).</summary>
    public int CompareTo(object? obj) => obj is OrdinalKey other ? CompareTo(other) : 1;

    public static bool operator <(OrdinalKey left, OrdinalKey right) => left.CompareTo(right) < 0;
    public static bool operator <=(OrdinalKey left, OrdinalKey right) => left.CompareTo(right) <= 0;
    public static bool operator >(OrdinalKey left, OrdinalKey right) => left.CompareTo(right) > 0;
    public static bool operator >=(OrdinalKey left, OrdinalKey right) => left.CompareTo(right) >= 0;
}

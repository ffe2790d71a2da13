using System.Linq.Expressions;
using System.Reflection;
using ClinicMap.Core.Geography;
using Microsoft.AspNetCore.OData.Query.Expressions;
using Microsoft.OData.Edm;
using Microsoft.OData.UriParser;
using Microsoft.Spatial;

namespace ClinicMap.Api.OData;

/// <summary>
/// What ClinicMap's filter and order-by binders bind differently from ASP.NET Core OData's own: <c>geo.distance</c>
/// (which it does not bind at all) in metres on the WGS-84 ellipsoid, and the string functions and comparisons
/// ordinally, by UTF-16 code unit, whatever the server's culture (its defaults compare and prefix-match with the
/// current culture, where an ignorable character such as a soft hyphen would match). Both binders call
/// <see cref="TryBind"/> first, so a filter and an ordering agree.
/// </summary>
public static class ClinicFunctions
{
    /// <summary>Binds <paramref name="node"/> when it is one of ours; <c>false</c> leaves it to the library.</summary>
    /// <param name="target">The query option being bound, named in a refusal.</param>
    public static bool TryBind(QueryBinder binder, SingleValueFunctionCallNode node, QueryBinderContext context, string target, out Expression bound)
    {
        var arguments = node.Parameters.ToList();
        Expression Argument(int i) => binder.Bind(arguments[i], context);
        (bound, var done) = (node.Name, arguments.Count) switch
        {
            ("geo.distance", 2) => (Expression.Call(Method(nameof(Distance)), Argument(0), CheckedPoint(arguments[1], target, binder, context)), true),
            ("startswith", 2) => (Expression.Call(Method(nameof(StartsWith)), Argument(0), Argument(1)), true),
            ("endswith", 2) => (Expression.Call(Method(nameof(EndsWith)), Argument(0), Argument(1)), true),
            ("contains", 2) => (Expression.Call(Method(nameof(Contains)), Argument(0), Argument(1)), true),
            ("indexof", 2) => (Expression.Call(Method(nameof(IndexOf)), Argument(0), Argument(1)), true),
            ("tolower", 1) => (Expression.Call(Method(nameof(ToLower)), Argument(0)), true),
            ("toupper", 1) => (Expression.Call(Method(nameof(ToUpper)), Argument(0)), true),
            (string name, _) when name.StartsWith("geo.", StringComparison.Ordinal) =>
                throw new ODataUnsupportedException(target, $"{target}: {name} is not supported; geo.distance(Location, geography'SRID=4326;POINT(lon lat)') is"),
            _ => ((Expression)Expression.Empty(), false),
        };
        return done;
    }

    /// <summary>
    /// <c>gt ge lt le</c> between two strings as an ordinal comparison; <c>false</c> for anything else (equality is
    /// already ordinal).
    /// </summary>
    public static bool TryBindComparison(QueryBinder binder, BinaryOperatorNode node, QueryBinderContext context, out Expression bound)
    {
        bound = Expression.Empty();
        if (node.OperatorKind is not (BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual or BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual))
            return false;
        if (node.Left.TypeReference?.IsString() != true || node.Right.TypeReference?.IsString() != true)
            return false;
        var compare = Expression.Call(Method(nameof(CompareOrdinal)), binder.Bind(node.Left, context), binder.Bind(node.Right, context));
        var zero = Expression.Constant(0, typeof(int?));
        bound = node.OperatorKind switch
        {
            BinaryOperatorKind.GreaterThan => Expression.GreaterThan(compare, zero),
            BinaryOperatorKind.GreaterThanOrEqual => Expression.GreaterThanOrEqual(compare, zero),
            BinaryOperatorKind.LessThan => Expression.LessThan(compare, zero),
            _ => Expression.LessThanOrEqual(compare, zero),
        };
        return true;
    }

    /// <summary>Metres between two points on the WGS-84 ellipsoid (Vincenty), as the REST endpoints measure.</summary>
    public static double Distance(GeographyPoint from, GeographyPoint to) =>
        Geodesic.DistanceMeters(new GeoPoint(from.Latitude, from.Longitude), new GeoPoint(to.Latitude, to.Longitude));

    /// <summary>OData's comparison with null: <c>null</c> and a value compare as no match, so every order is false.</summary>
    public static int? CompareOrdinal(string? a, string? b) => a is null || b is null ? null : string.CompareOrdinal(a, b);

    public static bool StartsWith(string? text, string? prefix) => text is not null && prefix is not null && text.StartsWith(prefix, StringComparison.Ordinal);

    public static bool EndsWith(string? text, string? suffix) => text is not null && suffix is not null && text.EndsWith(suffix, StringComparison.Ordinal);

    public static bool Contains(string? text, string? part) => text is not null && part is not null && text.Contains(part, StringComparison.Ordinal);

    public static int IndexOf(string? text, string? part) => text is null || part is null ? -1 : text.IndexOf(part, StringComparison.Ordinal);

    public static string? ToLower(string? text) => text?.ToLowerInvariant();

    public static string? ToUpper(string? text) => text?.ToUpperInvariant();

    private static MethodInfo Method(string name) => typeof(ClinicFunctions).GetMethod(name, BindingFlags.Public | BindingFlags.Static)!;

    /// <summary>The point geo.distance measures from: a WGS-84 literal, never a property or another system.</summary>
    private static Expression CheckedPoint(QueryNode node, string target, QueryBinder binder, QueryBinderContext context)
    {
        if (node is not ConstantNode { Value: GeographyPoint point })
            throw new ODataUnsupportedException(target, $"{target}: geo.distance measures from a point literal, geography'SRID=4326;POINT(lon lat)'");
        if (point.CoordinateSystem.EpsgId != 4326)
            throw new ODataUnsupportedException(target, $"{target}: geo.distance takes WGS-84 points (SRID=4326), not SRID={point.CoordinateSystem.EpsgId}");
        if (!double.IsFinite(point.Latitude) || !double.IsFinite(point.Longitude) || Math.Abs(point.Latitude) > 90 || Math.Abs(point.Longitude) > 180)
            throw new ODataUnsupportedException(target, $"{target}: POINT({point.Longitude} {point.Latitude}) is not a longitude and a latitude");
        return binder.Bind(node, context);
    }
}

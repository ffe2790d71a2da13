using System.Globalization;
using ClinicMap.Core.Clinics;
using ClinicMap.Core.Geography;
using ClinicMap.Api.Serving;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ClinicMap.Api.Apis;

/// <summary>
/// Reads the query-string fields the public read endpoints share, each error recorded against its own field so
/// that one problem+json answer names every bad value. Each reader returns its default when the field is absent.
/// </summary>
internal static class QueryFields
{
    /// <summary>The coordinate system named by <paramref name="text"/> (wgs84 when absent), or <c>null</c> for a name that is none.</summary>
    public static CoordinateSystem? ParseCrs(string? text) =>
        text is null ? CoordinateSystem.Wgs84 : CoordinateSystemNames.TryParse(text, out var crs) ? crs : null;

    /// <summary>The system named in <paramref name="field"/> (wgs84 when absent); a bad name is recorded against the field.</summary>
    public static CoordinateSystem Crs(string? text, Dictionary<string, string[]> errors, string field = "crs")
    {
        if (ParseCrs(text) is { } crs)
            return crs;
        errors[field] = [CrsError(text)];
        return CoordinateSystem.Wgs84;
    }

    /// <summary>The 400 answer for an endpoint whose only query field to check is <c>crs</c>.</summary>
    public static ValidationProblem BadCrs(string? text) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["crs"] = [CrsError(text)] });

    private static string CrsError(string? text) => $"'{text}' is not a coordinate system; use wgs84, gcj02 or bd09";

    /// <summary>The filter of <c>kind</c> (repeatable), <c>open24h</c> (true/false) and <c>level</c> (a prefix such as 三级).</summary>
    /// <param name="openNow"><c>open=true</c> keeps only clinics <paramref name="mayBeOpen"/> says may take patients now; <c>false</c> or absent keeps all.</param>
    /// <param name="region">An admin-code prefix of 2, 4 or 6 digits (a province, prefecture or county) the clinics must be in.</param>
    public static ClinicFilter Filter(string[]? kind, string? open24h, string? level, Dictionary<string, string[]> errors, string? openNow = null,
        Func<Guid, bool>? mayBeOpen = null, string? region = null)
    {
        var kinds = new List<ClinicKind>();
        foreach (var text in kind ?? [])
        {
            if (ClinicKindNames.TryParse(text, out var parsed))
                kinds.Add(parsed);
            else
                errors["kind"] = [$"'{text}' is not a kind; use {string.Join(", ", ClinicKindNames.All.Select(k => k.ToWire()))}"];
        }
        bool? roundTheClock = null;
        if (open24h is not null)
        {
            if (bool.TryParse(open24h, out var open))
                roundTheClock = open;
            else
                errors["open24h"] = [$"'{open24h}' is neither true nor false"];
        }
        level = string.IsNullOrWhiteSpace(level) ? null : level.Trim();
        if (level is { Length: > MaxLevelLength })
        {
            errors["level"] = [$"a level is at most {MaxLevelLength} characters (such as 三级 or 三级甲等)"];
            level = null;
        }
        var openOnly = false;
        if (openNow is not null && !bool.TryParse(openNow, out openOnly))
            errors["open"] = [$"'{openNow}' is neither true nor false"];
        if (region is not null && !IsRegion(region))
            errors["region"] = [$"'{(region.Length > 12 ? region[..12] + "…" : region)}' is not an admin-code prefix of 2, 4 or 6 digits (44, 4401, 440106)"];
        return new ClinicFilter(kinds.Distinct().ToList(), roundTheClock, level) { Open = openOnly ? mayBeOpen : null, Region = region is not null && IsRegion(region) ? region : null };
    }

    /// <summary>Whether <paramref name="text"/> is an admin-code prefix of a province, prefecture or county (2, 4 or 6 digits).</summary>
    public static bool IsRegion(string? text) => text is { Length: > 0 } && Data.Access.ApiKeyStore.IsJurisdiction(text);

    /// <summary>The longest level filter read: real levels are a few characters (三级甲等).</summary>
    public const int MaxLevelLength = 16;

    public static int Limit(string? text, int defaultLimit, int max, Dictionary<string, string[]> errors)
    {
        if (text is null)
            return defaultLimit;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var limit) && limit is >= 1 && limit <= max)
            return limit;
        errors["limit"] = [$"'{text}' is not a whole number from 1 to {max}"];
        return defaultLimit;
    }

    public static double? Number(string? text, string field, double min, double max, bool required, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required)
                errors[field] = [$"{field} is required"];
            return null;
        }
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            errors[field] = [$"'{text}' is not a number"];
            return null;
        }
        if (value < min || value > max)
        {
            errors[field] = [string.Create(CultureInfo.InvariantCulture, $"{value} is outside {min}..{max}")];
            return null;
        }
        return value;
    }
}

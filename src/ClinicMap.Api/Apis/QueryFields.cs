using System.Globalization;
using ClinicMap.Core.Clinics;
using ClinicMap.Core.Geography;
using ClinicMap.Api.Serving;

namespace ClinicMap.Api.Apis;

/// <summary>
/// Reads the query-string fields the public read endpoints share, each error recorded against its own field so
/// that one problem+json answer names every bad value. Each reader returns its default when the field is absent.
/// </summary>
internal static class QueryFields
{
    public static CoordinateSystem Crs(string? text, Dictionary<string, string[]> errors)
    {
        if (text is null)
            return CoordinateSystem.Wgs84;
        if (CoordinateSystemNames.TryParse(text, out var crs))
            return crs;
        errors["crs"] = [$"'{text}' is not a coordinate system; use wgs84, gcj02 or bd09"];
        return CoordinateSystem.Wgs84;
    }

    /// <summary>The filter of <c>kind</c> (repeatable), <c>open24h</c> (true/false) and <c>level</c> (a prefix such as 三级).</summary>
    public static ClinicFilter Filter(string[]? kind, string? open24h, string? level, Dictionary<string, string[]> errors)
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
        return new ClinicFilter(kinds.Distinct().ToList(), roundTheClock, string.IsNullOrWhiteSpace(level) ? null : level.Trim());
    }

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

using System.Buffers.Text;
using System.Text;
using ClinicMap.Api.Serving;
using ClinicMap.Core.Geography;

namespace ClinicMap.Api.Apis;

/// <summary>
/// The query string of <c>GET /api/v1/clinics</c>: an optional <c>bbox</c> (minLon,minLat,maxLon,maxLat in
/// <c>crs</c>), the shared filters, a page size and the opaque <c>cursor</c> a previous page returned as <c>next</c>.
/// </summary>
public sealed record ClinicListRequest(string? Bbox, string? Crs, string[]? Kind, string? Open24h, string? Level, string? Limit, string? Cursor, string? Open, string? Region)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    /// <summary>The checked request; <c>Box</c> is in WGS-84. <c>After</c> is the last clinic of the previous page of <c>CursorVersion</c>.</summary>
    /// <param name="mayBeOpen">What <c>open=true</c> keeps (<see cref="Serving.StatusOverlay.MayBeOpen"/>).</param>
    public (BoundingBox? Box, ClinicFilter Filter, CoordinateSystem Crs, int Limit, int? CursorVersion, Guid? After, Dictionary<string, string[]> Errors) Validate(Func<Guid, bool>? mayBeOpen = null)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var crs = QueryFields.Crs(Crs, errors);
        BoundingBox? box = null;
        if (Bbox is not null)
        {
            box = BoundingBox.Parse(Bbox, crs, out var error)?.To(CoordinateSystem.Wgs84);
            if (error is not null)
                errors["bbox"] = [error];
        }
        var filter = QueryFields.Filter(Kind, Open24h, Level, errors, Open, mayBeOpen, Region);
        var limit = QueryFields.Limit(Limit, DefaultLimit, MaxLimit, errors);
        int? version = null;
        Guid? after = null;
        if (Cursor is not null)
        {
            if (ReadCursor(Cursor) is { } cursor)
                (version, after) = cursor;
            else
                errors["cursor"] = ["not a cursor this API returned; start from the first page"];
        }
        return (box, filter, crs, limit, version, after, errors);
    }

    /// <summary>The cursor after <paramref name="last"/> in <paramref name="version"/>: base64url of "version:id", opaque to clients.</summary>
    public static string WriteCursor(int version, Guid last) =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes($"{version}:{last:N}"));

    private static (int Version, Guid After)? ReadCursor(string cursor)
    {
        try
        {
            var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            return colon > 0 && int.TryParse(text[..colon], out var version) && Guid.TryParseExact(text[(colon + 1)..], "N", out var id)
                ? (version, id)
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

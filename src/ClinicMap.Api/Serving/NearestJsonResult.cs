using System.Buffers;
using System.Buffers.Text;
using ClinicMap.Api.Contracts;
using ClinicMap.Core.Geography;

namespace ClinicMap.Api.Serving;

/// <summary>
/// Writes a nearest answer — the same JSON as <see cref="NearestResponse"/> serialised — from each clinic's cached
/// UTF-8 (<see cref="ClinicIndex.OpenJson"/>) plus its distance, straight into the response's pipe, so the hot path
/// copies bytes once instead of serialising ~1.7 KB per clinic (navigation links included) on every request.
/// An approximate clinic's <c>distanceRange</c> (<see cref="ClinicIndex.DistanceRanges"/>) follows its distance.
/// </summary>
/// <param name="ranges">One per clinic of <paramref name="nearest"/>, <c>null</c> where it has none.</param>
public sealed class NearestJsonResult(ClinicIndex index, List<(int Position, double DistanceMeters)> nearest, DistanceRangeDto?[] ranges, CoordinateSystem crs) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        var parts = new byte[nearest.Count][];
        Span<byte> number = stackalloc byte[32];
        var distances = new byte[nearest.Count][];
        var length = Head.Length + index.VersionJson.Length + Results.Length + Tail.Length + Math.Max(0, nearest.Count - 1);
        for (var i = 0; i < nearest.Count; i++)
        {
            parts[i] = index.OpenJson(nearest[i].Position, crs);
            distances[i] = Number(Math.Round(nearest[i].DistanceMeters, 1), number);
            if (ranges[i] is { } range)
                distances[i] = [.. distances[i], .. RangeStart, .. Number(range.MinMeters, number), .. RangeMiddle, .. Number(range.MaxMeters, number), .. "}"u8];
            length += parts[i].Length + Distance.Length + distances[i].Length + 1;
        }
        var response = httpContext.Response;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = length;
        var body = response.BodyWriter;
        body.Write(Head);
        body.Write(index.VersionJson);
        body.Write(Results);
        for (var i = 0; i < parts.Length; i++)
        {
            if (i > 0)
                body.Write(","u8);
            body.Write(parts[i]);
            body.Write(Distance);
            body.Write(distances[i]);
            body.Write("}"u8);
        }
        body.Write(Tail);
        return body.FlushAsync(httpContext.RequestAborted).AsTask();
    }

    /// <summary>A number as System.Text.Json writes a double (shortest round-trip form).</summary>
    private static byte[] Number(double value, Span<byte> buffer)
    {
        Utf8Formatter.TryFormat(value, buffer, out var written);
        return buffer[..written].ToArray();
    }

    private static ReadOnlySpan<byte> RangeStart => ",\"distanceRange\":{\"minMeters\":"u8;
    private static ReadOnlySpan<byte> RangeMiddle => ",\"maxMeters\":"u8;
    private static ReadOnlySpan<byte> Head => "{\"dataset\":"u8;
    private static ReadOnlySpan<byte> Results => ",\"results\":["u8;
    private static ReadOnlySpan<byte> Distance => ",\"distanceMeters\":"u8;
    private static ReadOnlySpan<byte> Tail => "]}"u8;
}

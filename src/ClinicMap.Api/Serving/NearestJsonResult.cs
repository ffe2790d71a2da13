using System.Buffers;
using System.Buffers.Text;
using ClinicMap.Api.Contracts;
using ClinicMap.Core.Geography;

namespace ClinicMap.Api.Serving;

/// <summary>
/// Writes a nearest answer — the same JSON as <see cref="NearestResponse"/> serialised — from each clinic's cached
/// UTF-8 (<see cref="ClinicIndex.OpenJson"/>) plus its distance, straight into the response's pipe, so the hot path
/// copies bytes once instead of serialising ~1.7 KB per clinic (navigation links included) on every request.
/// An approximate clinic's <c>distanceRange</c> (<see cref="ClinicIndex.DistanceRanges"/>) follows its distance, and
/// every clinic's live <c>status</c> (<see cref="StatusOverlay"/>, taken once when the answer is made) closes it.
/// </summary>
/// <param name="ranges">One per clinic of <paramref name="nearest"/>, <c>null</c> where it has none.</param>
public sealed class NearestJsonResult(ClinicIndex index, List<(int Position, double DistanceMeters)> nearest, DistanceRangeDto?[] ranges, CoordinateSystem crs,
    StatusOverlay statuses) : IResult
{
    /// <summary>Room for one clinic's distance and range: three numbers of at most 24 bytes and the range's names.</summary>
    private const int NumbersPerClinic = 128;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        // Each clinic's distance (and range) written once into one rented buffer; the pipe copies them out.
        var numbers = ArrayPool<byte>.Shared.Rent(Math.Max(1, nearest.Count) * NumbersPerClinic);
        try
        {
            var ends = nearest.Count <= 16 ? stackalloc int[nearest.Count] : new int[nearest.Count];
            // Each status is taken once: a report swapped in while the answer is written must not change its length.
            var status = new byte[nearest.Count][];
            var (written, length) = (0, Head.Length + index.VersionJson.Length + Results.Length + Tail.Length + Math.Max(0, nearest.Count - 1));
            for (var i = 0; i < nearest.Count; i++)
            {
                var start = written;
                written += Number(Math.Round(nearest[i].DistanceMeters, 1), numbers.AsSpan(written));
                if (ranges[i] is { } range)
                {
                    written += Copy(RangeStart, numbers.AsSpan(written));
                    written += Number(range.MinMeters, numbers.AsSpan(written));
                    written += Copy(RangeMiddle, numbers.AsSpan(written));
                    written += Number(range.MaxMeters, numbers.AsSpan(written));
                    written += Copy("}"u8, numbers.AsSpan(written));
                }
                ends[i] = written;
                status[i] = statuses.JsonOf(index.Clinics[nearest[i].Position].Id);
                length += index.OpenJson(nearest[i].Position, crs).Length + Distance.Length + (written - start) + Status.Length + status[i].Length + 1;
            }
            var response = httpContext.Response;
            response.ContentType = "application/json; charset=utf-8";
            response.ContentLength = length;
            var body = response.BodyWriter;
            body.Write(Head);
            body.Write(index.VersionJson);
            body.Write(Results);
            for (var i = 0; i < nearest.Count; i++)
            {
                if (i > 0)
                    body.Write(","u8);
                body.Write(index.OpenJson(nearest[i].Position, crs));
                body.Write(Distance);
                body.Write(numbers.AsSpan((i == 0 ? 0 : ends[i - 1])..ends[i]));
                body.Write(Status);
                body.Write(status[i]);
                body.Write("}"u8);
            }
            body.Write(Tail);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(numbers);
        }
        return httpContext.Response.BodyWriter.FlushAsync(httpContext.RequestAborted).AsTask();
    }

    /// <summary>A number as System.Text.Json writes a double (shortest round-trip form); returns the bytes written.</summary>
    private static int Number(double value, Span<byte> buffer)
    {
        Utf8Formatter.TryFormat(value, buffer, out var written);
        return written;
    }

    private static int Copy(ReadOnlySpan<byte> text, Span<byte> buffer)
    {
        text.CopyTo(buffer);
        return text.Length;
    }

    private static ReadOnlySpan<byte> RangeStart => ",\"distanceRange\":{\"minMeters\":"u8;
    private static ReadOnlySpan<byte> RangeMiddle => ",\"maxMeters\":"u8;
    private static ReadOnlySpan<byte> Head => "{\"dataset\":"u8;
    private static ReadOnlySpan<byte> Results => ",\"results\":["u8;
    private static ReadOnlySpan<byte> Distance => ",\"distanceMeters\":"u8;
    private static ReadOnlySpan<byte> Tail => "]}"u8;
    private static ReadOnlySpan<byte> Status => ",\"status\":"u8;
}

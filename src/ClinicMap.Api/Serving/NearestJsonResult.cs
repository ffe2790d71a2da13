using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using ClinicMap.Api.Contracts;
using ClinicMap.Core.Geography;
using ClinicMap.Data.Clinics;

namespace ClinicMap.Api.Serving;

/// <summary>
/// Writes a nearest answer — the same JSON as <see cref="NearestResponse"/> serialised — from each clinic's cached
/// UTF-8 (<see cref="ClinicIndex.OpenJson"/>) plus its distance, so the hot path copies bytes instead of
/// serialising ~1.7 KB per clinic (navigation links included) on every request.
/// </summary>
public sealed class NearestJsonResult(ClinicIndex index, IReadOnlyList<ClinicDistance> nearest, CoordinateSystem crs, JsonSerializerOptions options) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var body = new ArrayBufferWriter<byte>(4096 + nearest.Count * 2048);
        var dataset = JsonSerializer.SerializeToUtf8Bytes(new DatasetRef(index.Version.Version, index.Version.PublishedAt), options);
        Write(body, "{\"dataset\":"u8);
        Write(body, dataset);
        Write(body, ",\"results\":["u8);
        for (var i = 0; i < nearest.Count; i++)
        {
            if (i > 0)
                Write(body, ","u8);
            Write(body, index.OpenJson(nearest[i].Clinic, crs, options));
            Write(body, ",\"distanceMeters\":"u8);
            var span = body.GetSpan(32);
            Utf8Formatter.TryFormat(Math.Round(nearest[i].DistanceMeters, 1), span, out var written);
            body.Advance(written);
            Write(body, "}"u8);
        }
        Write(body, "]}"u8);
        httpContext.Response.ContentType = "application/json; charset=utf-8";
        httpContext.Response.ContentLength = body.WrittenCount;
        await httpContext.Response.Body.WriteAsync(body.WrittenMemory, httpContext.RequestAborted);
    }

    private static void Write(ArrayBufferWriter<byte> body, ReadOnlySpan<byte> bytes) => body.Write(bytes);
}

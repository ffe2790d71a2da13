using System.Text.Json;
using ClinicMap.Core.Clinics;
using ClinicMap.Core.Datasets;
using ClinicMap.Core.Geography;

namespace ClinicMap.Api.Contracts;

/// <summary>
/// Writes clinics as an RFC 7946 FeatureCollection of Points, with System.Text.Json. Each Feature has the clinic's
/// id as <c>id</c>, <c>[lon, lat]</c> rounded to 7 decimals (~1 cm), and the contract's fields as properties; the
/// collection carries the dataset version as a foreign member. Hand-written rather than NetTopologySuite's
/// GeoJSON4STJ: that package writes no foreign members (<c>dataset</c>, <c>crs</c>), and for point exports it was
/// measured at about half this writer's speed.
/// </summary>
/// <remarks>
/// RFC 7946 §4 makes WGS-84 the only coordinate system; GCJ-02 or BD-09 are written only when asked for by name,
/// "by prior arrangement" (§4), and the collection then says so in a <c>crs</c> foreign member. Output is
/// written in one forward pass: O(n) time, no intermediate objects.
/// </remarks>
public static class GeoJsonWriter
{
    /// <summary>The properties a Feature can carry; <see cref="Summary"/> is the small set a map needs for its markers.</summary>
    public static IReadOnlyList<string> AllProperties { get; } =
        ["name", "kinds", "address", "adminCode", "province", "city", "district", "phones", "hours", "level", "open24h", "locationPrecision", "source", "status"];

    public static IReadOnlyList<string> Summary { get; } = ["name", "kinds", "open24h", "locationPrecision"];

    public const string MediaType = "application/geo+json";

    private static readonly JsonWriterOptions Options = new() { Encoder = ContractJson.Options.Encoder };

    /// <param name="properties">Which of <see cref="AllProperties"/> to write, in that order of the list given.</param>
    /// <param name="roundTheClock">Whether a clinic is open round the clock (the <c>open24h</c> property).</param>
    /// <param name="status">A clinic's live <c>status</c> member as UTF-8 JSON (<see cref="Serving.StatusOverlay.JsonOf"/>); unknown for all when absent.</param>
    public static byte[] Write(DatasetVersion version, IEnumerable<Clinic> clinics, CoordinateSystem crs, IReadOnlyCollection<string> properties, Func<Clinic, bool> roundTheClock,
        Func<Clinic, byte[]>? status = null)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteString("type", "FeatureCollection");
            json.WriteStartObject("dataset");
            json.WriteNumber("version", version.Version);
            json.WriteString("publishedAt", version.PublishedAt);
            json.WriteEndObject();
            if (crs != CoordinateSystem.Wgs84)
                json.WriteString("crs", crs.ToWire());
            json.WriteStartArray("features");
            foreach (var clinic in clinics)
                WriteFeature(json, clinic, crs, properties, roundTheClock, status);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static void WriteFeature(Utf8JsonWriter json, Clinic clinic, CoordinateSystem crs, IReadOnlyCollection<string> properties, Func<Clinic, bool> roundTheClock,
        Func<Clinic, byte[]>? status)
    {
        var point = clinic.Location.To(crs);
        json.WriteStartObject();
        json.WriteString("type", "Feature");
        json.WriteString("id", clinic.Id);
        json.WriteStartObject("geometry");
        json.WriteString("type", "Point");
        json.WriteStartArray("coordinates");
        json.WriteNumberValue(Math.Round(point.Longitude, 7));
        json.WriteNumberValue(Math.Round(point.Latitude, 7));
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteStartObject("properties");
        foreach (var property in properties)
            WriteProperty(json, property, clinic, roundTheClock, status);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteProperty(Utf8JsonWriter json, string property, Clinic clinic, Func<Clinic, bool> roundTheClock, Func<Clinic, byte[]>? status)
    {
        switch (property)
        {
            case "name": json.WriteString(property, clinic.Name); break;
            case "kinds": WriteStrings(json, property, clinic.Kinds.Select(k => k.ToWire())); break;
            case "address": json.WriteString(property, clinic.Address); break;
            case "adminCode": json.WriteString(property, clinic.AdminCode); break;
            case "province": json.WriteString(property, clinic.Province); break;
            case "city": json.WriteString(property, clinic.City); break;
            case "district": json.WriteString(property, clinic.District); break;
            case "phones": WriteStrings(json, property, clinic.Phones); break;
            case "hours": json.WriteString(property, clinic.Hours); break;
            case "level": json.WriteString(property, clinic.Level); break;
            case "open24h": json.WriteBoolean(property, roundTheClock(clinic)); break;
            case "locationPrecision": json.WriteString(property, clinic.LocationPrecision.ToWire()); break;
            case "source" when clinic.Source is { } s:
                json.WriteStartObject(property);
                json.WriteString("publisher", s.Publisher);
                json.WriteString("title", s.Title);
                if (s.PublishedOn is { } on)
                    json.WriteString("publishedOn", on.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
                else
                    json.WriteNull("publishedOn");
                json.WriteString("documentSha256", s.DocumentSha256);
                json.WriteEndObject();
                break;
            case "source": json.WriteNull(property); break;
            case "status":
                json.WritePropertyName(property);
                json.WriteRawValue(status is null ? Serving.StatusOverlay.UnknownStatusJson : status(clinic), skipInputValidation: true);
                break;
            default: throw new ArgumentException($"'{property}' is not a GeoJSON property of a clinic", nameof(property));
        }
    }

    private static void WriteStrings(Utf8JsonWriter json, string property, IEnumerable<string> values)
    {
        json.WriteStartArray(property);
        foreach (var value in values)
            json.WriteStringValue(value);
        json.WriteEndArray();
    }
}

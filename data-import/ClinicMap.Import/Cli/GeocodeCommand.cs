using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ClinicMap.Core.Clinics;
using ClinicMap.Core.Geography;
using ClinicMap.Data;
using ClinicMap.Data.Boundaries;
using ClinicMap.Geocoding.Addresses;
using ClinicMap.Geocoding.Chain;
using ClinicMap.Geocoding.Gazetteer;
using ClinicMap.Import.Geocoding;

namespace ClinicMap.Import.Cli;

/// <summary>
/// <c>clinicmap-import geocode "ADDRESS" [--name N] [--province P] [--city C] [--district D] [--crs S] [--json]</c>:
/// for an operator debugging one row — the address's parse, each step of the geocoder chain, and the result.
/// Uses the providers configured in the environment and, when the database answers, its cache, known places and
/// the point-in-county check.
/// </summary>
internal static class GeocodeCommand
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };

    public static Command Build()
    {
        var address = new Argument<string>("ADDRESS") { Description = "the address as the list gives it" };
        var name = new Option<string?>("--name") { Description = "the clinic's name (for the known-place memory)" };
        var province = new Option<string?>("--province") { Description = "the row's province column" };
        var city = new Option<string?>("--city") { Description = "the row's city column" };
        var district = new Option<string?>("--district") { Description = "the row's county/district column" };
        var crs = new Option<string?>("--crs") { Description = "print the location in wgs84 (default), gcj02 or bd09" };
        var json = new Option<bool>("--json") { Description = "print one JSON object" };
        var command = new Command("geocode", "show how one address is parsed and placed") { address, name, province, city, district, crs, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = CoordinateSystem.Wgs84;
            if (parse.GetValue(crs) is { } crsText && !CoordinateSystemNames.TryParse(crsText, out output))
            {
                Console.Error.WriteLine($"--crs: '{crsText}' is not wgs84, gcj02 or bd09");
                return ExitCodes.Failed;
            }
            var gazetteer = DivisionGazetteer.Embedded;
            var parser = new AddressParser(gazetteer, TownshipIndex.Embedded);
            var text = parse.GetValue(address)!;
            var division = new DivisionResolver(gazetteer, parser).Resolve(new DivisionHint(parse.GetValue(province), parse.GetValue(city), parse.GetValue(district), text));
            var parsed = parser.Parse(text, AddressContext.From(division));
            if (division.Province is null && parsed.AdminCode is not null)
            {
                // No columns: the address alone decides the division.
                division = new DivisionResolution(parsed.Province, parsed.City, parsed.County, []);
            }

            await using var dataSource = ClinicMapDataSource.Create(DatabaseOptions.Resolve(), "clinicmap-import");
            var database = await ImportCommand.ReachableAsync(dataSource, cancellationToken);
            using var http = new HttpClient();
            var chain = GeocodingSetup.CreateChain(database, http);
            var result = (await chain.GeocodeManyAsync([new GeocodeRequest(parse.GetValue(name), text, division, parsed, null)], cancellationToken))[0];
            BoundaryCheck? boundary = null;
            if (database is not null && result.Placement is { } p && (division.County ?? division.Prefecture) is { } named)
                boundary = (await new BoundaryStore(database).CheckAsync([new BoundaryProbe(0, named.Code, p.Location.Latitude, p.Location.Longitude)], cancellationToken))[0];

            var location = result.Placement?.Location.To(output);
            var report = new
            {
                address = text,
                adminCode = division.MostSpecific?.Code ?? parsed.AdminCode,
                province = division.Province?.Name,
                city = division.Prefecture?.Name,
                district = division.County?.Name,
                township = parsed.Township is { } t ? new { code = t.Code, name = t.Name } : null,
                parts = parsed.Parts,
                ambiguousCounties = parsed.CountyCandidates.Select(c => new { code = c.Code, name = c.Name }).ToList(),
                notes = parsed.Notes,
                reasons = division.Reasons.Concat(result.Reasons).Select(r => new { code = r.Code, severity = r.Severity.ToString().ToLowerInvariant(), message = r.Message }).ToList(),
                steps = result.Steps.Select(s => new { method = s.Method, outcome = s.Outcome }).ToList(),
                location = location is { } l ? new { lat = Math.Round(l.Latitude, 7), lon = Math.Round(l.Longitude, 7), crs = output.ToWire() } : null,
                locationPrecision = result.Placement?.Precision.ToWire(),
                method = result.Placement?.Method,
                sourcePrecision = result.Placement?.SourcePrecision,
                boundary = boundary is null ? null : new { checkedAgainst = (division.County ?? division.Prefecture)!.Code, hasBoundary = boundary.HasBoundary, metersOutside = Math.Round(boundary.DistanceMeters) },
            };
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(report, Json));
            }
            else
            {
                Console.WriteLine($"address   {text}");
                Console.WriteLine($"parts     province={parsed.Parts.Province} city={parsed.Parts.City} county={parsed.Parts.County} township={parsed.Parts.Township} road={parsed.Parts.Road} number={parsed.Parts.Number} building={parsed.Parts.Building} poi={parsed.Parts.Poi}");
                Console.WriteLine($"division  {report.adminCode} {report.province} {report.city} {report.district}{(parsed.Township is { } town ? $" / {town.Name} ({town.Code})" : "")}");
                foreach (var note in parsed.Notes)
                    Console.WriteLine($"note      {note}");
                foreach (var reason in report.reasons)
                    Console.WriteLine($"reason    [{reason.severity}] {reason.message}");
                foreach (var step in result.Steps)
                    Console.WriteLine($"step      {step.Method}: {step.Outcome}");
                Console.WriteLine(location is { } at
                    ? string.Create(CultureInfo.InvariantCulture, $"result    {at.Latitude:0.000000},{at.Longitude:0.000000} {output.ToWire()} · {report.locationPrecision} · {report.method}")
                    : "result    not placed");
                if (boundary is not null)
                    Console.WriteLine(boundary.HasBoundary ? $"boundary  {(boundary.DistanceMeters == 0 ? "inside" : $"{boundary.DistanceMeters:N0} m outside")} {report.boundary!.checkedAgainst}" : "boundary  none loaded for this division");
            }
            return result.Placement is null ? ExitCodes.RowsNeedAttention : ExitCodes.Success;
        });
        return command;
    }
}

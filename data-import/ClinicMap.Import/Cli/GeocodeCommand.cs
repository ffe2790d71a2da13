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

    private sealed class Arguments
    {
        public Argument<string> Address { get; } = new("ADDRESS") { Description = "the address as the list gives it" };
        public Option<string?> Name { get; } = new("--name") { Description = "the clinic's name (for the known-place memory)" };
        public Option<string?> Province { get; } = new("--province") { Description = "the row's province column" };
        public Option<string?> City { get; } = new("--city") { Description = "the row's city column" };
        public Option<string?> District { get; } = new("--district") { Description = "the row's county/district column" };
        public Option<string?> Crs { get; } = new("--crs") { Description = "print the location in wgs84 (default), gcj02 or bd09" };
        public Option<bool> Json { get; } = new("--json") { Description = "print one JSON object" };
    }

    public static Command Build()
    {
        var a = new Arguments();
        var command = new Command("geocode", "show how one address is parsed and placed") { a.Address, a.Name, a.Province, a.City, a.District, a.Crs, a.Json };
        command.SetAction((parse, cancellationToken) => RunAsync(parse, a, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, Arguments a, CancellationToken cancellationToken)
    {
        var output = CoordinateSystem.Wgs84;
        if (parse.GetValue(a.Crs) is { } crsText && !CoordinateSystemNames.TryParse(crsText, out output))
        {
            Console.Error.WriteLine($"--crs: '{crsText}' is not wgs84, gcj02 or bd09");
            return ExitCodes.Failed;
        }
        var gazetteer = DivisionGazetteer.Embedded;
        var parser = new AddressParser(gazetteer, TownshipIndex.Embedded);
        var text = parse.GetValue(a.Address)!;
        var (division, resolved) = new DivisionResolver(gazetteer, parser).ResolveWithAddress(new DivisionHint(parse.GetValue(a.Province), parse.GetValue(a.City), parse.GetValue(a.District), text, parse.GetValue(a.Name)));
        var parsed = resolved!;

        await using var dataSource = ClinicMapDataSource.Create(DatabaseOptions.Resolve(), "clinicmap-import");
        var database = await ImportCommand.ReachableAsync(dataSource, cancellationToken);
        using var http = new HttpClient();
        var chain = GeocodingSetup.CreateChain(database, http);
        var result = (await chain.GeocodeManyAsync([new GeocodeRequest(parse.GetValue(a.Name), text, division, parsed, null)], cancellationToken))[0];
        BoundaryCheck? boundary = null;
        if (database is not null && result.Placement is { } p && (division.County ?? division.Prefecture) is { } named)
            boundary = (await new BoundaryStore(database).CheckAsync([new BoundaryProbe(0, named.Code, p.Location.Latitude, p.Location.Longitude)], cancellationToken))[0];

        var answer = new Answer(text, division, parsed, result, boundary, output);
        if (parse.GetValue(a.Json))
            Console.WriteLine(JsonSerializer.Serialize(answer.Report(), Json));
        else
            answer.Write();
        return result.Placement is null ? ExitCodes.RowsNeedAttention : ExitCodes.Success;
    }

    /// <summary>What the command found for one address, printed as JSON or as lines for a person.</summary>
    private sealed record Answer(string Text, DivisionResolution Division, ParsedAddress Parsed, GeocodeResult Result, BoundaryCheck? Boundary, CoordinateSystem Output)
    {
        private GeoPoint? Location => Result.Placement?.Location.To(Output);

        private string? AdminCode => Division.MostSpecific?.Code ?? Parsed.AdminCode;

        private string? CheckedAgainst => (Division.County ?? Division.Prefecture)?.Code;

        public object Report() => new
        {
            address = Text,
            adminCode = AdminCode,
            province = Division.Province?.Name,
            city = Division.Prefecture?.Name,
            district = Division.County?.Name,
            township = Parsed.Township is { } t ? new { code = t.Code, name = t.Name } : null,
            parts = Parsed.Parts,
            ambiguousCounties = Parsed.CountyCandidates.Select(c => new { code = c.Code, name = c.Name }).ToList(),
            notes = Parsed.Notes,
            reasons = Division.Reasons.Concat(Result.Reasons).Select(r => new { code = r.Code, severity = r.Severity.ToString().ToLowerInvariant(), message = r.Message }).ToList(),
            steps = Result.Steps.Select(s => new { method = s.Method, outcome = s.Outcome }).ToList(),
            location = Location is { } l ? new { lat = Math.Round(l.Latitude, 7), lon = Math.Round(l.Longitude, 7), crs = Output.ToWire() } : null,
            locationPrecision = Result.Placement?.Precision.ToWire(),
            method = Result.Placement?.Method,
            sourcePrecision = Result.Placement?.SourcePrecision,
            boundary = Boundary is null ? null : new { checkedAgainst = CheckedAgainst, hasBoundary = Boundary.HasBoundary, metersOutside = Math.Round(Boundary.DistanceMeters) },
        };

        public void Write()
        {
            var parts = Parsed.Parts;
            Console.WriteLine($"address   {Text}");
            Console.WriteLine($"parts     province={parts.Province} city={parts.City} county={parts.County} township={parts.Township} road={parts.Road} number={parts.Number} building={parts.Building} poi={parts.Poi}");
            Console.WriteLine($"division  {AdminCode} {Division.Province?.Name} {Division.Prefecture?.Name} {Division.County?.Name}{(Parsed.Township is { } town ? $" / {town.Name} ({town.Code})" : "")}");
            foreach (var note in Parsed.Notes)
                Console.WriteLine($"note      {note}");
            foreach (var reason in Division.Reasons.Concat(Result.Reasons))
                Console.WriteLine($"reason    [{reason.Severity.ToString().ToLowerInvariant()}] {reason.Message}");
            foreach (var step in Result.Steps)
                Console.WriteLine($"step      {step.Method}: {step.Outcome}");
            Console.WriteLine(Location is { } at
                ? string.Create(CultureInfo.InvariantCulture, $"result    {at.Latitude:0.000000},{at.Longitude:0.000000} {Output.ToWire()} · {Result.Placement?.Precision.ToWire()} · {Result.Placement?.Method}")
                : "result    not placed");
            if (Boundary is not null)
                Console.WriteLine(Boundary.HasBoundary ? $"boundary  {(Boundary.DistanceMeters == 0 ? "inside" : $"{Boundary.DistanceMeters:N0} m outside")} {CheckedAgainst}" : "boundary  none loaded for this division");
        }
    }
}

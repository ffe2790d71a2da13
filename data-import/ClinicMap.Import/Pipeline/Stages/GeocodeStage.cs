using System.Globalization;
using ClinicMap.Core.Geography;
using ClinicMap.Core.Imports;
using ClinicMap.Geocoding.Addresses;
using ClinicMap.Geocoding.Chain;
using ClinicMap.Import.Rows;

namespace ClinicMap.Import.Pipeline.Stages;

/// <summary>
/// The "geocode" stage: parses each row's address in the context of its resolved division, reads coordinates the
/// list gives (in the system the operator declared with <c>--crs</c>), and runs the <see cref="GeocoderChain"/> over
/// the whole batch. Rows whose division could not be resolved are placed only from given coordinates — otherwise
/// they are already on their way to review.
/// </summary>
public sealed class GeocodeStage(GeocoderChain chain, AddressParser parser) : IImportStage
{
    public Stage Stage => Stage.Geocode;

    public async Task RunAsync(ImportWork work, CancellationToken cancellationToken) =>
        work.Drafts = await RunAsync(work.Drafts, work.Options.Crs, cancellationToken);

    private async Task<RowDraft[]> RunAsync(IReadOnlyList<RowDraft> rows, CoordinateSystem? declaredCrs, CancellationToken cancellationToken)
    {
        var result = rows.ToArray();
        var requests = new List<GeocodeRequest>();
        var positions = new List<int>();
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            if (row.IsRejected || row.Division is not { } division)
                continue;
            var (given, problem) = Given(row, declaredCrs);
            if (problem is not null)
                result[i] = row = row.WithReason(problem);
            if (division.IsBlocked && given is null)
                continue;
            var parsed = parser.ParseRow(row.Address, row.Name, AddressContext.From(division));
            requests.Add(new GeocodeRequest(row.Name, row.Address, division, parsed, given));
            positions.Add(i);
        }
        var answers = await chain.GeocodeManyAsync(requests, cancellationToken);
        for (var k = 0; k < answers.Count; k++)
        {
            var i = positions[k];
            var answer = answers[k];
            result[i] = result[i].WithReasons(answer.Placement?.Reasons ?? answer.Reasons) with { Placement = answer.Placement };
        }
        return result;
    }

    /// <summary>The row's latitude/longitude cells as a point in the declared system, or why they cannot be used.</summary>
    private static (GeoPoint? Point, RowReason? Problem) Given(RowDraft row, CoordinateSystem? declaredCrs)
    {
        var latText = row.Cell(Field.Latitude);
        var lonText = row.Cell(Field.Longitude);
        if (latText is null && lonText is null)
            return (null, null);
        if (!double.TryParse(latText, NumberStyles.Float, CultureInfo.InvariantCulture, out var lat)
            || !double.TryParse(lonText, NumberStyles.Float, CultureInfo.InvariantCulture, out var lon)
            || lat is < -90 or > 90 || lon is < -180 or > 180)
        {
            return (null, new RowReason("location.given_unreadable", "location",
                $"{row.Raw.Where}: latitude '{latText}' / longitude '{lonText}' are not coordinates", ReasonSeverity.Review));
        }
        if (declaredCrs is not { } crs)
        {
            return (null, new RowReason("location.given_crs_unknown", "location",
                $"{row.Raw.Where}: the list gives coordinates but no coordinate system; import it with --crs wgs84|gcj02|bd09", ReasonSeverity.Review));
        }
        return (new GeoPoint(lat, lon, crs), null);
    }
}

using ClinicMap.Core.Clinics;
using ClinicMap.Core.Divisions;
using ClinicMap.Core.Geography;
using ClinicMap.Core.Imports;

namespace ClinicMap.Geocoding.Gazetteer;

/// <summary>
/// The last resort of the geocoder chain: the centre of the township the address names, when it has one and lies
/// in the row's county (precision <c>township</c>); else the centre of the county the row resolved to (precision
/// <c>district</c>); else the centre of its prefecture (precision <c>city</c>). Never jitters: every clinic of one
/// township or county shares the same point, and its precision says so. The centres were published in GCJ-02 and
/// converted when the gazetteer was built, so the placement records GCJ-02 as the system it arrived in.
/// </summary>
public static class GazetteerLocator
{
    /// <summary>The placement, or <c>null</c> when resolution was blocked or stopped above the prefecture.</summary>
    public static Placement? Locate(DivisionResolution resolution, Township? township = null)
    {
        if (resolution.IsBlocked)
            return null;
        if (township is { Centre: { } townshipCentre } && InDivision(township, resolution))
            return new Placement(townshipCentre, CoordinateSystem.Gcj02, LocationPrecision.Township, LocationMethod.GazetteerTownship, []);
        if (resolution.County is { Centre: { } countyCentre })
            return new Placement(countyCentre, CoordinateSystem.Gcj02, LocationPrecision.District, LocationMethod.GazetteerCounty, []);
        var prefecture = resolution.Prefecture;
        // A county-level city directly under its province has a pseudo-prefecture with no centre of its own.
        if (prefecture is { Centre: null } && resolution.County is null)
            return null;
        if (prefecture?.Centre is not { } cityCentre)
            return null;
        var reasons = new List<RowReason>
        {
            resolution.County is { } county
                ? new RowReason("location.county_centre_unknown", "county", $"no public centre for {county.Name} ({county.Code}); placed at the centre of {prefecture.Name}", ReasonSeverity.Info)
                : new RowReason("location.city_only", "county", $"no county given or found; placed at the centre of {prefecture.Name}", ReasonSeverity.Info),
        };
        return new Placement(cityCentre, CoordinateSystem.Gcj02, LocationPrecision.City, LocationMethod.GazetteerCity, reasons);
    }

    /// <summary>A township of the row's county: a row whose county is unknown is not placed finer than its admin code says.</summary>
    private static bool InDivision(Township township, DivisionResolution resolution) =>
        resolution.County is { } county && township.CountyCode == county.Code;
}

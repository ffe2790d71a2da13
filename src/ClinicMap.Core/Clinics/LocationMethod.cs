namespace ClinicMap.Core.Clinics;

/// <summary>How a location was obtained; stored beside it as provenance. Wire names are the snake-case values.</summary>
public static class LocationMethod
{
    /// <summary>Coordinates given in the published list, converted from the list's declared system.</summary>
    public const string Given = "given";

    /// <summary>A location an operator confirmed earlier, matched by name and admin code.</summary>
    public const string KnownPlace = "known_place";

    /// <summary>An operator placed the pin by hand.</summary>
    public const string Operator = "operator";

    /// <summary>An online geocoding provider's answer (<c>geocoder_tencent</c>, <c>geocoder_amap</c>, <c>geocoder_baidu</c>, <c>geocoder_nominatim</c>).</summary>
    public static string Geocoder(string provider) => "geocoder_" + provider;

    /// <summary>The gazetteer recognised the row's township (which has no public centre, so it never places a row by itself).</summary>
    public const string GazetteerTownship = "gazetteer_township";

    /// <summary>The gazetteer centre of the county-level division the row names.</summary>
    public const string GazetteerCounty = "gazetteer_county";

    /// <summary>The gazetteer centre of the prefecture-level city the row names.</summary>
    public const string GazetteerCity = "gazetteer_city";
}

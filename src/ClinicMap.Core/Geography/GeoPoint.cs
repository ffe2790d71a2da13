namespace ClinicMap.Core.Geography;

/// <summary>
/// A latitude/longitude pair in degrees that always carries its <see cref="CoordinateSystem"/>.
/// Construction does not validate ranges; call <see cref="IsWithinRange"/> at the edges.
/// </summary>
public readonly record struct GeoPoint(double Latitude, double Longitude, CoordinateSystem Crs = CoordinateSystem.Wgs84)
{
    /// <summary>Latitude in [-90, 90] and longitude in [-180, 180], both finite.</summary>
    public bool IsWithinRange =>
        double.IsFinite(Latitude) && double.IsFinite(Longitude)
        && Latitude is >= -90 and <= 90 && Longitude is >= -180 and <= 180;

    /// <summary>This point expressed in <paramref name="target"/>; a no-op when the systems already agree.</summary>
    public GeoPoint To(CoordinateSystem target) => CoordinateTransform.Convert(this, target);

    public override string ToString() =>
        FormattableString.Invariant($"{Latitude:0.######},{Longitude:0.######} ({Crs.ToWire()})");
}

namespace ClinicMap.Core.Clinics;

/// <summary>The wire names of <see cref="LocationPrecision"/>: <c>exact</c>, <c>poi</c>, <c>street</c>, <c>township</c>, <c>district</c>, <c>city</c>.</summary>
public static class LocationPrecisionNames
{
    public static string ToWire(this LocationPrecision precision) => precision.ToString().ToLowerInvariant();

    public static bool TryParse(string? text, out LocationPrecision precision) =>
        Enum.TryParse(text, ignoreCase: true, out precision) && Enum.IsDefined(precision);
}

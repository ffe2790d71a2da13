using ClinicMap.Core.Clinics;

namespace ClinicMap.Core.Datasets;

/// <summary>Compares the published fields of two records of one clinic (not its id, not its source document).</summary>
public static class ClinicFields
{
    /// <summary>The fields that differ, in the order of the public contract. Locations compare to 1e-7° (≈ 1 cm).</summary>
    public static IReadOnlyList<FieldChange> Compare(Clinic before, Clinic after)
    {
        var changes = new List<FieldChange>();
        void Text(string field, string? a, string? b)
        {
            if (!string.Equals(a, b, StringComparison.Ordinal))
                changes.Add(new FieldChange(field, a, b));
        }
        void List(string field, IEnumerable<string> a, IEnumerable<string> b)
        {
            var (x, y) = (a.ToList(), b.ToList());
            if (!x.SequenceEqual(y, StringComparer.Ordinal))
                changes.Add(new FieldChange(field, x, y));
        }
        Text("name", before.Name, after.Name);
        List("kinds", before.Kinds.Select(k => k.ToWire()), after.Kinds.Select(k => k.ToWire()));
        Text("address", before.Address, after.Address);
        Text("adminCode", before.AdminCode, after.AdminCode);
        Text("province", before.Province, after.Province);
        Text("city", before.City, after.City);
        Text("district", before.District, after.District);
        List("phones", before.Phones, after.Phones);
        Text("hours", before.Hours, after.Hours);
        Text("level", before.Level, after.Level);
        if (Math.Abs(before.Location.Latitude - after.Location.Latitude) > 1e-7 || Math.Abs(before.Location.Longitude - after.Location.Longitude) > 1e-7)
            changes.Add(new FieldChange("location", Point(before), Point(after)));
        Text("locationPrecision", before.LocationPrecision.ToWire(), after.LocationPrecision.ToWire());
        return changes;
    }

    private static object Point(Clinic clinic) => new { lat = clinic.Location.Latitude, lon = clinic.Location.Longitude, crs = "wgs84" };
}

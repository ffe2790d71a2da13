using ClinicMap.Core.Clinics;
using ClinicMap.Core.Geography;
using Npgsql;

namespace ClinicMap.Data.Clinics;

/// <summary>Reads one <see cref="Clinic"/> from the columns of <see cref="ClinicQueries.ClinicColumns"/>.</summary>
internal static class ClinicReader
{
    public const int ColumnCount = 19;

    public static Clinic Read(NpgsqlDataReader r)
    {
        var kinds = r.GetFieldValue<string[]>(2)
            .Select(k => ClinicKindNames.TryParse(k, out var kind) ? kind : throw new InvalidDataException($"unknown kind '{k}' in dataset_clinics"))
            .ToList();
        var precision = LocationPrecisionNames.TryParse(r.GetString(13), out var p)
            ? p : throw new InvalidDataException($"unknown location precision '{r.GetString(13)}'");
        var source = r.IsDBNull(15) ? null : new SourceDocument(
            r.GetString(15), r.GetString(16),
            r.IsDBNull(17) ? null : r.GetFieldValue<DateOnly>(17),
            r.GetString(18));
        return new Clinic(
            Id: r.GetGuid(0),
            Name: r.GetString(1),
            Kinds: kinds,
            Address: NullableString(r, 3),
            AdminCode: r.GetString(4),
            Province: r.GetString(5),
            City: NullableString(r, 6),
            District: NullableString(r, 7),
            Phones: r.GetFieldValue<string[]>(8),
            Hours: NullableString(r, 9),
            Level: NullableString(r, 10),
            Location: new GeoPoint(r.GetDouble(11), r.GetDouble(12), CoordinateSystem.Wgs84),
            LocationPrecision: precision,
            LocationMethod: r.GetString(14),
            Source: source);
    }

    private static string? NullableString(NpgsqlDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);
}

using ClinicMap.Core.Clinics;
using ClinicMap.Core.Geography;
using NetTopologySuite.Geometries;
using Npgsql;

namespace ClinicMap.Data.Clinics;

/// <summary>Reads one <see cref="Clinic"/> from the columns of <see cref="ClinicQueries.ClinicColumns"/>.</summary>
internal static class ClinicReader
{
    public const int ColumnCount = 18;

    /// <param name="at">The ordinal of the first clinic column (when the query puts other columns before them).</param>
    public static Clinic Read(NpgsqlDataReader r, int at = 0)
    {
        var kinds = r.GetFieldValue<string[]>(at + 2)
            .Select(k => ClinicKindNames.TryParse(k, out var kind) ? kind : throw new InvalidDataException($"unknown kind '{k}' in dataset_clinics"))
            .ToList();
        var precision = LocationPrecisionNames.TryParse(r.GetString(at + 12), out var p)
            ? p : throw new InvalidDataException($"unknown location precision '{r.GetString(at + 12)}'");
        var source = r.IsDBNull(at + 14) ? null : new SourceDocument(
            r.GetString(at + 14), r.GetString(at + 15),
            r.IsDBNull(at + 16) ? null : r.GetFieldValue<DateOnly>(at + 16),
            r.GetString(at + 17));
        return new Clinic(
            Id: r.GetGuid(at + 0),
            Name: r.GetString(at + 1),
            Kinds: kinds,
            Address: NullableString(r, at + 3),
            AdminCode: r.GetString(at + 4),
            Province: r.GetString(at + 5),
            City: NullableString(r, at + 6),
            District: NullableString(r, at + 7),
            Phones: r.GetFieldValue<string[]>(at + 8),
            Hours: NullableString(r, at + 9),
            Level: NullableString(r, at + 10),
            Location: PostgisGeography.ToGeoPoint(r.GetFieldValue<Point>(at + 11)),
            LocationPrecision: precision,
            LocationMethod: r.GetString(at + 13),
            Source: source);
    }

    private static string? NullableString(NpgsqlDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);
}

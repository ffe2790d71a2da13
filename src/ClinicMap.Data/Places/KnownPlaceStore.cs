using ClinicMap.Core.Clinics;
using ClinicMap.Core.Geography;
using NetTopologySuite.Geometries;
using Npgsql;

namespace ClinicMap.Data.Places;

/// <summary>The known-place memory (table <c>known_places</c>): what operators confirmed, found again by admin code and normalised name.</summary>
public sealed class KnownPlaceStore(NpgsqlDataSource dataSource)
{
    /// <summary>The known places among <paramref name="keys"/>, in one round trip.</summary>
    public async Task<IReadOnlyDictionary<(string AdminCode, string NameKey), KnownPlace>> FindManyAsync(
        IReadOnlyCollection<(string AdminCode, string NameKey)> keys, CancellationToken cancellationToken = default)
    {
        var found = new Dictionary<(string, string), KnownPlace>();
        if (keys.Count == 0)
            return found;
        await using var command = dataSource.CreateCommand(KnownPlaceQueries.FindMany);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = keys.Select(k => k.AdminCode).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = keys.Select(k => k.NameKey).ToArray() });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            // The table's CHECK constraints admit only names these parse.
            if (!CoordinateSystemNames.TryParse(reader.GetString(3), out var crs) || !LocationPrecisionNames.TryParse(reader.GetString(4), out var precision))
                throw new InvalidDataException($"known_places: unreadable row for {reader.GetString(0)}/{reader.GetString(1)}");
            var place = new KnownPlace(reader.GetString(0), reader.GetString(1), PostgisGeography.ToGeoPoint(reader.GetFieldValue<Point>(2)), crs, precision,
                reader.GetString(5), reader.GetFieldValue<DateTimeOffset>(6));
            found[(place.AdminCode, place.NameKey)] = place;
        }
        return found;
    }

    /// <summary>Records (or replaces) what an operator confirmed; <paramref name="place"/>'s location is WGS-84.</summary>
    public async Task ConfirmAsync(KnownPlace place, string? note, CancellationToken cancellationToken = default)
    {
        if (place.Location.Crs != CoordinateSystem.Wgs84)
            throw new ArgumentException("a known place is stored in WGS-84; convert it first", nameof(place));
        await using var command = dataSource.CreateCommand(KnownPlaceQueries.Upsert);
        AddUpsertParameters(command, place, note);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    internal static void AddUpsertParameters(NpgsqlCommand command, KnownPlace place, string? note)
    {
        if (place.Location.Crs != CoordinateSystem.Wgs84)
            throw new ArgumentException("a known place is stored in WGS-84; convert it first", nameof(place));
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = place.AdminCode });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = place.NameKey });
        command.Parameters.Add(PostgisGeography.Parameter(place.Location));
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = place.CrsIn.ToWire() });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = place.Precision.ToWire() });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = place.ConfirmedBy });
        command.Parameters.Add(NullableParameter.Text(note));
    }
}

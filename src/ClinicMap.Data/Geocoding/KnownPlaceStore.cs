using ClinicMap.Core.Clinics;
using ClinicMap.Core.Geography;
using Npgsql;

namespace ClinicMap.Data.Geocoding;

/// <summary>A location an operator confirmed for the clinic with this admin code and normalised name.</summary>
public sealed record KnownPlace(string AdminCode, string NameKey, GeoPoint Location, CoordinateSystem CrsIn, LocationPrecision Precision, string ConfirmedBy, DateTimeOffset ConfirmedAt);

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
        await using var command = dataSource.CreateCommand("""
            SELECT k.admin_code, k.name_key, ST_Y(k.location::geometry), ST_X(k.location::geometry), k.location_crs_in, k.location_precision, k.confirmed_by, k.confirmed_at
            FROM known_places k JOIN unnest($1::text[], $2::text[]) AS u(code, name) ON k.admin_code = u.code AND k.name_key = u.name
            """);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = keys.Select(k => k.AdminCode).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = keys.Select(k => k.NameKey).ToArray() });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            // The table's CHECK constraints admit only names these parse.
            if (!CoordinateSystemNames.TryParse(reader.GetString(4), out var crs) || !LocationPrecisionNames.TryParse(reader.GetString(5), out var precision))
                throw new InvalidDataException($"known_places: unreadable row for {reader.GetString(0)}/{reader.GetString(1)}");
            var place = new KnownPlace(reader.GetString(0), reader.GetString(1), new GeoPoint(reader.GetDouble(2), reader.GetDouble(3)), crs, precision,
                reader.GetString(6), reader.GetFieldValue<DateTimeOffset>(7));
            found[(place.AdminCode, place.NameKey)] = place;
        }
        return found;
    }

    /// <summary>Records (or replaces) what an operator confirmed; <paramref name="place"/>'s location is WGS-84.</summary>
    public async Task ConfirmAsync(KnownPlace place, string? note, CancellationToken cancellationToken = default)
    {
        if (place.Location.Crs != CoordinateSystem.Wgs84)
            throw new ArgumentException("a known place is stored in WGS-84; convert it first", nameof(place));
        await using var command = dataSource.CreateCommand(Upsert);
        AddUpsertParameters(command, place, note);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Records or replaces a confirmed place: $1 code, $2 name key, $3 lat, $4 lon (WGS-84), $5 system it came in, $6 precision, $7 who, $8 note.</summary>
    internal const string Upsert = """
        INSERT INTO known_places (admin_code, name_key, location, location_crs_in, location_precision, confirmed_by, note)
        VALUES ($1, $2, ST_SetSRID(ST_MakePoint($4, $3), 4326)::geography, $5, $6, $7, $8)
        ON CONFLICT (admin_code, name_key) DO UPDATE SET location = excluded.location, location_crs_in = excluded.location_crs_in,
            location_precision = excluded.location_precision, confirmed_by = excluded.confirmed_by, confirmed_at = now(), note = excluded.note
        """;

    internal static void AddUpsertParameters(NpgsqlCommand command, KnownPlace place, string? note)
    {
        if (place.Location.Crs != CoordinateSystem.Wgs84)
            throw new ArgumentException("a known place is stored in WGS-84; convert it first", nameof(place));
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = place.AdminCode });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = place.NameKey });
        command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = place.Location.Latitude });
        command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = place.Location.Longitude });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = place.CrsIn.ToWire() });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = place.Precision.ToWire() });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = place.ConfirmedBy });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)note ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
    }
}

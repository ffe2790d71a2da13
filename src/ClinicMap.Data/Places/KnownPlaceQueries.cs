namespace ClinicMap.Data.Places;

/// <summary>The named SQL of <see cref="KnownPlaceStore"/> (the review store records a moved pin with <see cref="Upsert"/> in its own transaction).</summary>
internal static class KnownPlaceQueries
{
    /// <summary>$1 admin codes, $2 name keys (pairwise): the known places among them, in one round trip.</summary>
    public const string FindMany = """
        SELECT k.admin_code, k.name_key, k.location, k.location_crs_in, k.location_precision, k.confirmed_by, k.confirmed_at
        FROM known_places k JOIN unnest($1::text[], $2::text[]) AS u(code, name) ON k.admin_code = u.code AND k.name_key = u.name
        """;

    /// <summary>Records or replaces a confirmed place: $1 code, $2 name key, $3 location (geography, WGS-84), $4 system it came in, $5 precision, $6 who, $7 note.</summary>
    public const string Upsert = """
        INSERT INTO known_places (admin_code, name_key, location, location_crs_in, location_precision, confirmed_by, note)
        VALUES ($1, $2, $3, $4, $5, $6, $7)
        ON CONFLICT (admin_code, name_key) DO UPDATE SET location = excluded.location, location_crs_in = excluded.location_crs_in,
            location_precision = excluded.location_precision, confirmed_by = excluded.confirmed_by, confirmed_at = now(), note = excluded.note
        """;

}

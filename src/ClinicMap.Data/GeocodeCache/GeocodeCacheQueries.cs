namespace ClinicMap.Data.GeocodeCache;

/// <summary>The named SQL of <see cref="GeocodeCacheStore"/>.</summary>
internal static class GeocodeCacheQueries
{
    /// <summary>$1 provider, $2 the query keys: the cached answers among them, in one round trip.</summary>
    public const string GetMany = "SELECT query_key, status, body FROM geocode_cache WHERE provider = $1 AND query_key = ANY($2)";

    /// <summary>$1 provider, $2 key, $3 HTTP status, $4 body: stores or replaces one answer.</summary>
    public const string Put = """
        INSERT INTO geocode_cache (provider, query_key, status, body) VALUES ($1, $2, $3, $4)
        ON CONFLICT (provider, query_key) DO UPDATE SET status = excluded.status, body = excluded.body, fetched_at = now()
        """;
}

using Npgsql;

namespace ClinicMap.Data.GeocodeCache;

/// <summary>The persistent cache of geocoding providers' answers (table <c>geocode_cache</c>), keyed by provider and normalised query.</summary>
public sealed class GeocodeCacheStore(NpgsqlDataSource dataSource)
{
    /// <summary>The cached answers among <paramref name="keys"/>, in one round trip.</summary>
    public async Task<IReadOnlyDictionary<string, CachedAnswer>> GetManyAsync(string provider, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        var found = new Dictionary<string, CachedAnswer>(StringComparer.Ordinal);
        if (keys.Count == 0)
            return found;
        await using var command = dataSource.CreateCommand(GeocodeCacheQueries.GetMany);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = provider });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = keys.ToArray() });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            found[reader.GetString(0)] = new CachedAnswer(reader.GetInt32(1), reader.GetString(2));
        return found;
    }

    /// <summary>Stores (or replaces) one answer.</summary>
    public async Task PutAsync(string provider, string key, CachedAnswer answer, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(GeocodeCacheQueries.Put);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = provider });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = answer.Status });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = answer.Body });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

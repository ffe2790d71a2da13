using System.Security.Cryptography;
using ClinicMap.Data.Boundaries;
using ClinicMap.Data.GeocodeCache;
using ClinicMap.Data.Places;
using ClinicMap.Geocoding.Chain;
using ClinicMap.Geocoding.Gazetteer;
using ClinicMap.Geocoding.Providers;
using Npgsql;

namespace ClinicMap.Import.Geocoding;

/// <summary>
/// Where the Geocoding project's interfaces meet PostGIS (the Import project is the one that knows both): the
/// provider cache and the known-place memory as tables, and the gazetteer's boundaries loaded into PostGIS.
/// </summary>
public static class GeocodingSetup
{
    /// <summary>The chain with the providers configured in the environment (none: gazetteer only), cached in PostGIS when a database is given.</summary>
    public static GeocoderChain CreateChain(NpgsqlDataSource? dataSource, HttpClient http, IReadOnlyList<ProviderSettings>? settings = null)
    {
        IGeocodeCache cache = dataSource is null ? new ProcessGeocodeCache() : new PostgisGeocodeCache(new GeocodeCacheStore(dataSource));
        var providers = ProviderFactory.Create(settings ?? ProviderSettings.FromEnvironment(), http, cache);
        return new GeocoderChain(providers, dataSource is null ? null : new PostgisKnownPlaces(new KnownPlaceStore(dataSource)));
    }

    /// <summary>Loads the embedded county boundaries into PostGIS unless this very file is loaded already; returns the rows loaded.</summary>
    public static async Task<int> LoadBoundariesAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        var bytes = EmbeddedBoundaries();
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        return await new BoundaryStore(dataSource).LoadAsync(sha256, GazetteerExtraFiles.ReadBoundaries(new MemoryStream(bytes)), cancellationToken);
    }

    private static byte[] EmbeddedBoundaries()
    {
        using var stream = GazetteerExtraFiles.OpenEmbeddedBoundaries();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private sealed class PostgisGeocodeCache(GeocodeCacheStore store) : IGeocodeCache
    {
        public async Task<IReadOnlyDictionary<string, RawAnswer>> GetManyAsync(string provider, IReadOnlyCollection<string> keys, CancellationToken cancellationToken) =>
            (await store.GetManyAsync(provider, keys, cancellationToken)).ToDictionary(p => p.Key, p => new RawAnswer(p.Value.Status, p.Value.Body), StringComparer.Ordinal);

        public Task PutAsync(string provider, string key, RawAnswer answer, CancellationToken cancellationToken) =>
            store.PutAsync(provider, key, new CachedAnswer(answer.HttpStatus, answer.Body), cancellationToken);
    }

    private sealed class PostgisKnownPlaces(KnownPlaceStore store) : IKnownPlaces
    {
        public async Task<IReadOnlyDictionary<(string AdminCode, string NameKey), KnownPlaceHit>> FindManyAsync(
            IReadOnlyCollection<(string AdminCode, string NameKey)> keys, CancellationToken cancellationToken) =>
            (await store.FindManyAsync(keys, cancellationToken)).ToDictionary(
                p => p.Key, p => new KnownPlaceHit(p.Value.Location, p.Value.CrsIn, p.Value.Precision, p.Value.ConfirmedBy, p.Value.ConfirmedAt));
    }
}

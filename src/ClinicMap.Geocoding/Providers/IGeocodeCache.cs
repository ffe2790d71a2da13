namespace ClinicMap.Geocoding.Providers;

/// <summary>A provider's raw answer as received, kept so that the same query is never sent twice.</summary>
public sealed record RawAnswer(int HttpStatus, string Body);

/// <summary>
/// The persistent cache of providers' raw answers, keyed by provider and normalised query. Only answers that
/// will not change on a retry (found, no result) are stored; failures and quota errors never are.
/// </summary>
public interface IGeocodeCache
{
    Task<IReadOnlyDictionary<string, RawAnswer>> GetManyAsync(string provider, IReadOnlyCollection<string> keys, CancellationToken cancellationToken);

    Task PutAsync(string provider, string key, RawAnswer answer, CancellationToken cancellationToken);
}

/// <summary>For a run without a database: remembers answers for the life of the process only.</summary>
public sealed class ProcessGeocodeCache : IGeocodeCache
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string, string), RawAnswer> _answers = new();

    public Task<IReadOnlyDictionary<string, RawAnswer>> GetManyAsync(string provider, IReadOnlyCollection<string> keys, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, RawAnswer>>(keys
            .Where(k => _answers.ContainsKey((provider, k)))
            .Distinct(StringComparer.Ordinal)
            .ToDictionary(k => k, k => _answers[(provider, k)], StringComparer.Ordinal));

    public Task PutAsync(string provider, string key, RawAnswer answer, CancellationToken cancellationToken)
    {
        _answers[(provider, key)] = answer;
        return Task.CompletedTask;
    }
}

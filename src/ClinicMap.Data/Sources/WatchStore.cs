using Npgsql;

namespace ClinicMap.Data.Sources;

/// <summary>
/// What the watchers of the commissions' notice pages remember and report: each source's last poll, change and
/// error; each URL's validators for conditional requests; each notice's fingerprint (a changed notice is read
/// again); and the events operators read at <c>GET /api/v1/sources/events</c> and subscribers get as
/// <c>source.batch</c>. Written by the watcher (the worker's role), read by the API.
/// </summary>
public sealed class WatchStore(NpgsqlDataSource dataSource)
{
    /// <summary>The longest error or event message kept; a longer one is cut with an ellipsis.</summary>
    public const int MaxMessage = 1000;

    /// <summary>Registers a source (or moves its jurisdiction) before it is polled.</summary>
    public async Task EnsureSourceAsync(string name, string jurisdiction, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(WatchQueries.EnsureSource);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = jurisdiction });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Records one poll of a source: whether it found something new, and the first error it met (kept until the next).</summary>
    public async Task PolledAsync(string name, bool changed, string? error, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(WatchQueries.Polled);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
        command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = changed });
        command.Parameters.Add(NullableParameter.Text(error is null ? null : Bounded(error)));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<WatchedSource>> SourcesAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(WatchQueries.Sources);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var sources = new List<WatchedSource>();
        while (await reader.ReadAsync(cancellationToken))
        {
            sources.Add(new WatchedSource(reader.GetString(0), reader.GetString(1), Time(reader, 2), Time(reader, 3), Time(reader, 4),
                reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetInt32(6), reader.GetInt32(7), reader.GetInt32(8)));
        }
        return sources;
    }

    /// <summary>What was last fetched from <paramref name="url"/> for this source, or <c>null</c> when it never was.</summary>
    public async Task<FetchValidators?> ValidatorsAsync(string source, string url, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(WatchQueries.FindUrl);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = source });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = url });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new FetchValidators(reader.IsDBNull(0) ? null : reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2))
            : null;
    }

    public async Task SaveValidatorsAsync(string source, string url, FetchValidators validators, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(WatchQueries.SaveUrl);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = source });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = url });
        command.Parameters.Add(NullableParameter.Text(validators.ETag is { Length: <= 500 } etag ? etag : null));
        command.Parameters.Add(NullableParameter.Text(validators.LastModified is { Length: <= 100 } modified ? modified : null));
        command.Parameters.Add(NullableParameter.Text(validators.Sha256));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The fingerprint a notice had when it was last read, or <c>null</c> when it is new.</summary>
    public async Task<string?> NoticeFingerprintAsync(string source, string url, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(WatchQueries.FindNotice);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = source });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = url });
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <summary>Up to <paramref name="limit"/> notices of the source, most recently found first: URL, title and date.</summary>
    public async Task<IReadOnlyList<(string Url, string Title, DateOnly? PublishedOn)>> RecentNoticesAsync(string source, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(WatchQueries.RecentNotices);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = source });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var notices = new List<(string, string, DateOnly?)>();
        while (await reader.ReadAsync(cancellationToken))
            notices.Add((reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetFieldValue<DateOnly>(2)));
        return notices;
    }

    /// <summary>
    /// Remembers a notice, with its title, date and fingerprint (the sha256 of what it publishes); a <c>null</c>
    /// fingerprint keeps a notice that could not be read whole among those re-checked, and makes the next poll read it again.
    /// </summary>
    public async Task SaveNoticeAsync(string source, string url, string title, DateOnly? publishedOn, string? fingerprint, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(WatchQueries.SaveNotice);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = source });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = url });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = title.Length > 500 ? title[..500] : title });
        command.Parameters.Add(NullableParameter.Date(publishedOn));
        command.Parameters.Add(NullableParameter.Text(fingerprint));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Appends an event of a registered source; returns its id.</summary>
    public async Task<long> AddEventAsync(NewSourceEvent e, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(WatchQueries.AddEvent);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = e.Source });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = e.Kind });
        command.Parameters.Add(NullableParameter.Text(e.NoticeUrl));
        command.Parameters.Add(NullableParameter.Text(e.Url));
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Bounded(e.Message) });
        command.Parameters.Add(NullableParameter.Bigint(e.BatchId));
        command.Parameters.Add(NullableParameter.Text(e.Mode));
        command.Parameters.Add(NullableParameter.Integer(e.PublishedIn));
        return (long)(await command.ExecuteScalarAsync(cancellationToken) ?? throw new InvalidOperationException($"source '{e.Source}' is not registered"));
    }

    /// <summary>Up to <paramref name="limit"/> events after <paramref name="after"/>, of sources inside <paramref name="jurisdiction"/>, oldest first.</summary>
    public async Task<IReadOnlyList<SourceEvent>> EventsAsync(long after, string jurisdiction, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(WatchQueries.Events);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = after });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = jurisdiction });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var events = new List<SourceEvent>();
        while (await reader.ReadAsync(cancellationToken))
            events.Add(ReadEvent(reader));
        return events;
    }

    /// <summary>The newest <paramref name="limit"/> events of every source, oldest of them first.</summary>
    public async Task<IReadOnlyList<SourceEvent>> NewestEventsAsync(int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(WatchQueries.NewestEvents);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var events = new List<SourceEvent>();
        while (await reader.ReadAsync(cancellationToken))
            events.Add(ReadEvent(reader));
        events.Reverse();
        return events;
    }

    internal static SourceEvent ReadEvent(NpgsqlDataReader reader) => new(
        reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3), reader.GetString(4),
        reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetString(7),
        reader.IsDBNull(8) ? null : reader.GetInt64(8), reader.IsDBNull(9) ? null : reader.GetString(9), reader.IsDBNull(10) ? null : reader.GetInt32(10));

    private static string Bounded(string text) => text.Length <= MaxMessage ? text : string.Concat(text.AsSpan(0, MaxMessage - 1), "…");

    private static DateTimeOffset? Time(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);
}

using System.Security.Cryptography;
using System.Text.Json;
using ClinicMap.Core.Datasets;
using ClinicMap.Data.Access;
using ClinicMap.Data.Audit;
using ClinicMap.Data.Datasets;
using Npgsql;

namespace ClinicMap.Data.Subscriptions;

/// <summary>
/// Subscribers and their deliveries. Registering one is an admin's act within its jurisdiction (the scope must lie
/// inside it), audited; its signing secret is made here and shown once. <see cref="FanOutAsync"/> turns each new
/// published version and status report into one delivery per subscriber whose scope and events it concerns, in the
/// same transaction that moves the cursor, so nothing is sent twice or skipped even with several workers.
/// </summary>
public sealed class SubscriptionStore(NpgsqlDataSource dataSource)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Registers a subscriber; returns it with its secret, the only time the secret is shown.</summary>
    /// <exception cref="AccessDeniedException">The actor is not an admin, or the scope is outside its jurisdiction.</exception>
    public async Task<(Subscriber Subscriber, string Secret)> CreateAsync(Actor actor, string name, string url, string scope, IReadOnlyList<string> events,
        CancellationToken cancellationToken = default)
    {
        if (actor.Role < ApiRole.Admin)
            throw new AccessDeniedException($"{actor.Name} is a {actor.Role.ToWire()} key; registering a subscriber needs an admin key");
        if (!ApiKeyStore.IsJurisdiction(scope) || !actor.CoversScope(scope))
            throw new AccessDeniedException($"scope '{scope}' is not within {actor.JurisdictionText}");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || url.Length > 2000)
            throw new ArgumentException($"'{url}' is not an http(s) URL", nameof(url));
        if (events.Count == 0 || events.Any(e => !Subscriber.AllEvents.Contains(e)))
            throw new ArgumentException($"events are {string.Join(" and ", Subscriber.AllEvents)}", nameof(events));
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        Subscriber created;
        await using (var insert = new NpgsqlCommand(SubscriptionQueries.Insert, connection, transaction))
        {
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = url });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = secret });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = scope });
            insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. events.Distinct()] });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = actor.Name });
            created = (await ReadSubscribersAsync(insert, cancellationToken))[0];
        }
        await AuditWriter.AppendAsync(connection, transaction, new AuditEntry(actor.Name, "subscriber.create", "subscriber", created.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            null, new { name, url, scope, events }, null), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (created, secret);
    }

    public async Task<IReadOnlyList<Subscriber>> ListAsync(CancellationToken cancellationToken = default) =>
        await ReadSubscribersAsync(dataSource.CreateCommand(SubscriptionQueries.List), cancellationToken);

    public async Task<Subscriber?> FindAsync(long id, CancellationToken cancellationToken = default)
    {
        var command = dataSource.CreateCommand(SubscriptionQueries.Find);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
        return (await ReadSubscribersAsync(command, cancellationToken)) is [var one] ? one : null;
    }

    /// <summary>
    /// Revokes a subscriber at once (nothing more is made or sent for it; its log stays); <c>false</c> when there is no
    /// live subscriber with this id.
    /// </summary>
    /// <exception cref="AccessDeniedException">The actor is not an admin, or the subscriber's scope is outside its jurisdiction.</exception>
    public async Task<bool> RevokeAsync(Actor actor, long id, string? why, CancellationToken cancellationToken = default)
    {
        if (actor.Role < ApiRole.Admin)
            throw new AccessDeniedException($"{actor.Name} is a {actor.Role.ToWire()} key; revoking a subscriber needs an admin key");
        if (await FindAsync(id, cancellationToken) is not { RevokedAt: null } subscriber)
            return false;
        if (!actor.CoversScope(subscriber.Scope))
            throw new AccessDeniedException($"subscriber {id} has scope '{subscriber.Scope}'; this key acts only within {actor.JurisdictionText}");
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var revoke = new NpgsqlCommand(SubscriptionQueries.Revoke, connection, transaction))
        {
            revoke.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
            if (await revoke.ExecuteNonQueryAsync(cancellationToken) == 0)
                return false;
        }
        await AuditWriter.AppendAsync(connection, transaction, new AuditEntry(actor.Name, "subscriber.revoke", "subscriber", id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            new { revoked = false }, new { revoked = true }, why), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>The newest <paramref name="limit"/> deliveries of a subscriber: its delivery log.</summary>
    public async Task<IReadOnlyList<Delivery>> DeliveriesAsync(long subscriberId, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(SubscriptionQueries.Deliveries);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = subscriberId });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<Delivery>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new Delivery(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetGuid(3), reader.GetFieldValue<DateTimeOffset>(4),
                reader.GetString(5), reader.GetInt32(6), reader.GetFieldValue<DateTimeOffset>(7), reader.IsDBNull(8) ? null : reader.GetInt32(8),
                reader.IsDBNull(9) ? null : reader.GetString(9), reader.IsDBNull(10) ? null : reader.GetFieldValue<DateTimeOffset>(10)));
        }
        return rows;
    }

    /// <summary>
    /// Turns what was published and reported since the cursor into deliveries for the subscribers it concerns (a
    /// version: the clinics of the subscriber's scope it added, changed or closed — none, no delivery; a report: its
    /// clinic within the scope), and moves the cursor; returns how many deliveries were made.
    /// </summary>
    public async Task<int> FanOutAsync(IDatasetStore datasets, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        int lastVersion;
        long lastSeq, lastSourceEvent;
        await using (var cursor = new NpgsqlCommand(SubscriptionQueries.LockCursor, connection, transaction))
        await using (var reader = await cursor.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            (lastVersion, lastSeq, lastSourceEvent) = (reader.GetInt32(0), reader.GetInt64(1), reader.GetInt64(2));
        }
        var subscribers = new List<(long Id, string Scope, string[] Events)>();
        await using (var live = new NpgsqlCommand(SubscriptionQueries.LiveSubscribers, connection, transaction))
        await using (var reader = await live.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                subscribers.Add((reader.GetInt64(0), reader.GetString(1), reader.GetFieldValue<string[]>(2)));
        }
        var made = 0;
        var versions = new List<int>();
        await using (var command = new NpgsqlCommand(SubscriptionQueries.NewVersions, connection, transaction) { Parameters = { new NpgsqlParameter<int> { TypedValue = lastVersion } } })
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                versions.Add(reader.GetInt32(0));
        }
        foreach (var version in versions)
        {
            if (await datasets.DiffAsync(version, cancellationToken) is not { } diff)
                continue;
            foreach (var (id, scope, events) in subscribers.Where(s => s.Events.Contains(Subscriber.DatasetPublished)))
            {
                if (VersionBody(diff, scope) is { } body)
                    made += await InsertAsync(connection, transaction, id, Subscriber.DatasetPublished, body, cancellationToken);
            }
            lastVersion = version;
        }
        var reports = new List<(long Seq, string AdminCode, object Body)>();
        await using (var command = new NpgsqlCommand(SubscriptionQueries.NewReports, connection, transaction) { Parameters = { new NpgsqlParameter<long> { TypedValue = lastSeq } } })
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                reports.Add((reader.GetInt64(0), reader.GetString(9), new
                {
                    @event = Subscriber.ClinicStatus, seq = reader.GetInt64(0), clinicId = reader.GetGuid(1), adminCode = reader.GetString(9),
                    status = new
                    {
                        state = reader.GetString(2), waitMinutes = reader.IsDBNull(3) ? (int?)null : reader.GetInt32(3),
                        bedsAvailable = reader.IsDBNull(4) ? (int?)null : reader.GetInt32(4), bedsTotal = reader.IsDBNull(5) ? (int?)null : reader.GetInt32(5),
                        note = reader.IsDBNull(6) ? null : reader.GetString(6), reportedAt = reader.GetFieldValue<DateTimeOffset>(7), validUntil = reader.GetFieldValue<DateTimeOffset>(8),
                    },
                }));
            }
        }
        foreach (var (seq, adminCode, body) in reports)
        {
            foreach (var (id, scope, events) in subscribers.Where(s => s.Events.Contains(Subscriber.ClinicStatus) && adminCode.StartsWith(s.Scope, StringComparison.Ordinal)))
                made += await InsertAsync(connection, transaction, id, Subscriber.ClinicStatus, JsonSerializer.Serialize(body, Json), cancellationToken);
            lastSeq = seq;
        }
        (var sourceMade, lastSourceEvent) = await FanOutSourceBatchesAsync(connection, transaction, subscribers, lastSourceEvent, cancellationToken);
        made += sourceMade;
        await using (var move = new NpgsqlCommand(SubscriptionQueries.MoveCursor, connection, transaction))
        {
            move.Parameters.Add(new NpgsqlParameter<int> { TypedValue = lastVersion });
            move.Parameters.Add(new NpgsqlParameter<long> { TypedValue = lastSeq });
            move.Parameters.Add(new NpgsqlParameter<long> { TypedValue = lastSourceEvent });
            await move.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return made;
    }

    /// <summary>
    /// The <c>source.batch</c> deliveries of the watchers' batch events after <paramref name="last"/>: one per subscriber whose
    /// scope and the batch's overlap (a national list concerns every province; a county's batch, its province's partner).
    /// </summary>
    private static async Task<(int Made, long Last)> FanOutSourceBatchesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        List<(long Id, string Scope, string[] Events)> subscribers, long last, CancellationToken cancellationToken)
    {
        var batches = new List<(long Id, string Scope, string Body)>();
        await using (var command = new NpgsqlCommand(SubscriptionQueries.NewSourceBatches, connection, transaction) { Parameters = { new NpgsqlParameter<long> { TypedValue = last } } })
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var scope = reader.GetString(8);
                batches.Add((reader.GetInt64(0), scope, JsonSerializer.Serialize(new
                {
                    @event = Subscriber.SourceBatch, eventId = reader.GetInt64(0), source = reader.GetString(1), at = reader.GetFieldValue<DateTimeOffset>(2),
                    noticeUrl = reader.IsDBNull(3) ? null : reader.GetString(3), documentUrl = reader.IsDBNull(4) ? null : reader.GetString(4),
                    batchId = reader.GetInt64(5), mode = reader.IsDBNull(6) ? "full" : reader.GetString(6), publishedIn = reader.IsDBNull(7) ? (int?)null : reader.GetInt32(7), scope,
                    rows = new { total = reader.GetInt32(9), accepted = reader.GetInt32(10), needsReview = reader.GetInt32(11), rejected = reader.GetInt32(12) },
                    document = new { title = reader.GetString(13), publisher = reader.GetString(14), sha256 = reader.GetString(15) },
                }, Json)));
            }
        }
        var made = 0;
        foreach (var (id, scope, body) in batches)
        {
            foreach (var subscriber in subscribers.Where(s => s.Events.Contains(Subscriber.SourceBatch)
                         && (scope.StartsWith(s.Scope, StringComparison.Ordinal) || s.Scope.StartsWith(scope, StringComparison.Ordinal))))
                made += await InsertAsync(connection, transaction, subscriber.Id, Subscriber.SourceBatch, body, cancellationToken);
            last = id;
        }
        return (made, last);
    }

    /// <summary>Up to <paramref name="limit"/> due deliveries, each held for <paramref name="leaseSeconds"/> while it is sent.</summary>
    public async Task<IReadOnlyList<DueDelivery>> ClaimDueAsync(int limit, double leaseSeconds, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(SubscriptionQueries.Claim);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = leaseSeconds });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var due = new List<DueDelivery>();
        while (await reader.ReadAsync(cancellationToken))
        {
            due.Add(new DueDelivery(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetGuid(4), reader.GetString(5),
                reader.GetInt32(6), reader.GetFieldValue<DateTimeOffset>(7)));
        }
        return due;
    }

    public async Task DeliveredAsync(long id, int status, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(SubscriptionQueries.Delivered);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = status });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Records a failed attempt: tried again after <paramref name="retryAfterSeconds"/>, or dead-lettered when <paramref name="dead"/>.</summary>
    public async Task FailedAsync(long id, int? status, string error, bool dead, double retryAfterSeconds, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(SubscriptionQueries.Failed);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
        command.Parameters.Add(NullableParameter.Integer(status));
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = error.Length > 500 ? error[..500] : error });
        command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = dead });
        command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = retryAfterSeconds });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The body of a <c>dataset.published</c> delivery for <paramref name="scope"/>, or <c>null</c> when the version changed nothing in it.</summary>
    private static string? VersionBody(DatasetDiff diff, string scope)
    {
        bool In(string adminCode) => adminCode.StartsWith(scope, StringComparison.Ordinal);
        var added = diff.Added.Where(c => In(c.AdminCode)).Select(Summary).ToList();
        var changed = diff.Changed.Where(c => In(c.After.AdminCode) || In(c.Before.AdminCode))
            .Select(c => new { clinic = Summary(c.After), fields = c.Fields.Select(f => f.Field).ToList() }).ToList();
        var closed = diff.Closed.Where(c => In(c.AdminCode)).Select(Summary).ToList();
        if (added.Count + changed.Count + closed.Count == 0)
            return null;
        return JsonSerializer.Serialize(new
        {
            @event = Subscriber.DatasetPublished, version = diff.Version.Version, publishedAt = diff.Version.PublishedAt, scope, added, changed, closed,
        }, Json);
    }

    private static object Summary(Core.Clinics.Clinic c) => new
    {
        id = c.Id, name = c.Name, adminCode = c.AdminCode, address = c.Address,
        location = new { lat = c.Location.Latitude, lon = c.Location.Longitude, crs = "wgs84" }, locationPrecision = c.LocationPrecision.ToString().ToLowerInvariant(),
    };

    private static async Task<int> InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long subscriber, string @event, string body, CancellationToken cancellationToken)
    {
        await using var insert = new NpgsqlCommand(SubscriptionQueries.InsertDelivery, connection, transaction);
        insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = subscriber });
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = @event });
        insert.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = Guid.NewGuid() });
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = body });
        return await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<IReadOnlyList<Subscriber>> ReadSubscribersAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using (command)
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var rows = new List<Subscriber>();
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(new Subscriber(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetFieldValue<string[]>(4),
                    reader.GetFieldValue<DateTimeOffset>(5), reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7)));
            }
            return rows;
        }
    }
}

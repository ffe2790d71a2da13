namespace ClinicMap.Data.Subscriptions;

/// <summary>A partner told of changes: where (URL), what (events), for which divisions (scope, an admin-code prefix).</summary>
public sealed record Subscriber(long Id, string Name, string Url, string Scope, IReadOnlyList<string> Events, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? RevokedAt)
{
    public const string DatasetPublished = "dataset.published";
    public const string ClinicStatus = "clinic.status";

    /// <summary>A watcher staged (or published) a batch from a commission's notice.</summary>
    public const string SourceBatch = "source.batch";

    public static IReadOnlyList<string> AllEvents { get; } = [DatasetPublished, ClinicStatus, SourceBatch];
}

/// <summary>One event for one subscriber, and how sending it has gone.</summary>
public sealed record Delivery(long Id, long SubscriberId, string Event, Guid IdempotencyKey, DateTimeOffset CreatedAt, string State, int Attempts,
    DateTimeOffset NextAttemptAt, int? LastStatus, string? LastError, DateTimeOffset? FinishedAt);

/// <summary>A delivery claimed for sending, with what it takes to send and sign it.</summary>
public sealed record DueDelivery(long Id, string Url, string Secret, string Event, Guid IdempotencyKey, string Body, int Attempts, DateTimeOffset CreatedAt);

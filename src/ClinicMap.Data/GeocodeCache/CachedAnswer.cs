namespace ClinicMap.Data.GeocodeCache;

/// <summary>One provider answer as received: the HTTP status and the body.</summary>
public sealed record CachedAnswer(int Status, string Body);

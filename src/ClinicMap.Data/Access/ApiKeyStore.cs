using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using ClinicMap.Data.Audit;
using Npgsql;

namespace ClinicMap.Data.Access;

/// <summary>
/// API keys. A key reads <c>cmk_{id}_{secret}</c>: the id (10 characters) finds the row, the secret (32 random
/// bytes, base64url) is checked against its stored SHA-256 in constant time. A fast hash is enough because the
/// secret is random, not a password; the secret itself is never stored and is shown once, at creation.
/// </summary>
public sealed class ApiKeyStore(NpgsqlDataSource dataSource)
{
    private const string Prefix = "cmk_";
    private const string IdAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static readonly SearchValues<char> IdCharacters = SearchValues.Create(IdAlphabet);

    /// <summary>Creates a key and returns it with its token, the only time the token is known.</summary>
    public Task<(ApiKey Key, string Token)> CreateAsync(string name, ApiRole role, string jurisdiction, string createdBy, CancellationToken cancellationToken = default) =>
        role == ApiRole.Reporter
            ? throw new ArgumentException("a reporter key names its clinics: CreateReporterAsync", nameof(role))
            : CreateAsync(name, role, jurisdiction, [], createdBy, cancellationToken);

    /// <summary>
    /// Creates a reporter key for <paramref name="clinicIds"/> (clinics ClinicMap knows: an unknown id is refused, named)
    /// and returns it with its token. It has no jurisdiction: it may report the status of these clinics and nothing else.
    /// </summary>
    public Task<(ApiKey Key, string Token)> CreateReporterAsync(string name, IReadOnlyList<Guid> clinicIds, string createdBy, CancellationToken cancellationToken = default) =>
        clinicIds.Count == 0
            ? throw new ArgumentException("a reporter key names the clinics it reports on", nameof(clinicIds))
            : CreateAsync(name, ApiRole.Reporter, "", clinicIds, createdBy, cancellationToken);

    private async Task<(ApiKey Key, string Token)> CreateAsync(string name, ApiRole role, string jurisdiction, IReadOnlyList<Guid> clinicIds, string createdBy, CancellationToken cancellationToken)
    {
        if (!IsJurisdiction(jurisdiction))
            throw new ArgumentException($"jurisdiction '{jurisdiction}' must be an admin-code prefix of 2, 4 or 6 digits, or empty for the whole country", nameof(jurisdiction));
        var id = RandomNumberGenerator.GetString(IdAlphabet, 10);
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (clinicIds.Count > 0)
        {
            await using var known = new NpgsqlCommand(ApiKeyQueries.UnknownClinics, connection, transaction);
            known.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. clinicIds] });
            var unknown = new List<Guid>();
            await using (var reader = await known.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                    unknown.Add(reader.GetGuid(0));
            }
            if (unknown.Count > 0)
                throw new ArgumentException($"no clinic has the id {string.Join(", ", unknown)}", nameof(clinicIds));
        }
        DateTimeOffset createdAt;
        await using (var command = new NpgsqlCommand(ApiKeyQueries.Insert, connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
            command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = Hash(secret) });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = role.ToWire() });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = jurisdiction });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = createdBy });
            command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. clinicIds] });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            createdAt = reader.GetFieldValue<DateTimeOffset>(0);
        }
        var key = new ApiKey(id, name, role, jurisdiction, createdAt, createdBy, null) { ClinicIds = [.. clinicIds] };
        await AuditWriter.AppendAsync(connection, transaction, new AuditEntry(createdBy, "key.create", "api_key", id, null,
            new { name, role = role.ToWire(), jurisdiction, clinicIds }, null), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (key, $"{Prefix}{id}_{secret}");
    }

    /// <summary>The actor a bearer token stands for, or <c>null</c> when the token is malformed, unknown, wrong or revoked.</summary>
    public async Task<Actor?> AuthenticateAsync(string token, CancellationToken cancellationToken = default)
    {
        if (IdOf(token) is not { } id)
            return null;
        var secret = token[(Prefix.Length + id.Length + 1)..];
        await using var command = dataSource.CreateCommand(ApiKeyQueries.FindLive);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            return null;
        var stored = reader.GetFieldValue<byte[]>(2);
        if (!CryptographicOperations.FixedTimeEquals(stored, Hash(secret)))
            return null;
        var role = ApiRoleNames.FromWire(reader.GetString(3)) ?? throw new InvalidDataException($"api_keys {id}: unknown role");
        return new Actor($"key:{id} ({reader.GetString(1)})", role, reader.GetString(4)) { ClinicIds = reader.GetFieldValue<Guid[]>(5) };
    }

    /// <summary>The id part of a well-formed token, without looking it up (used to partition rate limits), or <c>null</c>.</summary>
    public static string? IdOf(string? token) =>
        token is { Length: > 15 } && token.StartsWith(Prefix, StringComparison.Ordinal) && token[Prefix.Length + 10] == '_'
        && token.AsSpan(Prefix.Length, 10).IndexOfAnyExcept(IdCharacters) < 0
            ? token.Substring(Prefix.Length, 10)
            : null;

    public async Task<IReadOnlyList<ApiKey>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(ApiKeyQueries.List);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var keys = new List<ApiKey>();
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(new ApiKey(reader.GetString(0), reader.GetString(1), ApiRoleNames.FromWire(reader.GetString(2)) ?? ApiRole.Operator, reader.GetString(3),
                reader.GetFieldValue<DateTimeOffset>(4), reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6))
                { ClinicIds = reader.GetFieldValue<Guid[]>(7) });
        }
        return keys;
    }

    /// <summary>Revokes a key at once; returns <c>false</c> when there is no live key with this id.</summary>
    public async Task<bool> RevokeAsync(string id, string revokedBy, string? why, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand(ApiKeyQueries.Revoke, connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
            if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
                return false;
        }
        await AuditWriter.AppendAsync(connection, transaction, new AuditEntry(revokedBy, "key.revoke", "api_key", id, new { revoked = false }, new { revoked = true }, why), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public static bool IsJurisdiction(string? prefix) =>
        prefix is { Length: 0 or 2 or 4 or 6 } && prefix.All(char.IsAsciiDigit);

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

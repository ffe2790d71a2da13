namespace ClinicMap.Data.Access;

/// <summary>The named SQL of <see cref="ApiKeyStore"/>.</summary>
internal static class ApiKeyQueries
{
    public const string Insert = """
        INSERT INTO api_keys (id, name, secret_sha256, role, jurisdiction, created_by, clinic_ids)
        VALUES ($1, $2, $3, $4, $5, $6, $7)
        RETURNING created_at
        """;

    public const string FindLive = "SELECT id, name, secret_sha256, role, jurisdiction, clinic_ids FROM api_keys WHERE id = $1 AND revoked_at IS NULL";

    public const string List = "SELECT id, name, role, jurisdiction, created_at, created_by, revoked_at, clinic_ids FROM api_keys ORDER BY created_at, id";

    public const string UnknownClinics = "SELECT id FROM unnest($1::uuid[]) AS given(id) WHERE NOT EXISTS (SELECT 1 FROM clinics c WHERE c.id = given.id)";

    public const string Revoke = "UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL";
}

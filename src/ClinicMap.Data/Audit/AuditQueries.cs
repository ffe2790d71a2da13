namespace ClinicMap.Data.Audit;

/// <summary>The named SQL of <see cref="AuditWriter"/>.</summary>
internal static class AuditQueries
{
    /// <summary>$1 actor, $2 action, $3 entity, $4 its id, $5 before (jsonb), $6 after (jsonb), $7 why. audit_log is append-only.</summary>
    public const string Insert = """
        INSERT INTO audit_log (actor, action, entity, entity_id, before, after, reason)
        VALUES ($1, $2, $3, $4, $5, $6, $7)
        """;

}

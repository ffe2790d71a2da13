namespace ClinicMap.Data.Migrations;

/// <summary>The named SQL of <see cref="Migrator"/>: the ledger of applied files and the lock that serialises migrators.</summary>
internal static class MigrationQueries
{
    public const string CreateLedger = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            name        text PRIMARY KEY,
            sha256      text NOT NULL,
            applied_at  timestamptz NOT NULL DEFAULT now()
        )
        """;

    /// <summary>$1 the lock key: a session lock, held across the per-file transactions.</summary>
    public const string Lock = "SELECT pg_advisory_lock($1)";

    public const string Unlock = "SELECT pg_advisory_unlock($1)";

    /// <summary>$1 file name, $2 its text's sha256.</summary>
    public const string Record = "INSERT INTO schema_migrations (name, sha256) VALUES ($1, $2)";

    public const string LedgerExists = "SELECT to_regclass('schema_migrations') IS NOT NULL";

    public const string Applied = "SELECT name, sha256 FROM schema_migrations";
}

namespace ClinicMap.Data.Replication;

/// <summary>The named SQL of <see cref="ReplicationProbe"/>.</summary>
internal static class ReplicationQueries
{
    /// <summary>On the read side: whether it is a standby, how far it has replayed, and when it last replayed a commit.</summary>
    public const string Replayed = """
        SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text,
               EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())::float8
        """;

    /// <summary>On the primary: how far it has written.</summary>
    public const string Written = "SELECT pg_current_wal_lsn()::text";

    /// <summary>$1 - $2 between two LSNs, in bytes (computed by the server, which knows the format).</summary>
    public const string Difference = "SELECT pg_wal_lsn_diff($1::pg_lsn, $2::pg_lsn)::float8";
}

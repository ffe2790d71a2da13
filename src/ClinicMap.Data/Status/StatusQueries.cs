namespace ClinicMap.Data.Status;

/// <summary>The named SQL of <see cref="StatusStore"/>.</summary>
internal static class StatusQueries
{
    private const string Columns = "seq, clinic_id, state, wait_minutes, beds_available, beds_total, note, reported_at, valid_until, reported_by";

    /// <summary>The clinic's division in the current version; no row when the clinic is not published.</summary>
    public const string CurrentAdminCode = """
        SELECT dc.admin_code FROM dataset_current cur JOIN dataset_clinics dc ON dc.version = cur.version AND dc.clinic_id = $1
        """;

    public const string Latest = $"SELECT {Columns} FROM clinic_status_reports WHERE clinic_id = $1 ORDER BY seq DESC LIMIT 1";

    public const string Insert = $"""
        INSERT INTO clinic_status_reports (clinic_id, state, wait_minutes, beds_available, beds_total, note, valid_until, reported_by)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
        RETURNING {Columns}
        """;

    public const string Notify = $"SELECT pg_notify('{StatusStore.Channel}', $1::text)";

    /// <summary>Each clinic's latest report that is still valid.</summary>
    public const string Current = $"""
        SELECT {Columns} FROM (
            SELECT DISTINCT ON (clinic_id) {Columns} FROM clinic_status_reports ORDER BY clinic_id, seq DESC
        ) latest WHERE valid_until > now()
        """;

    public const string Since = $"SELECT {Columns} FROM clinic_status_reports WHERE seq > $1 ORDER BY seq LIMIT $2";

    /// <summary>The newest reports of clinics in a jurisdiction, with who made them and the clinic's name: the operator's view.</summary>
    public const string Recent = $"""
        SELECT r.seq, r.clinic_id, r.state, r.wait_minutes, r.beds_available, r.beds_total, r.note, r.reported_at, r.valid_until, r.reported_by, dc.name, dc.admin_code
        FROM clinic_status_reports r
        JOIN dataset_current cur ON true
        JOIN dataset_clinics dc ON dc.version = cur.version AND dc.clinic_id = r.clinic_id
        WHERE starts_with(dc.admin_code, $1)
        ORDER BY r.seq DESC LIMIT $2
        """;

    public const string LastSeq = "SELECT coalesce(max(seq), 0) FROM clinic_status_reports";
}

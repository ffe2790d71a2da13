namespace ClinicMap.Import.Cli;

/// <summary>What <c>clinicmap-import</c> exits with, so scripts can tell the cases apart.</summary>
public static class ExitCodes
{
    /// <summary>Done; every row accepted (or the command has no rows).</summary>
    public const int Success = 0;

    /// <summary>Failed: bad input, bad arguments or an unreachable database. Nothing was staged.</summary>
    public const int Failed = 1;

    /// <summary>Done, but some rows need review or were rejected; the report says which and why.</summary>
    public const int RowsNeedAttention = 2;

    /// <summary>Refused for a reason the user can act on (publish refused, already imported, no database); one line says what to do.</summary>
    public const int Refused = 2;

    /// <summary>The worker stopped itself because a job's work outran its budget and would not stop: start it again (EX_TEMPFAIL).</summary>
    public const int Restart = 75;
}

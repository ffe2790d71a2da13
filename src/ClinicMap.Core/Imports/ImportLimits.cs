namespace ClinicMap.Core.Imports;

/// <summary>The bounds one list may reach, shared by the API (which refuses a larger upload) and the pipeline (which refuses a larger file).</summary>
public static class ImportLimits
{
    /// <summary>The largest list file, in bytes: a national list is ~1.5 MB, a scanned PDF of it a few tens of MB.</summary>
    public const long MaxFileBytes = 50L * 1024 * 1024;
}

namespace ClinicMap.Core.Text;

/// <summary>
/// The name an uploaded file is known by in messages, the job list and its source document: the last segment of
/// what the client sent, without control characters, at most <see cref="MaxLength"/> characters, and never empty,
/// <c>.</c> or <c>..</c>. It is a label only: no code may use it as a path (uploads are read from memory).
/// </summary>
public static class UploadName
{
    public const int MaxLength = 120;

    /// <summary>What a nameless or all-hostile file name becomes.</summary>
    public const string Fallback = "upload";

    public static string Display(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
            return Fallback;
        var last = name[(name.LastIndexOfAny(['/', '\\']) + 1)..];
        var clean = new string(last.Where(c => !char.IsControl(c) && c is not ('\u2028' or '\u2029' or '\u202e' or '\u202d')).ToArray()).Trim();
        if (clean.Length > MaxLength)
            clean = clean[..MaxLength];
        return clean is "" or "." or ".." ? Fallback : clean;
    }
}

namespace ClinicMap.Data.Access;

/// <summary>What a key may do, within its jurisdiction. Each role includes the ones above it.</summary>
public enum ApiRole
{
    /// <summary>Imports lists and reviews their rows (accept, edit, move, merge, split, close, reject).</summary>
    Operator,

    /// <summary>An operator who may also publish: a health commission for its own jurisdiction.</summary>
    Publisher,

    /// <summary>May also roll back and manage keys.</summary>
    Admin,
}

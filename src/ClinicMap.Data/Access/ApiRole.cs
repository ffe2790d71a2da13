namespace ClinicMap.Data.Access;

/// <summary>What a key may do, within its jurisdiction. Each role includes the ones above it.</summary>
public enum ApiRole
{
    /// <summary>
    /// A hospital reporting its own live status: may only <c>PUT /api/v1/clinics/{id}/status</c> for the clinics its
    /// key names (<see cref="Actor.ClinicIds"/>), and nothing else. The lowest role: every other write needs more.
    /// </summary>
    Reporter,

    /// <summary>Imports lists and reviews their rows (accept, edit, move, merge, split, close, reject).</summary>
    Operator,

    /// <summary>An operator who may also publish: a health commission for its own jurisdiction.</summary>
    Publisher,

    /// <summary>May also roll back and manage keys.</summary>
    Admin,
}

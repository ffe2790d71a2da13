using ClinicMap.Core.Clinics;
using ClinicMap.Core.Datasets;

namespace ClinicMap.Data.Clinics;

/// <summary>Read access to the clinics of the current published dataset version.</summary>
public interface IClinicStore
{
    /// <summary>The current version, or <c>null</c> when nothing has been published yet.</summary>
    Task<DatasetVersion?> CurrentVersionAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The clinics of <paramref name="version"/> nearest to the origin, ordered by exact geodesic distance then id.
    /// Returns an empty list when none match; never <c>null</c>.
    /// </summary>
    Task<IReadOnlyList<ClinicDistance>> NearestAsync(int version, NearestQuery query, CancellationToken cancellationToken = default);

    /// <summary>One clinic of <paramref name="version"/>, or <c>null</c> when that version has no such clinic.</summary>
    Task<Clinic?> FindAsync(int version, Guid id, CancellationToken cancellationToken = default);

    /// <summary>Every clinic of <paramref name="version"/> whose admin code starts with <paramref name="prefix"/> (<c>""</c> = all), ordered by id.</summary>
    Task<IReadOnlyList<Clinic>> ListAsync(int version, string prefix, CancellationToken cancellationToken = default);
}

using ClinicMap.Core.Clinics;

namespace ClinicMap.Core.Datasets;

/// <summary>What a version changed against the version it was based on: clinics added, changed (field by field) and closed.</summary>
public sealed record DatasetDiff(DatasetVersion Version, IReadOnlyList<Clinic> Added, IReadOnlyList<ClinicChange> Changed, IReadOnlyList<Clinic> Closed)
{
    public int Count => Added.Count + Changed.Count + Closed.Count;
}

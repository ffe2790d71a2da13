using ClinicMap.Core.Clinics;

namespace ClinicMap.Core.Datasets;

/// <summary>A clinic present in both versions whose published fields differ, field by field.</summary>
public sealed record ClinicChange(Clinic Before, Clinic After, IReadOnlyList<FieldChange> Fields);

namespace ClinicMap.Core.Datasets;

/// <summary>One published field of a clinic that differs between two versions; values are as served (strings, lists, a WGS-84 point).</summary>
public sealed record FieldChange(string Field, object? Before, object? After);

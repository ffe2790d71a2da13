namespace ClinicMap.Core.Addresses;

/// <summary>
/// A Chinese address split into its parts, each as written in the source (not normalised to official names):
/// <c>湖北省 / 武汉市 / 江岸区 / 大智街道 / 胜利街 / 155号 / 3号楼 / (门诊部)</c>. Any part may be missing.
/// </summary>
public sealed record Address(
    string? Province,
    string? City,
    string? County,
    string? Township,
    string? Road,
    string? Number,
    string? Building,
    string? Poi);

namespace ClinicMap.Core.Navigation;

/// <summary>One-tap links that open a clinic in each map app, each in the coordinate system that app expects.</summary>
public sealed record NavigationLinks(string Tencent, string Amap, string Baidu, string Apple, string Geo);

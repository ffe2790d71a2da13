using ClinicMap.Core.Clinics;
using ClinicMap.Core.Geography;
using ClinicMap.Core.Imports;
using ClinicMap.Data.Imports;

namespace ClinicMap.Data.Tests;

/// <summary>Builds staged rows and documents for store tests.</summary>
internal static class StagedRows
{
    public static StagedRow Accepted(int row, string name, double lat, double lon, string adminCode = "440106", params ClinicKind[] kinds) => new(
        row, null, [new("name", name)], RowOutcome.Accepted, [], name,
        kinds.Length == 0 ? [ClinicKind.FeverClinic] : kinds, $"{name}地址", adminCode, "广东省", "广州市", "天河区",
        ["020-12345678"], "24小时", "三级甲等", new GeoPoint(lat, lon), CoordinateSystem.Wgs84, LocationPrecision.Exact, LocationMethod.Given);

    public static StagedRow NeedsReview(int row, string name) => new(
        row, "sheet1", [new("name", name), new("区", "秦准区")], RowOutcome.NeedsReview,
        [new RowReason("division.county_unknown", "county", "county '秦准区' is not a county of 南京市", ReasonSeverity.Review)],
        name, [ClinicKind.FeverClinic], null, null, "江苏省", "南京市", null, [], null, null, null, null, null, null);

    public static StagedRow Rejected(int row) => new(
        row, null, [new("name", null)], RowOutcome.Rejected,
        [new RowReason("row.name_missing", "name", $"row {row} has no clinic name", ReasonSeverity.Reject)],
        null, [], null, null, null, null, null, [], null, null, null, null, null, null);

    public static NewDocument Document(string? sha = null) => new(
        sha ?? Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()),
        "广州市卫生健康委员会", "广州市发热门诊名单", new DateOnly(2020, 1, 23), "list.json", 1234);
}

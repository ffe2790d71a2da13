using System.Diagnostics;
using System.Text.Json;
using ClinicMap.Api.Serving;
using ClinicMap.Core.Clinics;
using ClinicMap.Core.Geography;
using ClinicMap.Core.Imports;
using ClinicMap.Data.Access;
using ClinicMap.Data.Datasets;
using ClinicMap.Data.Imports;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ClinicMap.Api.Tests.Serving;

public class PublishVisibilityTests(ClinicMapApiFixture api, ITestOutputHelper output) : IClassFixture<ClinicMapApiFixture>
{
    [Fact]
    public async Task APublishReachesTheRunningApiThroughNotifyLongBeforeThePollingFallback()
    {
        using var client = api.CreateClient();
        var serving = api.Services.GetRequiredService<ServingIndex>();
        var before = serving.Current!.Version.Version;
        var batch = await new ImportStore(api.Database.DataSource).StageAsync(
            new NewDocument(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Guid.NewGuid().ToByteArray())), "测试", "新增", null, "new.csv", 1),
            "fever-clinic", "tests",
            [new StagedRow(1, null, [new("医院名称", "南海测试发热门诊")], RowOutcome.Accepted, [], "南海测试发热门诊", [ClinicKind.FeverClinic], "测试路1号",
                "440605", "广东省", "佛山市", "南海区", [], null, null, new GeoPoint(23.03, 113.15), CoordinateSystem.Wgs84, LocationPrecision.Exact, LocationMethod.Given)]);

        var clock = Stopwatch.StartNew();
        var published = await new DatasetStore(api.Database.DataSource).PublishAsync(Actor.Cli("tests"), [batch.BatchId], null);
        // The fallback poll runs every 30 s; arriving within 10 s can only be the notification.
        await serving.WaitForVersionAsync(published.Version, new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
        output.WriteLine($"version {published.Version} served {clock.ElapsedMilliseconds} ms after the publish call began");

        Assert.Equal(before + 1, published.Version);
        using var nearest = JsonDocument.Parse(await client.GetStringAsync("/api/v1/clinics/nearest?lat=23.03&lon=113.15&limit=1"));
        Assert.Equal(published.Version, nearest.RootElement.GetProperty("dataset").GetProperty("version").GetInt32());
        Assert.Equal("南海测试发热门诊", nearest.RootElement.GetProperty("results")[0].GetProperty("name").GetString());
    }
}

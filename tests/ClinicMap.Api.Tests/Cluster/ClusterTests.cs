using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ClinicMap.Data.Access;
using ClinicMap.Data.Datasets;
using Xunit.Abstractions;

namespace ClinicMap.Api.Tests.Cluster;

/// <summary>Several processes and a machine's worth of load: these run alone, after the other tests.</summary>
[CollectionDefinition(nameof(ClusterRunsAlone), DisableParallelization = true)]
public sealed class ClusterRunsAlone;

/// <summary>
/// Failover on loopback: publishes reach both API processes through the primary's notification once the standby
/// has replayed them; a process killed under load costs (almost) no request through HAProxy; with the primary
/// stopped, reads go on and writes are refused with a 503 naming the cause, and they come back with it; a rolling
/// restart by SIGTERM (each process leaves the rotation, drains and exits) loses no request.
/// </summary>
[Collection(nameof(ClusterRunsAlone))]
public class ClusterTests(ClusterFixture cluster, ITestOutputHelper output) : IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task APublishIsServedByBothProcessesSoonAfterItsCommit()
    {
        var before = await ServedVersionsAsync();
        var started = Stopwatch.GetTimestamp();
        var published = await new DatasetStore(cluster.Primary).RollbackAsync(Actor.Cli("cluster-tests"), 1, "a new version to serve");

        var seen = new Dictionary<int, TimeSpan>();
        await ClusterFixture.WaitAsync(async () =>
        {
            foreach (var port in cluster.ApiPorts.Where(p => !seen.ContainsKey(p)))
            {
                if (await ClusterFixture.ReadyzAsync(ClusterFixture.ApiUrl(port)) is { } ready && ready.GetProperty("dataset").GetInt32() >= published.Version)
                    seen[port] = Stopwatch.GetElapsedTime(started);
            }
            return seen.Count == cluster.ApiPorts.Count;
        }, $"both processes to serve version {published.Version}", seconds: 25);

        output.WriteLine($"version {published.Version} (before: {string.Join(", ", before)}) served after " +
                         string.Join(", ", seen.Select(s => $"{s.Value.TotalMilliseconds:0} ms on {s.Key}")));
        // The fallback poll is 30 s: a swap within a few seconds can only come from the notification.
        Assert.All(seen.Values, elapsed => Assert.True(elapsed < TimeSpan.FromSeconds(5), $"{elapsed.TotalMilliseconds:0} ms"));
    }

    [Fact]
    public async Task AStatusReportIsServedByBothProcessesSoonAfterItsCommit()
    {
        var clinic = (Guid)(await cluster.Primary.CreateCommand("SELECT clinic_id FROM dataset_current c JOIN dataset_clinics d USING (version) ORDER BY clinic_id LIMIT 1").ExecuteScalarAsync())!;
        var (_, token) = await new ApiKeyStore(cluster.Primary).CreateReporterAsync("集群测试医院", [clinic], "cluster-tests");
        using var client = new HttpClient { BaseAddress = cluster.ProxyUrl, Timeout = TimeSpan.FromSeconds(20) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var note = $"测试 {Guid.NewGuid():N}";
        var started = Stopwatch.GetTimestamp();
        using (var put = await client.PutAsync($"/api/v1/clinics/{clinic}/status", new StringContent(JsonSerializer.Serialize(new { state = "suspended", note }), Encoding.UTF8, "application/json")))
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        var seen = new Dictionary<int, TimeSpan>();
        await ClusterFixture.WaitAsync(async () =>
        {
            foreach (var port in cluster.ApiPorts.Where(p => !seen.ContainsKey(p)))
            {
                using var api = new HttpClient { BaseAddress = ClusterFixture.ApiUrl(port) };
                if ((await api.GetStringAsync($"/api/v1/clinics/{clinic}")).Contains(note, StringComparison.Ordinal))
                    seen[port] = Stopwatch.GetElapsedTime(started);
            }
            return seen.Count == cluster.ApiPorts.Count;
        }, "both processes to serve the report", seconds: 25);

        output.WriteLine("status report served after " + string.Join(", ", seen.Select(s => $"{s.Value.TotalMilliseconds:0} ms on {s.Key}")));
        // The fallback poll is 30 s: within a few seconds it can only be the notification.
        Assert.All(seen.Values, elapsed => Assert.True(elapsed < TimeSpan.FromSeconds(5), $"{elapsed.TotalMilliseconds:0} ms"));
    }

    [Fact]
    public async Task KillingOneProcessUnderLoadCostsAlmostNoRequestAndNoWrongVersion()
    {
        // Both processes on the current version first: a publish swapped in during the load would be right, not wrong.
        var version = await cluster.CurrentVersionAsync();
        await ClusterFixture.WaitAsync(async () => (await ServedVersionsAsync()).All(v => v == version), $"both processes to serve version {version}");
        var victim = cluster.ApiPorts[0];
        var killed = false;
        // Eight clients for four seconds through HAProxy; one process is killed after the first.
        var (ok, failed, wrong) = await LoadAsync(version, async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            killed = true;
            cluster.Kill(victim);
            await Task.Delay(TimeSpan.FromSeconds(3));
        });

        cluster.StartApi(victim);
        await ClusterFixture.WaitAsync(() => cluster.InRotationAsync(victim), "the killed process to be back in rotation");
        var total = ok + failed + wrong;
        output.WriteLine($"{total} requests through HAProxy while {victim} was killed: {ok} right, {failed} failed, {wrong} of another version ({100.0 * ok / total:0.000}%)");
        Assert.True(killed);
        Assert.True(total > 500, $"only {total} requests were made");
        Assert.Equal(0, wrong);
        Assert.True(ok >= total * 0.999, $"{failed} of {total} failed");
    }

    [Fact]
    public async Task WithThePrimaryStoppedReadsGoOnWritesAre503AndBothComeBackWithIt()
    {
        await cluster.StopPrimaryAsync();
        try
        {
            foreach (var port in cluster.ApiPorts)
            {
                await ClusterFixture.WaitAsync(async () => await ClusterFixture.ReadyzAsync(ClusterFixture.ApiUrl(port)) is { } r
                    && r.GetProperty("status").GetString() == "degraded", $"the API on {port} to say degraded", seconds: 40);
                using var client = new HttpClient { BaseAddress = ClusterFixture.ApiUrl(port) };
                using var nearest = await client.GetAsync("/api/v1/clinics/nearest?lat=39.91&lon=116.40&limit=3");
                Assert.Equal(HttpStatusCode.OK, nearest.StatusCode);
            }
            using var write = await RollbackAsync(cluster.ApiPorts[1]);
            var problem = await write.Content.ReadAsStringAsync();
            output.WriteLine($"a write with the primary down: {(int)write.StatusCode} {problem}");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, write.StatusCode);
            Assert.Equal("application/problem+json", write.Content.Headers.ContentType?.MediaType);
            Assert.Contains("database", JsonDocument.Parse(problem).RootElement.GetProperty("title").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            await cluster.StartPrimaryAsync();
        }
        foreach (var port in cluster.ApiPorts)
        {
            await ClusterFixture.WaitAsync(async () => await ClusterFixture.ReadyzAsync(ClusterFixture.ApiUrl(port)) is { } r
                && r.GetProperty("status").GetString() == "ready", $"the API on {port} to be ready again", seconds: 60);
        }
        using var recovered = await RollbackAsync(cluster.ApiPorts[0]);
        Assert.Equal(HttpStatusCode.Created, recovered.StatusCode);
    }

    [Fact]
    public async Task TheStandbysLagIsShownInReadyzAndTheMetrics()
    {
        await ClusterFixture.WaitAsync(async () => await ClusterFixture.ReadyzAsync(ClusterFixture.ApiUrl(cluster.ApiPorts[0])) is { } r
            && r.TryGetProperty("standby", out var s) && s.ValueKind == JsonValueKind.Object, "readyz to report the standby");
        var ready = (await ClusterFixture.ReadyzAsync(ClusterFixture.ApiUrl(cluster.ApiPorts[0])))!.Value;
        using var client = new HttpClient { BaseAddress = ClusterFixture.ApiUrl(cluster.ApiPorts[0]) };
        var metrics = await client.GetStringAsync("/metrics");

        Assert.True(ready.GetProperty("standby").GetProperty("lagBytes").GetInt64() >= 0);
        Assert.Matches(@"(?m)^clinicmap_standby_lag_bytes(\{[^}]*\})? \d", metrics);
    }

    [Fact]
    public async Task ARollingRestartBySigtermLosesNoRequest()
    {
        var version = await cluster.CurrentVersionAsync();
        await ClusterFixture.WaitAsync(async () => (await ServedVersionsAsync()).All(v => v == version), $"both processes to serve version {version}");
        var steps = new List<string>();
        var (ok, failed, wrong) = await LoadAsync(version, async () =>
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            foreach (var port in cluster.ApiPorts)
            {
                var asked = Stopwatch.GetTimestamp();
                cluster.Terminate(port);
                // It leaves the rotation first: readyz says draining while the port still answers.
                await ClusterFixture.WaitAsync(async () => await ReadyzStatusAsync(port) == (503, "draining"), $"the API on {port} to say draining", seconds: 10);
                await ClusterFixture.WaitAsync(async () => !await cluster.InRotationAsync(port), $"HAProxy to take {port} out of rotation", seconds: 10);
                var exitCode = await cluster.WaitForExitAsync(port);
                steps.Add($"{port} drained and exited ({exitCode}) {Stopwatch.GetElapsedTime(asked).TotalMilliseconds:0} ms after SIGTERM");
                Assert.Equal(0, exitCode);
                cluster.StartApi(port);
                await ClusterFixture.WaitAsync(() => cluster.InRotationAsync(port), $"{port} to be back in rotation");
            }
        });

        var total = ok + failed + wrong;
        output.WriteLine($"{string.Join("; ", steps)}. {total} requests through HAProxy: {ok} right, {failed} failed, {wrong} of another version");
        Assert.True(total > 500, $"only {total} requests were made");
        Assert.Equal(0, wrong);
        Assert.Equal(0, failed);
    }

    [Fact]
    public async Task ABaseBackupWithArchivedWalRestoresIntoAFreshClusterThatServesTheSameVersion()
    {
        var backup = await cluster.BaseBackupAsync();
        // A publish after the backup: the restore reaches it only by replaying the archived WAL.
        var published = await new DatasetStore(cluster.Primary).RollbackAsync(Actor.Cli("cluster-tests"), 1, "a version after the base backup");
        string segment;
        await using (var switchWal = cluster.Primary.CreateCommand("SELECT pg_walfile_name(pg_switch_wal())"))
            segment = (string)(await switchWal.ExecuteScalarAsync())!;
        await ClusterFixture.WaitAsync(() => Task.FromResult(File.Exists(Path.Combine(cluster.Archive, segment))), $"WAL segment {segment} to be archived");
        await ClusterFixture.WaitAsync(async () => (await ServedVersionsAsync()).All(v => v == published.Version), $"both processes to serve version {published.Version}");

        var restoredPort = await cluster.RestoreAsync(backup);
        var apiPort = ClusterFixture.FreePort();
        try
        {
            cluster.StartApi(apiPort, restoredPort);
            await ClusterFixture.WaitAsync(async () => await ClusterFixture.ReadyzAsync(ClusterFixture.ApiUrl(apiPort)) is not null, "the API on the restored cluster to be ready");
            var restored = (await ClusterFixture.ReadyzAsync(ClusterFixture.ApiUrl(apiPort)))!.Value;
            var original = (await ClusterFixture.ReadyzAsync(ClusterFixture.ApiUrl(cluster.ApiPorts[0])))!.Value;
            output.WriteLine($"restored: {restored}; the cluster: {original}");
            Assert.Equal(published.Version, restored.GetProperty("dataset").GetInt32());
            Assert.Equal(original.GetProperty("clinics").GetInt32(), restored.GetProperty("clinics").GetInt32());
            // The same answer, byte for byte: the same clinics, ids, publication time and order.
            const string nearest = "/api/v1/clinics/nearest?lat=30.59&lon=114.30&limit=20";
            using var client = new HttpClient();
            Assert.Equal(await client.GetStringAsync(new Uri(ClusterFixture.ApiUrl(cluster.ApiPorts[0]), nearest)),
                         await client.GetStringAsync(new Uri(ClusterFixture.ApiUrl(apiPort), nearest)));
        }
        finally
        {
            cluster.Kill(apiPort);
            await cluster.StopRestoredAsync();
        }
    }

    /// <summary>
    /// Eight clients asking nearest through HAProxy at random points until <paramref name="during"/> (what happens to
    /// the processes meanwhile) has finished: how many answers were right, failed, or of a version other than <paramref name="version"/>.
    /// </summary>
    private async Task<(int Ok, int Failed, int Wrong)> LoadAsync(int version, Func<Task> during)
    {
        var (ok, failed, wrong) = (0, 0, 0);
        using var client = new HttpClient { BaseAddress = cluster.ProxyUrl, Timeout = TimeSpan.FromSeconds(20) };
        var events = during();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async worker =>
        {
            var random = new Random(worker);
            while (!events.IsCompleted)
            {
                var url = FormattableString.Invariant($"/api/v1/clinics/nearest?lat={22 + random.NextDouble() * 18:0.00}&lon={100 + random.NextDouble() * 20:0.00}&limit=3");
                try
                {
                    using var response = await client.GetAsync(url);
                    if (response.StatusCode != HttpStatusCode.OK)
                        Interlocked.Increment(ref failed);
                    else if (response.Headers.ETag?.Tag.StartsWith($"\"v{version}.", StringComparison.Ordinal) != true)
                        Interlocked.Increment(ref wrong);
                    else
                        Interlocked.Increment(ref ok);
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref failed);
                }
            }
        }));
        await events;
        return (ok, failed, wrong);
    }

    private static async Task<(int Status, string? State)> ReadyzStatusAsync(int port)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await client.GetAsync(new Uri(ClusterFixture.ApiUrl(port), "/readyz"));
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return ((int)response.StatusCode, body.RootElement.TryGetProperty("status", out var s) ? s.GetString() : null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            return (0, null);
        }
    }

    private async Task<List<int>> ServedVersionsAsync()
    {
        var versions = new List<int>();
        foreach (var port in cluster.ApiPorts)
            versions.Add(await ClusterFixture.ReadyzAsync(ClusterFixture.ApiUrl(port)) is { } ready ? ready.GetProperty("dataset").GetInt32() : -1);
        return versions;
    }

    private async Task<HttpResponseMessage> RollbackAsync(int port)
    {
        using var client = new HttpClient { BaseAddress = ClusterFixture.ApiUrl(port), Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/datasets/1/rollback")
        {
            Content = new StringContent("""{"reason":"failover test"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", cluster.AdminToken);
        return await client.SendAsync(request);
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using ClinicMap.Core.Clinics;
using ClinicMap.Core.Geography;
using ClinicMap.Core.Imports;
using ClinicMap.Data.Access;
using ClinicMap.Data.Datasets;
using ClinicMap.Data.Imports;
using ClinicMap.Data.Subscriptions;
using ClinicMap.Import.Webhooks;
using ClinicMap.TestSupport;
using Npgsql;
using Xunit.Abstractions;

namespace ClinicMap.Import.Tests.Webhooks;

/// <summary>
/// Subscriptions end to end against PostgreSQL and a local HTTP receiver that checks every signature: a publish in
/// Guangdong and a status report are fanned out by the worker's pump to the subscribers they concern and delivered,
/// signed; a receiver that answers 500 once, one too slow to answer, one down for a while, and one holding a wrong
/// secret are retried with backoff; one that never accepts is dead-lettered; a subscriber outside the change's scope
/// receives nothing.
/// </summary>
public sealed class WebhookTests(PostgisDatabase database, ITestOutputHelper output) : IClassFixture<PostgisDatabase>, IDisposable
{
    private readonly Receiver _receiver = new();

    public void Dispose() => _receiver.Dispose();

    /// <summary>The partners' side: each path behaves in its own way and verifies what it gets with its own secret.</summary>
    private sealed class Receiver : IDisposable
    {
        private readonly HttpListener _listener = new();
        public int Port { get; } = FreePort();
        public ConcurrentDictionary<string, string> Secrets { get; } = new();
        public ConcurrentQueue<(string Path, string Event, string Delivery, string Body, bool Verified)> Received { get; } = new();
        public ConcurrentDictionary<string, int> Calls { get; } = new();
        public volatile bool DownIsUp;

        public Receiver()
        {
            _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            _listener.Start();
            _ = Task.Run(LoopAsync);
        }

        public string Url(string path) => $"http://127.0.0.1:{Port}/{path}";

        private async Task LoopAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }
                _ = Task.Run(() => HandleAsync(context));
            }
        }

        private async Task HandleAsync(HttpListenerContext context)
        {
            var path = context.Request.Url!.AbsolutePath.Trim('/');
            var call = Calls.AddOrUpdate(path, 1, (_, n) => n + 1);
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var timestamp = long.Parse(context.Request.Headers[WebhookSignature.TimestampHeader]!, System.Globalization.CultureInfo.InvariantCulture);
            var verified = Secrets.TryGetValue(path, out var secret) && WebhookSignature.Verify(secret, timestamp, body, context.Request.Headers[WebhookSignature.SignatureHeader])
                           && Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - timestamp) < 300;
            var status = path switch
            {
                _ when !verified => 401,
                "flaky" when call == 1 => 500,
                "slow" when call == 1 => await Slow(),
                "down" when !DownIsUp => 503,
                "never" => 500,
                _ => 200,
            };
            Received.Enqueue((path, context.Request.Headers[WebhookSignature.EventHeader]!, context.Request.Headers[WebhookSignature.DeliveryHeader]!, body, verified));
            context.Response.StatusCode = status;
            context.Response.Close();
        }

        private static async Task<int> Slow()
        {
            await Task.Delay(TimeSpan.FromSeconds(3));
            return 200;
        }

        public void Dispose() => _listener.Close();
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task<long> SubscribeAsync(string path, string scope, params string[] events)
    {
        var (subscriber, secret) = await new SubscriptionStore(database.DataSource).CreateAsync(Actor.Cli("tests"), path, _receiver.Url(path), scope, events);
        _receiver.Secrets[path] = path == "wrong-secret" ? secret + "x" : secret;
        return subscriber.Id;
    }

    private async Task<string> StateAsync(long subscriber) =>
        await database.ScalarAsync<string>("SELECT coalesce(string_agg(state, ',' ORDER BY id), '') FROM webhook_deliveries WHERE subscriber_id = $1", subscriber);

    [Fact]
    public async Task EachSubscriberGetsWhatConcernsItSignedRetriedAndFinallyDeliveredOrDeadLettered()
    {
        var ok = await SubscribeAsync("ok", "44", Subscriber.DatasetPublished, Subscriber.ClinicStatus);
        var flaky = await SubscribeAsync("flaky", "44", Subscriber.DatasetPublished);
        var slow = await SubscribeAsync("slow", "4403", Subscriber.DatasetPublished);
        var down = await SubscribeAsync("down", "", Subscriber.DatasetPublished);
        var wrongSecret = await SubscribeAsync("wrong-secret", "44", Subscriber.DatasetPublished);
        var never = await SubscribeAsync("never", "44", Subscriber.DatasetPublished);
        var beijing = await SubscribeAsync("beijing", "11", Subscriber.DatasetPublished, Subscriber.ClinicStatus);

        // A Shenzhen list is published, then a Shenzhen clinic reports its status.
        var batch = await new ImportStore(database.DataSource).StageAsync(
            new NewDocument(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Guid.NewGuid().ToByteArray())), "深圳市卫生健康委员会", "深圳市发热门诊", null, "sz.csv", 10),
            "fever-clinic", "tests", [Row(1, "深圳市测试医院", "440304", 22.54, 114.05), Row(2, "深圳市第二测试医院", "440305", 22.53, 113.93)]);
        var version = await new DatasetStore(database.DataSource).PublishAsync(Actor.Cli("tests"), [batch.BatchId], "a Shenzhen list");
        var clinic = Guid.Parse(await database.ScalarAsync<string>("SELECT clinic_id::text FROM dataset_clinics WHERE version = $1 ORDER BY clinic_id LIMIT 1", version.Version));
        await new ClinicMap.Data.Status.StatusStore(database.DataSource).ReportAsync(Actor.Cli("tests"), clinic,
            new ClinicMap.Data.Status.StatusReport(ClinicMap.Data.Status.ClinicState.Full, null, 0, 40, null, DateTimeOffset.UtcNow.AddHours(1)));

        // The worker's role, as the worker connects.
        await using var worker = ClinicMap.Data.ClinicMapDataSource.Create(database.ConnectionStringAs("clinicmap_worker"), "webhook-tests");
        using var http = WebhookPump.CreateClient();
        var log = new StringWriter();
        var pump = new WebhookPump(worker, http, new WebhookOptions(BackoffSeconds: 0.05, MaxBackoffSeconds: 0.3, TimeoutSeconds: 1, MaxAge: TimeSpan.FromSeconds(6)), log);
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            await pump.PumpOnceAsync();
            if (Stopwatch.GetElapsedTime(started) > TimeSpan.FromSeconds(2))
                _receiver.DownIsUp = true;
            var states = new[] { ok, flaky, slow, down, never }.Select(async s => await StateAsync(s)).Select(t => t.Result).ToList();
            if (states.Take(4).All(s => s.Length > 0 && s.Split(',').All(x => x == "delivered")) && states[4] == "dead")
                break;
            Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(60), $"deliveries not done in 60 s: {string.Join(" | ", states)}\n{log}");
            await Task.Delay(50);
        }
        output.WriteLine(log.ToString());

        Assert.Equal("delivered,delivered", await StateAsync(ok));   // the version and the status report
        Assert.Equal(2, await database.ScalarAsync<int>("SELECT max(attempts) FROM webhook_deliveries WHERE subscriber_id = $1", flaky));
        Assert.Contains("no answer within 1 s", await database.ScalarAsync<string>("SELECT coalesce(string_agg(last_error, ';'), '') FROM webhook_deliveries WHERE subscriber_id = $1", slow) + log, StringComparison.Ordinal);
        Assert.True(await database.ScalarAsync<int>("SELECT attempts FROM webhook_deliveries WHERE subscriber_id = $1", down) > 1);
        Assert.Equal("dead", await StateAsync(never));
        // The receiver with the wrong secret saw a signature it could not verify and refused it; it is never delivered.
        Assert.Contains(_receiver.Received, r => r.Path == "wrong-secret" && !r.Verified);
        Assert.Equal(401, await database.ScalarAsync<int>("SELECT last_status FROM webhook_deliveries WHERE subscriber_id = $1", wrongSecret));
        Assert.DoesNotContain("delivered", await StateAsync(wrongSecret), StringComparison.Ordinal);
        // Beijing's subscriber: a Shenzhen list and a Shenzhen report concern it not at all.
        Assert.Equal("", await StateAsync(beijing));
        Assert.DoesNotContain(_receiver.Received, r => r.Path == "beijing");

        // What the verified receivers got: the version's Shenzhen clinics and the report, each under its idempotency key.
        var published = _receiver.Received.Where(r => r.Path == "ok" && r.Event == Subscriber.DatasetPublished && r.Verified).Select(r => JsonDocument.Parse(r.Body).RootElement).First();
        Assert.Equal(version.Version, published.GetProperty("version").GetInt32());
        Assert.Equal(2, published.GetProperty("added").GetArrayLength());
        Assert.All(published.GetProperty("added").EnumerateArray(), c => Assert.StartsWith("4403", c.GetProperty("adminCode").GetString(), StringComparison.Ordinal));
        var status = _receiver.Received.Where(r => r.Path == "ok" && r.Event == Subscriber.ClinicStatus && r.Verified).Select(r => JsonDocument.Parse(r.Body).RootElement).Single();
        Assert.Equal(clinic, status.GetProperty("clinicId").GetGuid());
        Assert.Equal("full", status.GetProperty("status").GetProperty("state").GetString());
        // At least once: a retried delivery keeps its key, so a receiver can drop the repeat.
        var flakyKeys = _receiver.Received.Where(r => r.Path == "flaky").Select(r => r.Delivery).ToList();
        Assert.Equal(2, flakyKeys.Count);
        Assert.Single(flakyKeys.Distinct());

        // Nothing is made twice: another round fans out nothing new.
        var before = await database.ScalarAsync<long>("SELECT count(*) FROM webhook_deliveries");
        await pump.PumpOnceAsync();
        Assert.Equal(before, await database.ScalarAsync<long>("SELECT count(*) FROM webhook_deliveries"));
    }

    [Fact]
    public async Task TheWorkerProcessDeliversWhatWasPublishedSinceItLastLooked()
    {
        var subscriber = await SubscribeAsync("worker", "44", Subscriber.DatasetPublished);
        var batch = await new ImportStore(database.DataSource).StageAsync(
            new NewDocument(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Guid.NewGuid().ToByteArray())), "广州市卫生健康委员会", "广州市发热门诊", null, "gz.csv", 10),
            "fever-clinic", "tests", [Row(1, "广州市测试医院", "440106", 23.13, 113.36)]);
        var version = await new DatasetStore(database.DataSource).PublishAsync(Actor.Cli("tests"), [batch.BatchId], "a Guangzhou list");

        var (exit, _, error) = await ClinicMap.Import.Tests.Cli.CliProcess.RunAsync(database.ConnectionStringAs("clinicmap_worker"), ["worker", "--once"]);

        output.WriteLine(error);
        Assert.Equal(0, exit);
        Assert.Equal("delivered", await StateAsync(subscriber));
        var body = JsonDocument.Parse(_receiver.Received.Single(r => r.Path == "worker" && r.Verified).Body).RootElement;
        Assert.Equal(version.Version, body.GetProperty("version").GetInt32());
        Assert.Equal("广州市测试医院", body.GetProperty("added")[0].GetProperty("name").GetString());
    }

    private static StagedRow Row(int number, string name, string adminCode, double lat, double lon) =>
        new(number, null, [new("医院名称", name)], RowOutcome.Accepted, [], name, [ClinicKind.FeverClinic], "测试路1号", adminCode, "广东省", "深圳市", null, [], null, null,
            new GeoPoint(lat, lon), CoordinateSystem.Wgs84, LocationPrecision.District, LocationMethod.GazetteerCounty);
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using ClinicMap.Core.Clinics;
using ClinicMap.Data;
using ClinicMap.Data.Access;
using ClinicMap.Data.Datasets;
using ClinicMap.Data.Imports;
using ClinicMap.Data.Migrations;
using ClinicMap.Geocoding.Gazetteer;
using ClinicMap.Import.Pipeline;
using ClinicMap.TestSupport;
using Npgsql;

namespace ClinicMap.Api.Tests.Cluster;

/// <summary>
/// ClinicMap scaled out, on loopback, as scripts/cluster.sh runs it: a primary PostgreSQL of its own (the shared test
/// server cannot be stopped under the other tests), a streaming hot standby made by pg_basebackup through a
/// replication slot, two real API processes (the built ClinicMap.Api.dll) loading from the standby and writing to
/// the primary, and HAProxy balancing them with health checks on /readyz. Everything is stopped and removed on dispose.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private const string PgBin = "/usr/lib/postgresql/15/bin";
    private const string Slot = "clinicmap_test_standby";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "clinicmap-cluster-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly Dictionary<int, Process> _apis = [];
    private Process? _haproxy;

    public int PrimaryPort { get; } = FreePort();
    public int StandbyPort { get; } = FreePort();
    public int ProxyPort { get; } = FreePort();
    public int StatsPort { get; } = FreePort();
    public IReadOnlyList<int> ApiPorts { get; } = [FreePort(), FreePort()];

    /// <summary>The owner's connection to the primary (migrations, imports, publishes).</summary>
    public NpgsqlDataSource Primary { get; private set; } = null!;

    /// <summary>An admin key, for writes through the API.</summary>
    public string AdminToken { get; private set; } = "";

    public HttpClient Proxy { get; } = new() { Timeout = TimeSpan.FromSeconds(20) };

    public Uri ProxyUrl => new($"http://127.0.0.1:{ProxyPort}");

    public static Uri ApiUrl(int port) => new($"http://127.0.0.1:{port}");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(_root, (UnixFileMode)0b111_111_111);
        await RunPostgresAsync("initdb", "-D", PrimaryData, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8");
        // WAL is archived as docs/operations.md says to, so that a base backup can be restored to its latest commit.
        await RunPostgresAsync("sh", "-c", $"mkdir -p '{Archive}'");
        await File.AppendAllTextAsync(Path.Combine(PrimaryData, "postgresql.conf"),
            $"listen_addresses = '127.0.0.1'\nport = {PrimaryPort}\nunix_socket_directories = ''\nmax_connections = 100\n" +
            $"archive_mode = on\narchive_command = 'test ! -f {Archive}/%f && cp %p {Archive}/%f'\n");
        await StartPrimaryAsync();
        await using (var admin = new NpgsqlConnection(Owner(PrimaryPort, "postgres")))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE DATABASE clinicmap", admin);
            await create.ExecuteNonQueryAsync();
        }
        Primary = ClinicMapDataSource.Create(Owner(PrimaryPort, "clinicmap"), "cluster-tests");
        await new Migrator(Primary).MigrateAsync();
        var options = new ImportOptions("各省卫生健康委员会", "全国发热门诊名单", new DateOnly(2020, 2, 11), ClinicKind.FeverClinic, "cluster-tests");
        var imported = await PipelineFactory.Create(new PipelineParts(DivisionGazetteer.Embedded) { Store = new ImportStore(Primary) })
            .RunAsync(RepositoryPaths.NationalSample, options, dryRun: false);
        await new DatasetStore(Primary).PublishAsync(Actor.Cli("cluster-tests"), [imported.Batch!.BatchId], null, "rows in review stay out");
        // A second version, so that a rollback to version 1 is always a new version whatever the tests did before.
        var wuhan = await PipelineFactory.Create(new PipelineParts(DivisionGazetteer.Embedded) { Store = new ImportStore(Primary) })
            .RunAsync(Path.Combine(RepositoryPaths.Samples, "wuhan-fever-clinics-gb18030.csv"), options with { Title = "武汉市发热门诊" }, dryRun: false);
        await new DatasetStore(Primary).PublishAsync(Actor.Cli("cluster-tests"), [wuhan.Batch!.BatchId], null, "rows in review stay out");
        (_, AdminToken) = await new ApiKeyStore(Primary).CreateAsync("cluster-admin", ApiRole.Admin, "", "cluster-tests");

        await using (var slot = Primary.CreateCommand($"SELECT pg_create_physical_replication_slot('{Slot}')"))
            await slot.ExecuteNonQueryAsync();
        await RunPostgresAsync("pg_basebackup", "-h", "127.0.0.1", "-p", PrimaryPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres", "-D", StandbyData, "-X", "stream", "-S", Slot, "-R", "-c", "fast");
        await RunPostgresAsync("sh", "-c", $"echo 'port = {StandbyPort}' >> '{StandbyData}/postgresql.auto.conf'");
        await RunPostgresAsync("pg_ctl", "-D", StandbyData, "-l", Path.Combine(_root, "standby.log"), "-w", "-t", "60", "start");

        foreach (var port in ApiPorts)
            StartApi(port);
        foreach (var port in ApiPorts)
            await WaitAsync(() => ReadyAsync(ApiUrl(port)), $"the API on {port} to be ready");
        await StartProxyAsync();
    }

    private string PrimaryData => Path.Combine(_root, "primary");
    private string StandbyData => Path.Combine(_root, "standby");
    private string RestoredData => Path.Combine(_root, "restored");

    /// <summary>Where the primary archives its WAL (archive_command), for restores.</summary>
    public string Archive => Path.Combine(_root, "archive");

    /// <summary>
    /// A base backup of the primary (pg_basebackup, tar, WAL from the archive), as docs/operations.md takes one; its
    /// directory. The primary's WAL up to the backup's end is archived before this returns.
    /// </summary>
    public async Task<string> BaseBackupAsync()
    {
        var backup = Path.Combine(_root, "backup");
        await RunPostgresAsync("pg_basebackup", "-h", "127.0.0.1", "-p", PrimaryPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres",
            "-D", backup, "-Ft", "-z", "-X", "none", "-c", "fast");
        return backup;
    }

    /// <summary>
    /// Restores <paramref name="backup"/> into a fresh cluster on a port of its own, replaying the archived WAL to its
    /// end (recovery.signal and restore_command) and waiting until it has left recovery; its port.
    /// </summary>
    public async Task<int> RestoreAsync(string backup)
    {
        var port = FreePort();
        await RunPostgresAsync("sh", "-c", $"mkdir -m 700 '{RestoredData}' && tar -xzf '{backup}/base.tar.gz' -C '{RestoredData}' && touch '{RestoredData}/recovery.signal'");
        await File.AppendAllTextAsync(Path.Combine(RestoredData, "postgresql.auto.conf"),
            $"port = {port}\narchive_mode = off\nrestore_command = 'cp {Archive}/%f %p'\n");
        await RunPostgresAsync("pg_ctl", "-D", RestoredData, "-l", Path.Combine(_root, "restored.log"), "-w", "-t", "120", "start");
        await WaitAsync(async () =>
        {
            await using var connection = new NpgsqlConnection(Owner(port, "clinicmap") + ";Pooling=false");
            await connection.OpenAsync();
            await using var recovering = new NpgsqlCommand("SELECT pg_is_in_recovery()", connection);
            return !(bool)(await recovering.ExecuteScalarAsync())!;
        }, "the restored cluster to finish recovery", seconds: 120);
        return port;
    }

    /// <summary>Ends the restored cluster (<see cref="RestoreAsync"/>).</summary>
    public Task StopRestoredAsync() => RunPostgresAsync("pg_ctl", "-D", RestoredData, "-m", "fast", "-w", "stop");

    public static string Owner(int port, string database) => $"Host=127.0.0.1;Port={port};Username=postgres;Database={database};Pooling=true";

    public Task StopPrimaryAsync() => RunPostgresAsync("pg_ctl", "-D", PrimaryData, "-m", "fast", "-w", "stop");

    public async Task StartPrimaryAsync()
    {
        await RunPostgresAsync("pg_ctl", "-D", PrimaryData, "-l", Path.Combine(_root, "primary.log"), "-w", "-t", "60", "start");
        // The owner's pooled connections of before a stop are dead.
        Primary?.Clear();
    }

    /// <summary>The version the primary says is current.</summary>
    public async Task<int> CurrentVersionAsync()
    {
        await using var command = Primary.CreateCommand("SELECT version FROM dataset_current");
        return (int)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Ends an API process at once, as a crash would (SIGKILL).</summary>
    public void Kill(int port)
    {
        _apis[port].Kill(entireProcessTree: true);
        _apis[port].WaitForExit(10_000);
    }

    /// <summary>Asks an API process to stop, as systemd and a rolling restart do (SIGTERM).</summary>
    public void Terminate(int port)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _apis[port].Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))!;
        kill.WaitForExit();
    }

    /// <summary>Waits, bounded, for the API process on <paramref name="port"/> to exit; its exit code.</summary>
    public async Task<int> WaitForExitAsync(int port, int seconds = 60)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        await _apis[port].WaitForExitAsync(timeout.Token);
        return _apis[port].ExitCode;
    }

    /// <summary>Whether HAProxy has the API on <paramref name="port"/> in rotation (UP in its statistics).</summary>
    public async Task<bool> InRotationAsync(int port)
    {
        var csv = await Proxy.GetStringAsync(new Uri($"http://127.0.0.1:{StatsPort}/stats;csv"));
        return csv.Split('\n').Any(line => line.StartsWith($"api,api{port},", StringComparison.Ordinal) && line.Split(',')[17].StartsWith("UP", StringComparison.Ordinal));
    }

    /// <summary>
    /// Starts (again) the API process on <paramref name="port"/>, loading from the standby and writing to the primary,
    /// or reading and writing the cluster on <paramref name="databasePort"/> alone.
    /// </summary>
    public void StartApi(int port, int? databasePort = null)
    {
        var config = AppContext.BaseDirectory.Contains("/bin/Debug/", StringComparison.Ordinal) ? "Debug" : "Release";
        var api = Path.Combine(RepositoryPaths.Root, "src", "ClinicMap.Api");
        var start = new ProcessStartInfo("dotnet", [Path.Combine(api, "bin", config, "net10.0", "ClinicMap.Api.dll"), "--urls", ApiUrl(port).ToString()])
        {
            WorkingDirectory = api,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // The test run's own database variables must not reach these processes.
        foreach (var name in new[] { "CLINICMAP_DB", "CLINICMAP_API_DB", "CLINICMAP_WORKER_DB" })
            start.Environment.Remove(name);
        start.Environment["Database__ConnectionString"] = $"Host=127.0.0.1;Port={databasePort ?? PrimaryPort};Username=clinicmap_api;Database=clinicmap;Timeout=3";
        start.Environment["Database__ReadConnectionString"] = $"Host=127.0.0.1;Port={databasePort ?? StandbyPort};Username=clinicmap_api;Database=clinicmap;Timeout=3";
        start.Environment["PublicLimit__PerSecond"] = "1000000000";
        start.Environment["PublicLimit__Burst"] = "1000000000";
        // The poll is the fallback only: a publish must show through the primary's notification, well before it.
        start.Environment["Serving__PollSeconds"] = "30";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        // HAProxy marks a process down after one failed check (200 ms): a second of draining is ample.
        start.Environment["Shutdown__DrainSeconds"] = "1";
        var process = Process.Start(start)!;
        var log = Path.Combine(_root, $"api-{port}.log");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) File.AppendAllText(log, e.Data + "\n"); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) File.AppendAllText(log, e.Data + "\n"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _apis[port] = process;
    }

    /// <summary>The API's /readyz as JSON, or <c>null</c> when it does not answer 200.</summary>
    public static async Task<JsonElement?> ReadyzAsync(Uri api)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await client.GetAsync(new Uri(api, "/readyz"));
            if (response.StatusCode != HttpStatusCode.OK)
                return null;
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return body.RootElement.Clone();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    private static async Task<bool> ReadyAsync(Uri api) => await ReadyzAsync(api) is not null;

    /// <summary>Waits, bounded, for <paramref name="condition"/>; fails naming <paramref name="what"/>.</summary>
    public static async Task WaitAsync(Func<Task<bool>> condition, string what, int seconds = 60)
    {
        var until = Stopwatch.GetTimestamp() + seconds * Stopwatch.Frequency;
        while (Stopwatch.GetTimestamp() < until)
        {
            if (await condition())
                return;
            await Task.Delay(25);
        }
        throw new TimeoutException($"waited {seconds} s for {what}");
    }

    private async Task StartProxyAsync()
    {
        var config = Path.Combine(_root, "haproxy.cfg");
        await File.WriteAllTextAsync(config, $"""
            global
                maxconn 2048
            defaults
                mode http
                timeout connect 1s
                timeout client 20s
                timeout server 20s
                retries 3
                option redispatch
            frontend clinicmap
                bind 127.0.0.1:{ProxyPort}
                default_backend api
            frontend stats
                bind 127.0.0.1:{StatsPort}
                stats enable
                stats uri /stats
            backend api
                balance roundrobin
                option httpchk GET /readyz
                http-check expect status 200
                retry-on conn-failure empty-response response-timeout
            {string.Join("\n", ApiPorts.Select(p => $"    server api{p} 127.0.0.1:{p} check inter 200ms fall 1 rise 2"))}

            """);
        _haproxy = Process.Start(new ProcessStartInfo("haproxy", ["-f", config, "-db"]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        _haproxy.BeginOutputReadLine();
        _haproxy.BeginErrorReadLine();
        await WaitAsync(() => ReadyAsync(ProxyUrl), "HAProxy to route to an API");
    }

    /// <summary>Runs a PostgreSQL program (as the postgres user when the tests run as root: PostgreSQL refuses root).</summary>
    private async Task RunPostgresAsync(string program, params string[] arguments)
    {
        var path = program == "sh" ? "/bin/sh" : Path.Combine(PgBin, program);
        var start = Environment.UserName == "root"
            ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", path, .. arguments])
            : new ProcessStartInfo(path, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.WorkingDirectory = _root;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await error}{await output}");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task DisposeAsync()
    {
        Proxy.Dispose();
        if (_haproxy is { HasExited: false })
            _haproxy.Kill();
        foreach (var api in _apis.Values.Where(a => !a.HasExited))
            api.Kill(entireProcessTree: true);
        if (Primary is not null)
            await Primary.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        foreach (var data in new[] { RestoredData, StandbyData, PrimaryData })
        {
            if (Directory.Exists(data))
                await RunPostgresAsync("pg_ctl", "-D", data, "-m", "immediate", "stop").ContinueWith(_ => { });
        }
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using ClinicMap.TestSupport;

namespace ClinicMap.Import.Tests.Watch;

/// <summary>
/// A commission's website on loopback, as such sites behave: it serves samples/commission-site (the notice index,
/// its pages, notices and attachments) with ETag and Last-Modified and answers conditional requests with 304; every
/// notice page carries a visit counter that changes on each request; notices marked <c>class="later"</c> on the index
/// appear only once <see cref="PublishLater"/> is set; a test may replace or add any path (<see cref="Override"/>) and
/// the site plays the failures commission sites have: a slow answer, a redirect, a redirect loop, a file far larger
/// than it should be. <see cref="Requests"/> counts requests and 304s per path.
/// </summary>
public sealed class CommissionSite : IDisposable
{
    private static readonly DateTimeOffset Modified = new(2020, 2, 8, 9, 0, 0, TimeSpan.Zero);
    private readonly HttpListener _listener;
    private readonly ConcurrentDictionary<string, (byte[] Body, string Type)> _overrides = new(StringComparer.Ordinal);
    private int _visits = 1000;

    public CommissionSite()
    {
        // A listener whose start fails (the port taken) is closed by it, so each attempt takes a new one.
        for (var attempt = 0; ; attempt++)
        {
            Port = Random.Shared.Next(20000, 60000);
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            try
            {
                listener.Start();
                _listener = listener;
                break;
            }
            catch (HttpListenerException) when (attempt < 20)
            {
                listener.Close();
            }
        }
        _ = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public static string Root => Path.Combine(RepositoryPaths.Samples, "commission-site");

    /// <summary>Whether the notices marked as published later are on the index.</summary>
    public bool PublishLater
    {
        get => Volatile.Read(ref _publishLater);
        set => Volatile.Write(ref _publishLater, value);
    }

    private bool _publishLater;

    public ConcurrentDictionary<string, int> Requests { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, int> NotModified { get; } = new(StringComparer.Ordinal);

    public string Url(string path) => $"http://127.0.0.1:{Port}/{path}";

    public void Override(string path, string html) => _overrides[path] = (Encoding.UTF8.GetBytes(html), "text/html; charset=utf-8");

    public void Override(string path, byte[] body, string type) => _overrides[path] = (body, type);

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var path = context.Request.Url!.AbsolutePath.TrimStart('/');
        Requests.AddOrUpdate(path, 1, (_, n) => n + 1);
        var response = context.Response;
        try
        {
            switch (path)
            {
                case "slow/list.xlsx":
                    await Task.Delay(TimeSpan.FromSeconds(4));
                    await WriteAsync(context, await File.ReadAllBytesAsync(Path.Combine(Root, "files", "hubei-fever-clinics.xlsx")), "application/octet-stream");
                    return;
                case "moved/notice.html":
                    response.Redirect(Url("notices/0204-added.html"));
                    response.Close();
                    return;
                case "loop/a.xlsx":
                    response.Redirect(Url("loop/b.xlsx"));
                    response.Close();
                    return;
                case "loop/b.xlsx":
                    response.Redirect(Url("loop/a.xlsx"));
                    response.Close();
                    return;
                case "big/list.xlsx":
                    // Says it is 30 MB and would send that much: the watcher must stop before reading it.
                    response.ContentLength64 = 30L * 1024 * 1024;
                    response.ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
                    var zeros = new byte[64 * 1024];
                    try
                    {
                        for (var sent = 0L; sent < response.ContentLength64; sent += zeros.Length)
                            await response.OutputStream.WriteAsync(zeros);
                    }
                    catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
                    {
                    }
                    response.Abort();
                    return;
            }
            if (_overrides.TryGetValue(path, out var overridden))
            {
                await WriteAsync(context, overridden.Body, overridden.Type);
                return;
            }
            var file = Path.GetFullPath(Path.Combine(Root, path.Length == 0 ? "index.html" : path));
            if (!file.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(file))
            {
                response.StatusCode = 404;
                response.Close();
                return;
            }
            var body = await File.ReadAllBytesAsync(file);
            if (file.EndsWith(".html", StringComparison.Ordinal))
            {
                var text = Encoding.UTF8.GetString(body);
                if (!PublishLater)
                    text = string.Join('\n', text.Split('\n').Where(line => !line.Contains("class=\"later\"", StringComparison.Ordinal)));
                text = text.Replace("<span id=\"visits\">1024</span>", $"<span id=\"visits\">{Interlocked.Increment(ref _visits)}</span>", StringComparison.Ordinal);
                body = Encoding.UTF8.GetBytes(text);
            }
            await WriteAsync(context, body, Path.GetExtension(file) switch
            {
                ".html" => "text/html; charset=utf-8",
                ".xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                ".docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                ".pdf" => "application/pdf",
                ".png" => "image/png",
                _ => "application/octet-stream",
            });
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
        {
        }
    }

    /// <summary>A 200 with an ETag of the body (and a fixed Last-Modified), or a 304 when the client already has it.</summary>
    private async Task WriteAsync(HttpListenerContext context, byte[] body, string type)
    {
        var path = context.Request.Url!.AbsolutePath.TrimStart('/');
        var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(body))[..16]}\"";
        var response = context.Response;
        response.Headers["ETag"] = etag;
        response.Headers["Last-Modified"] = Modified.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        if (context.Request.Headers["If-None-Match"] == etag)
        {
            NotModified.AddOrUpdate(path, 1, (_, n) => n + 1);
            response.StatusCode = 304;
            response.Close();
            return;
        }
        response.ContentType = type;
        response.ContentLength64 = body.Length;
        await response.OutputStream.WriteAsync(body);
        response.Close();
    }
}

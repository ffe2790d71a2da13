using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ClinicMap.TestSupport;

/// <summary>
/// A real HTTP server on 127.0.0.1 standing in for the online geocoders. Each test scripts the answers: a queue of
/// (status, body, delay) per path; every request is recorded. Answers are written in the providers' documented formats.
/// </summary>
public sealed class FakeProviderServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<(int Status, string Body, TimeSpan Delay)>> _answers = new();
    private readonly ConcurrentBag<(string Path, string Contains, string Body)> _byQuery = [];

    public FakeProviderServer()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.Run(async context =>
        {
            var request = context.Request.Path + context.Request.QueryString;
            Requests.Enqueue(request);
            var decoded = Uri.UnescapeDataString(context.Request.QueryString.Value ?? "");
            var byQuery = _byQuery.FirstOrDefault(a => a.Path == context.Request.Path && decoded.Contains(a.Contains, StringComparison.Ordinal));
            (int Status, string Body, TimeSpan Delay) answer;
            if (byQuery.Body is not null)
                answer = (200, byQuery.Body, TimeSpan.Zero);
            else if (!_answers.TryGetValue(context.Request.Path, out var queue) || !queue.TryDequeue(out answer))
                answer = (500, "no scripted answer", TimeSpan.Zero);
            if (answer.Delay > TimeSpan.Zero)
                await Task.Delay(answer.Delay, context.RequestAborted);
            context.Response.StatusCode = answer.Status;
            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.WriteAsync(answer.Body, context.RequestAborted);
        });
        _app.StartAsync().GetAwaiter().GetResult();
        BaseUrl = new Uri(_app.Urls.First() + "/");
    }

    public Uri BaseUrl { get; }

    /// <summary>Every request received: path and query string.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Answers every request to <paramref name="path"/> whose decoded query contains <paramref name="contains"/> with <paramref name="body"/>, for requests sent in parallel.</summary>
    public void AnswerFor(string path, string contains, string body) => _byQuery.Add((path, contains, body));

    public void Answer(string path, string body, int status = 200, TimeSpan delay = default) =>
        _answers.GetOrAdd(path, _ => new()).Enqueue((status, body, delay));

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

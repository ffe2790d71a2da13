using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ClinicMap.Geocoding.Tests.Providers;

/// <summary>
/// A real HTTP server on 127.0.0.1 standing in for the online geocoders. Each test scripts the answers: a queue of
/// (status, body, delay) per path; every request is recorded. Answers are written in the providers' documented formats.
/// </summary>
public sealed class FakeProviderServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<(int Status, string Body, TimeSpan Delay)>> _answers = new();

    public FakeProviderServer()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.Run(async context =>
        {
            Requests.Enqueue(context.Request.Path + context.Request.QueryString);
            if (!_answers.TryGetValue(context.Request.Path, out var queue) || !queue.TryDequeue(out var answer))
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

    public void Answer(string path, string body, int status = 200, TimeSpan delay = default) =>
        _answers.GetOrAdd(path, _ => new()).Enqueue((status, body, delay));

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

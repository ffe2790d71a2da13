// The ceiling of the nearest endpoint on this machine: Kestrel answering every GET with the bytes of one real answer
// (the file given as the first argument, captured from the API) and doing no work at all — no routing of
// parameters, no index, no JSON, no logging, no rate limit. scripts/bench.sh serving measures the API against it.
var body = await File.ReadAllBytesAsync(args[0]);
var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
var app = builder.Build();
app.Run(context =>
{
    context.Response.ContentType = "application/json; charset=utf-8";
    context.Response.ContentLength = body.Length;
    return context.Response.Body.WriteAsync(body).AsTask();
});
await app.RunAsync(args.Length > 1 ? args[1] : "http://127.0.0.1:5085");

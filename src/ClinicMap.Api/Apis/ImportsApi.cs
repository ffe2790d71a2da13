using System.Text.Json;
using ClinicMap.Api.Access;
using ClinicMap.Core.Clinics;
using ClinicMap.Core.Divisions;
using ClinicMap.Data.Access;
using ClinicMap.Data.Imports;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ClinicMap.Api.Apis;

/// <summary>
/// Uploads under <c>/api/v1/imports</c>. The API only stores the file as a job; a worker process
/// (<c>clinicmap-import worker</c>) reads it, so OCR and parsing never take the residents' CPU. Rows outside the
/// uploader's jurisdiction are rejected by the worker with a reason, never staged as clinics.
/// </summary>
public static class ImportsApi
{
    /// <summary>The largest upload accepted: the pipeline's own limit for one list, so nothing is queued that a worker would refuse for size.</summary>
    public const long MaxUploadBytes = Core.Imports.ImportLimits.MaxFileBytes;

    public static IEndpointRouteBuilder MapImportsApi(this IEndpointRouteBuilder app)
    {
        var imports = app.MapGroup("api/v1/imports").RequireApiKey(ApiRole.Operator);
        imports.MapPost("", UploadAsync).DisableAntiforgery().DisableRequestTimeout()
            .WithMetadata(new RequestSizeLimitAttribute(MaxUploadBytes + FormOverheadBytes))
            .WithName("UploadList").WithSummary("Upload a published list (multipart: file, publisher, title, publishedOn, kind, adminCode)");
        imports.MapGet("{id:long}", GetAsync).WithName("GetImport").WithSummary("An upload's state and the batch it became");
        return app;
    }

    public static async Task<Results<Accepted<ImportJob>, ValidationProblem, ProblemHttpResult>> UploadAsync(
        HttpContext context, ImportJobStore store, CancellationToken cancellationToken)
    {
        var actor = ApiKeyAuthentication.ActorOf(context);
        if (!context.Request.HasFormContentType)
            return Invalid("file", "send multipart/form-data with the list in a 'file' part");
        if (context.Request.ContentLength > MaxUploadBytes + FormOverheadBytes)
            return TooLarge($"{context.Request.ContentLength:N0} bytes");
        IFormCollection form;
        try
        {
            form = await context.Request.ReadFormAsync(cancellationToken);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge("the upload");
        }
        catch (Exception e) when (e is BadHttpRequestException or InvalidDataException or IOException)
        {
            return Invalid("file", $"the multipart body cannot be read: {e.Message}");
        }
        if (form.Files.GetFile("file") is not { } file || file.Length == 0)
            return Invalid("file", "the 'file' part is missing or empty");
        if (file.Length > MaxUploadBytes)
            return TooLarge($"{Core.Text.UploadName.Display(file.FileName)}: {file.Length:N0} bytes");
        var publisher = form["publisher"].ToString();
        if (string.IsNullOrWhiteSpace(publisher))
            return Invalid("publisher", "say which commission published the list");
        var kind = form["kind"].ToString() is { Length: > 0 } k ? k : ClinicKind.FeverClinic.ToWire();
        if (!ClinicKindNames.TryParse(kind, out _))
            return Invalid("kind", $"'{kind}' is not a kind; use fever-clinic, designated-hospital or fever-room");
        DateOnly? publishedOn = null;
        if (form["publishedOn"].ToString() is { Length: > 0 } date)
        {
            if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", out var parsed))
                return Invalid("publishedOn", $"'{date}' is not a date (yyyy-MM-dd)");
            publishedOn = parsed;
        }
        var adminCode = form["adminCode"].ToString() is { Length: > 0 } code ? code : null;
        if (adminCode is not null && !AdminCode.IsWellFormed(adminCode))
            return Invalid("adminCode", $"'{adminCode}' is not a 6-digit GB/T 2260 code");
        if (adminCode is not null)
            actor.Require(adminCode, "the list's division");

        await using var content = new MemoryStream((int)file.Length);
        await file.CopyToAsync(content, cancellationToken);
        var options = JsonSerializer.Serialize(new ImportJobOptions(publisher, NullIfEmpty(form["title"]), publishedOn, kind, adminCode));
        var job = await store.EnqueueAsync(actor, Core.Text.UploadName.Display(file.FileName), content.ToArray(), options, cancellationToken);
        return TypedResults.Accepted($"/api/v1/imports/{job.Id}", job);
    }

    public static async Task<Results<Ok<ImportJob>, ProblemHttpResult>> GetAsync(long id, HttpContext context, ImportJobStore store, CancellationToken cancellationToken)
    {
        var actor = ApiKeyAuthentication.ActorOf(context);
        var job = await store.FindAsync(id, cancellationToken);
        // Another jurisdiction's upload is answered as one that does not exist: its name and options are not this key's to know.
        if (job is null || !actor.CoversScope(job.Jurisdiction))
            return TypedResults.Problem(title: "No such upload", detail: $"there is no import {id} in this key's jurisdiction", statusCode: StatusCodes.Status404NotFound);
        return TypedResults.Ok(job);
    }

    /// <summary>What the multipart framing and the small fields may add to the file itself.</summary>
    private const long FormOverheadBytes = 64 * 1024;

    private static ProblemHttpResult TooLarge(string what) =>
        TypedResults.Problem(title: "The file is too large", detail: $"{what} is over the {MaxUploadBytes:N0}-byte limit for one list", statusCode: StatusCodes.Status413PayloadTooLarge);

    private static string? NullIfEmpty(Microsoft.Extensions.Primitives.StringValues value) => value.ToString() is { Length: > 0 } text ? text : null;

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "The upload is not valid");
}

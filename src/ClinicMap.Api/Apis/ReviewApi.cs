using ClinicMap.Api.Access;
using ClinicMap.Api.Contracts;
using ClinicMap.Core.Clinics;
using ClinicMap.Core.Divisions;
using ClinicMap.Core.Geography;
using ClinicMap.Core.Text;
using ClinicMap.Data.Access;
using ClinicMap.Data.Review;
using ClinicMap.Geocoding.Gazetteer;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ClinicMap.Api.Apis;

/// <summary>
/// The review queue under <c>/api/v1/review</c>: list what waits in the key's jurisdiction, open a row, and act on
/// it. Every action is one audited transaction in <see cref="ReviewStore"/>; a row or clinic outside the key's
/// jurisdiction is 403, whatever the action.
/// </summary>
public static class ReviewApi
{
    public static IEndpointRouteBuilder MapReviewApi(this IEndpointRouteBuilder app)
    {
        var review = app.MapGroup("api/v1/review").RequireApiKey(ApiRole.Operator);
        review.MapGet("", QueueAsync).WithName("ReviewQueue").WithSummary("Rows in review and proposed closures in the key's jurisdiction");
        review.MapGet("batches/{batchId:long}/pages/{page:int}", PageAsync).WithName("ReviewPage")
            .WithSummary("A page of an OCR-read list (PNG), for the crops of its cells' boxes");
        var row = review.MapGroup("rows/{batchId:long}/{rowNumber:int}");
        row.MapGet("", GetRowAsync).WithName("ReviewRow").WithSummary("A row with its original cells, reasons, OCR evidence and candidates");
        row.MapPost("accept", (long batchId, int rowNumber, ReviewActionRequest body, HttpContext c, ReviewStore s, CancellationToken t) =>
            Answer(s.AcceptAsync(ApiKeyAuthentication.ActorOf(c), batchId, rowNumber, body.Why, t))).WithName("AcceptRow");
        row.MapPost("reject", RejectAsync).WithName("RejectRow");
        row.MapPost("edit", EditAsync).WithName("EditRow");
        row.MapPost("move", MoveAsync).WithName("MovePin");
        row.MapPost("merge", (long batchId, int rowNumber, MergeRequest body, HttpContext c, ReviewStore s, CancellationToken t) =>
            Answer(s.MergeAsync(ApiKeyAuthentication.ActorOf(c), batchId, rowNumber, body.ClinicId, body.Why, t))).WithName("MergeRow");
        row.MapPost("split", (long batchId, int rowNumber, ReviewActionRequest body, HttpContext c, ReviewStore s, CancellationToken t) =>
            Answer(s.SplitAsync(ApiKeyAuthentication.ActorOf(c), batchId, rowNumber, body.Why, t))).WithName("SplitRow");
        review.MapPost("closures/{batchId:long}/{clinicId:guid}/close", (long batchId, Guid clinicId, ReviewActionRequest body, HttpContext c, ReviewStore s, CancellationToken t) =>
            DecideAsync(s, ApiKeyAuthentication.ActorOf(c), batchId, clinicId, close: true, body.Why, t)).WithName("CloseClinic");
        review.MapPost("closures/{batchId:long}/{clinicId:guid}/keep", (long batchId, Guid clinicId, ReviewActionRequest body, HttpContext c, ReviewStore s, CancellationToken t) =>
            DecideAsync(s, ApiKeyAuthentication.ActorOf(c), batchId, clinicId, close: false, body.Why, t)).WithName("KeepClinic");
        return app;
    }

    public static async Task<Ok<ReviewBacklog>> QueueAsync(HttpContext context, ReviewStore store, CancellationToken cancellationToken,
        long? batch = null, string? reason = null, string? region = null, int limit = 200) =>
        TypedResults.Ok(await store.QueueAsync(ApiKeyAuthentication.ActorOf(context), new ReviewFilter(batch, reason, region, Math.Clamp(limit, 1, 1000)), cancellationToken));

    public static async Task<Results<Ok<ReviewRowDto>, ValidationProblem, ProblemHttpResult>> GetRowAsync(
        long batchId, int rowNumber, string? crs, HttpContext context, ReviewStore store, CancellationToken cancellationToken)
    {
        if (QueryFields.ParseCrs(crs) is not { } system)
            return QueryFields.BadCrs(crs);
        var row = await store.FindAsync(ApiKeyAuthentication.ActorOf(context), batchId, rowNumber, cancellationToken);
        return row is null ? NoRow(batchId, rowNumber) : TypedResults.Ok(ReviewRowDto.From(row, system));
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> PageAsync(long batchId, int page, HttpContext context, ReviewStore store, CancellationToken cancellationToken)
    {
        var png = await store.PageImageAsync(ApiKeyAuthentication.ActorOf(context), batchId, page, cancellationToken);
        return png is null
            ? TypedResults.Problem(title: "No such page", detail: $"batch {batchId} has no page {page} read by OCR in this key's jurisdiction", statusCode: StatusCodes.Status404NotFound)
            : TypedResults.File(png, "image/png");
    }

    public static async Task<Results<Ok<ReviewRowDto>, ValidationProblem, ProblemHttpResult>> RejectAsync(
        long batchId, int rowNumber, ReviewActionRequest body, HttpContext context, ReviewStore store, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(body.Why))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["why"] = ["say why the row is rejected; it becomes the row's reason"] });
        return await Answer(store.RejectAsync(ApiKeyAuthentication.ActorOf(context), batchId, rowNumber, body.Why, cancellationToken));
    }

    public static async Task<Results<Ok<ReviewRowDto>, ValidationProblem, ProblemHttpResult>> EditAsync(
        long batchId, int rowNumber, EditRowRequest body, HttpContext context, ReviewStore store, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        // An edit replaces the row's fields: what a published clinic must have is required here, not found missing at publish.
        if (string.IsNullOrWhiteSpace(body.Name))
            errors["name"] = ["a clinic has a name"];
        if (body.Kinds is not { Count: > 0 })
            errors["kinds"] = ["a clinic has at least one kind: fever-clinic, designated-hospital or fever-room"];
        if (body.AdminCode is null)
            errors["adminCode"] = ["a clinic has its county's 6-digit GB/T 2260 code"];
        if (body.Phones is { Count: > MaxPhones })
            errors["phones"] = [$"at most {MaxPhones} phone numbers"];
        foreach (var (field, value, max) in new[] { ("name", body.Name, 200), ("address", body.Address, 500), ("hours", body.Hours, 200), ("level", body.Level, 32), ("why", body.Why, 2000) })
        {
            if (value is { } text && text.Length > max)
                errors[field] = [$"at most {max} characters"];
        }
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The row's new fields are not valid");
        var kinds = new List<string>();
        foreach (var kind in body.Kinds ?? [])
        {
            if (ClinicKindNames.TryParse(kind, out var parsed))
                kinds.Add(parsed.ToWire());
            else
                errors["kinds"] = [$"'{kind}' is not a kind; use fever-clinic, designated-hospital or fever-room"];
        }
        var county = AdminCode.IsWellFormed(body.AdminCode) ? DivisionGazetteer.Embedded.Find(body.AdminCode!) : null;
        if (county is null)
            errors["adminCode"] = ["not a GB/T 2260 division"];
        var phones = new List<string>();
        foreach (var phone in body.Phones ?? [])
        {
            var parsed = PhoneNormalizer.Parse(phone);
            if (parsed.Phones.Count == 0 || parsed.Unparsed.Count > 0)
                errors["phones"] = [$"'{phone}' is not a phone number"];
            phones.AddRange(parsed.Phones);
        }
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The row's new fields are not valid");
        var chain = county is null ? [] : Chain(county);
        var fields = new RowFields(body.Name, kinds, body.Address, body.AdminCode,
            chain.FirstOrDefault(d => d.Level == DivisionLevel.Province)?.Name,
            chain.FirstOrDefault(d => d.Level == DivisionLevel.Prefecture)?.Name,
            chain.FirstOrDefault(d => d.Level == DivisionLevel.County)?.Name,
            phones, body.Hours, body.Level);
        return await Answer(store.EditAsync(ApiKeyAuthentication.ActorOf(context), batchId, rowNumber, fields, body.Why, cancellationToken));
    }

    public static async Task<Results<Ok<ReviewRowDto>, ValidationProblem, ProblemHttpResult>> MoveAsync(
        long batchId, int rowNumber, MovePinRequest body, HttpContext context, ReviewStore store, CancellationToken cancellationToken)
    {
        if (QueryFields.ParseCrs(body.Crs) is not { } system)
            return QueryFields.BadCrs(body.Crs);
        if (!double.IsFinite(body.Lat) || !double.IsFinite(body.Lon) || body.Lat is < -90 or > 90 || body.Lon is < -180 or > 180)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["lat"] = [$"{body.Lat},{body.Lon} is not a position"] });
        return await Answer(store.MoveAsync(ApiKeyAuthentication.ActorOf(context), batchId, rowNumber, new GeoPoint(body.Lat, body.Lon, system), body.Why, cancellationToken), system);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DecideAsync(ReviewStore store, Actor actor, long batchId, Guid clinicId, bool close, string? why, CancellationToken cancellationToken) =>
        await store.DecideClosureAsync(actor, batchId, clinicId, close, why, cancellationToken)
            ? TypedResults.NoContent()
            : TypedResults.Problem(title: "No such proposed closure", detail: $"batch {batchId} proposes no closure of clinic {clinicId}", statusCode: StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<ReviewRowDto>, ValidationProblem, ProblemHttpResult>> Answer(Task<ReviewRow?> action, CoordinateSystem crs = CoordinateSystem.Wgs84)
    {
        var row = await action;
        return row is null ? NoRow(null, null) : TypedResults.Ok(ReviewRowDto.From(row, crs));
    }

    /// <summary>The most phone numbers an edited row may carry.</summary>
    public const int MaxPhones = 10;

    private static ProblemHttpResult NoRow(long? batchId, int? rowNumber) =>
        TypedResults.Problem(title: "No such row", detail: batchId is null ? "no row at this address" : $"batch {batchId} has no row {rowNumber}", statusCode: StatusCodes.Status404NotFound);

    private static List<AdminDivision> Chain(AdminDivision division)
    {
        var chain = new List<AdminDivision>();
        for (var d = division; d is not null; d = d.ParentCode is { } parent ? DivisionGazetteer.Embedded.Find(parent) : null)
            chain.Add(d);
        return chain;
    }
}

using ClinicMap.Data.Access;
using ClinicMap.Data.Datasets;
using ClinicMap.Data.Review;

namespace ClinicMap.Api.Access;

/// <summary>
/// Guards the write side: reads <c>Authorization: Bearer cmk_…</c>, finds the live key (401 otherwise), checks the
/// role (403), puts the <see cref="Actor"/> on the request, and turns the stores' refusals into problem+json:
/// <see cref="AccessDeniedException"/> → 403 with the reason, a refused review action or publish → 409.
/// </summary>
public sealed class ApiKeyFilter(ApiRole minimum) : IEndpointFilter
{
    private const string ActorKey = "clinicmap.actor";

    public static Actor ActorOf(HttpContext context) =>
        context.Items[ActorKey] as Actor ?? throw new InvalidOperationException("the endpoint is not behind ApiKeyFilter");

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var header = http.Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
        var actor = token is null ? null : await http.RequestServices.GetRequiredService<ApiKeyStore>().AuthenticateAsync(token, http.RequestAborted);
        if (actor is null)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return TypedResults.Problem(title: "An API key is needed",
                detail: token is null ? "send Authorization: Bearer <key>" : "the key is unknown, malformed or revoked",
                statusCode: StatusCodes.Status401Unauthorized);
        }
        if (actor.Role < minimum)
            return Forbidden($"this needs a {minimum.ToWire()} key; {actor.Name} is a {actor.Role.ToWire()} key");
        http.Items[ActorKey] = actor;
        try
        {
            return await next(context);
        }
        catch (AccessDeniedException e)
        {
            return Forbidden(e.Message);
        }
        catch (Exception e) when (e is ReviewRefusedException or PublishRefusedException)
        {
            return TypedResults.Problem(title: "Refused", detail: e.Message, statusCode: StatusCodes.Status409Conflict);
        }
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Forbidden(string reason) =>
        TypedResults.Problem(title: "Outside this key's rights", detail: reason, statusCode: StatusCodes.Status403Forbidden);
}

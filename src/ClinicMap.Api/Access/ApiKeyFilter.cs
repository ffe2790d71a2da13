using ClinicMap.Data.Access;
using ClinicMap.Data.Datasets;
using ClinicMap.Data.Review;

namespace ClinicMap.Api.Access;

/// <summary>
/// Turns the stores' refusals on the write side into problem+json: <see cref="AccessDeniedException"/> → 403 with
/// the reason, a refused review action or publish → 409. The key itself was verified by
/// <see cref="ApiKeyAuthentication"/> before the request's body was read.
/// </summary>
public sealed class ApiKeyFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (AccessDeniedException e)
        {
            return TypedResults.Problem(title: "Outside this key's rights", detail: e.Message, statusCode: StatusCodes.Status403Forbidden);
        }
        catch (Exception e) when (e is ReviewRefusedException or PublishRefusedException)
        {
            return TypedResults.Problem(title: "Refused", detail: e.Message, statusCode: StatusCodes.Status409Conflict);
        }
    }
}

using ClinicMap.Api.Access;
using ClinicMap.Api.Serving;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OData.Extensions;
using Microsoft.AspNetCore.OData.Formatter;
using Microsoft.AspNetCore.OData.Query;
using Microsoft.AspNetCore.OData.Results;
using Microsoft.AspNetCore.OData.Routing.Controllers;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.OData;
using Microsoft.OData.UriParser;

namespace ClinicMap.Api.OData;

/// <summary>
/// <c>/odata/Clinics</c>, <c>/odata/Clinics(id)</c> and <c>/odata/Clinics/$count</c> over the served version, routed
/// by ASP.NET Core OData's conventions. The query options are parsed and validated by the library
/// (<see cref="ClinicQuery"/>), applied in memory with <see cref="ClinicFilterBinder"/> and
/// <see cref="ClinicOrderByBinder"/>, paged here (so the next link is built from the public base URL and ties keep
/// id order) and written by the library's serializer.
/// </summary>
[EnableRateLimiting(AccessExtensions.PublicPolicy)]
[ApiExplorerSettings(IgnoreApi = false)]
public sealed class ClinicsController(ServingIndex serving, ODataClinicRows rows, StatusOverlay statuses, IOptions<Http.PublicUrlOptions> publicUrl) : ODataController
{
    /// <summary>Server-driven paging: at most this many clinics per answer, the rest behind <c>@odata.nextLink</c>.</summary>
    public const int PageSize = 1000;

    /// <summary>The time one query may take to filter and order: a real query over a national version takes milliseconds.</summary>
    public static readonly TimeSpan QueryTime = TimeSpan.FromSeconds(2);

    [HttpGet]
    public IActionResult Get()
    {
        if (serving.Current is not { } index)
            return NoDataset();
        var feature = HttpContext.ODataFeature();
        try
        {
            var query = ClinicQuery.Parse(HttpContext, feature.Model, feature.Path);
            var counting = feature.Path.LastSegment is CountSegment;
            var matching = query.Run(rows.For(index, statuses), new QueryBudget(QueryTime, HttpContext.RequestAborted), ordered: !counting);
            var total = matching.Count;
            if (counting)
                return Content(total.ToString(System.Globalization.CultureInfo.InvariantCulture), "text/plain");
            var skip = (int)Math.Min(query.Skip ?? 0, total);
            var wanted = (int)Math.Min(query.Top ?? long.MaxValue, total - skip);
            var page = matching.Skip(skip).Take(Math.Min(wanted, PageSize)).ToList();
            // The serializer writes @odata.count and @odata.nextLink from the request's OData feature.
            feature.NextLink = wanted > page.Count ? NextLink(skip + page.Count, query.Top is null ? null : wanted - page.Count) : null;
            feature.TotalCount = query.Count ? total : null;
            return Ok(query.Shape(page, feature));
        }
        catch (ODataUnsupportedException e)
        {
            return BadRequest(new ODataError { Code = "BadQuery", Message = e.Message, Target = e.Target });
        }
    }

    [HttpGet]
    public IActionResult Get(Guid key)
    {
        if (serving.Current is not { } index)
            return NoDataset();
        var row = rows.Find(index, key, statuses);
        return row is null
            ? NotFound(new ODataError { Code = "NotFound", Message = $"no clinic {key} in version {index.Version.Version}", Target = "key" })
            : Ok(row);
    }

    private ObjectResult NoDataset() =>
        StatusCode(StatusCodes.Status503ServiceUnavailable, new ODataError { Code = "NoDataset", Message = "No dataset has been published yet" });

    /// <summary>This request with <c>$skip</c> moved past this page (and <c>$top</c> reduced by it when the client set one), under the public base URL.</summary>
    private Uri NextLink(int skip, int? top)
    {
        var next = Request.Query.ToDictionary(q => q.Key, q => (string?)q.Value.ToString(), StringComparer.Ordinal);
        next["$skip"] = skip.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (top is { } t)
            next["$top"] = t.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var root = new Uri(publicUrl.Value.Root, "odata/" + ClinicEdmModel.EntitySetName);
        return new Uri(Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(root.ToString(), next));
    }
}

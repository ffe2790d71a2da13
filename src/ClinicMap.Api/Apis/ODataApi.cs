using ClinicMap.Api.Access;
using ClinicMap.Api.OData;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OData;
using Microsoft.AspNetCore.OData.Formatter;
using Microsoft.AspNetCore.OData.Query.Expressions;
using Microsoft.Extensions.Options;

namespace ClinicMap.Api.Apis;

/// <summary>
/// An OData v4 service at <c>/odata</c> over the current version, for OData clients such as Excel's Power Query, on
/// ASP.NET Core OData (controllers: its minimal-API support answers 500 on a malformed $filter): the service document,
/// <c>$metadata</c>, <c>Clinics</c>, <c>Clinics(id)</c> and <c>Clinics/$count</c> (<see cref="ClinicsController"/>),
/// answered from the in-memory index, never the database.
/// </summary>
public static class ODataApi
{
    /// <summary>Server-driven paging: at most this many clinics per answer, the rest behind <c>@odata.nextLink</c>.</summary>
    public const int PageSize = ClinicsController.PageSize;

    public static void AddClinicOData(this IServiceCollection services)
    {
        services.AddSingleton<ODataClinicRows>();
        services.AddControllers().AddOData(options =>
        {
            // Only $-options are query options: "filter=…" is an ordinary parameter, never applied behind the check of ClinicQuery.
            options.EnableNoDollarQueryOptions = false;
            options.Select().Filter().OrderBy().Count().SetMaxTop(null)
            .AddRouteComponents("odata", ClinicEdmModel.Model, route =>
            {
                route.AddSingleton<IFilterBinder, ClinicFilterBinder>();
                route.AddSingleton<IOrderByBinder, ClinicOrderByBinder>();
            });
        });
        // @odata.context and every link the serializer writes start at the public base URL, never the request's Host.
        services.AddOptions<MvcOptions>().Configure<IOptions<Http.PublicUrlOptions>>((mvc, url) =>
        {
            foreach (var formatter in mvc.OutputFormatters.OfType<ODataOutputFormatter>())
                formatter.BaseAddressFactory = _ => new Uri(url.Value.Root, "odata/");
        });
    }

    /// <summary>The OData routes (and only they: the API's other endpoints are minimal APIs), rate-limited like every public read.</summary>
    public static IEndpointRouteBuilder MapODataApi(this IEndpointRouteBuilder app)
    {
        app.MapControllers().RequirePublicRateLimit();
        return app;
    }
}

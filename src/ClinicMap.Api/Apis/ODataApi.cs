using System.Text.Json;
using System.Xml;
using ClinicMap.Api.Access;
using ClinicMap.Api.OData;
using ClinicMap.Api.Serving;
using ClinicMap.Core.Clinics;
using Microsoft.OData;
using Microsoft.OData.Edm;
using Microsoft.OData.Edm.Csdl;

namespace ClinicMap.Api.Apis;

/// <summary>
/// An OData v4 service at <c>/odata</c> over the current version, for OData clients such as Excel's Power Query:
/// the service document, <c>$metadata</c> (CSDL), and <c>Clinics</c> with $filter, $orderby, $select, $top, $skip
/// and $count, answered from the in-memory index and written with Microsoft.OData.Core's ODataMessageWriter.
/// </summary>
public static class ODataApi
{
    /// <summary>Server-driven paging: at most this many clinics per answer, the rest behind <c>@odata.nextLink</c>.</summary>
    public const int PageSize = 1000;

    /// <summary>The time one query may take to filter and order: a real query over a national version takes milliseconds.</summary>
    public static readonly TimeSpan QueryTime = TimeSpan.FromSeconds(2);

    private const string JsonContentType = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

    public static IEndpointRouteBuilder MapODataApi(this IEndpointRouteBuilder app)
    {
        var odata = app.MapGroup("odata").RequirePublicRateLimit();
        odata.MapGet("", ServiceDocumentAsync).WithName("ODataServiceDocument").WithSummary("The OData service document");
        odata.MapGet("$metadata", MetadataAsync).WithName("ODataMetadata").WithSummary("The OData CSDL of the Clinic entity type");
        odata.MapGet(ClinicEdmModel.EntitySetName, ClinicsAsync).WithName("ODataClinics")
            .WithSummary("The clinics of the current version with $filter (geo.distance included), $orderby, $select, $top, $skip, $count");
        return app;
    }

    /// <summary>The service root from <see cref="Http.PublicUrlOptions"/>: never the request's Host header, which would reach cached answers.</summary>
    private static Uri ServiceRoot(HttpContext context) =>
        new(context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Http.PublicUrlOptions>>().Value.Root, "odata/");

    private static async Task ServiceDocumentAsync(HttpContext context)
    {
        var message = new BufferedResponseMessage();
        var root = ServiceRoot(context);
        var settings = new ODataMessageWriterSettings { BaseUri = root, Version = ODataVersion.V4, ODataUri = new ODataUri { ServiceRoot = root }, EnableMessageStreamDisposal = false };
        settings.SetContentType(ODataFormat.Json);
        using (var writer = new ODataMessageWriter((IODataResponseMessage)message, settings, ClinicEdmModel.Model))
            writer.WriteServiceDocument(ClinicEdmModel.Model.GenerateServiceDocument());
        await SendAsync(context, message, StatusCodes.Status200OK);
    }

    private static async Task MetadataAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        using (var xml = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new System.Text.UTF8Encoding(false), Indent = true, Async = false }))
        {
            if (!CsdlWriter.TryWriteCsdl(ClinicEdmModel.Model, xml, CsdlTarget.OData, out var errors))
                throw new InvalidOperationException("the EDM model does not write as CSDL: " + string.Join("; ", errors.Select(e => e.ErrorMessage)));
        }
        context.Response.ContentType = "application/xml;charset=utf-8";
        context.Response.Headers["OData-Version"] = "4.0";
        await context.Response.Body.WriteAsync(buffer.ToArray(), context.RequestAborted);
    }

    private static async Task ClinicsAsync(HttpContext context, ServingIndex serving)
    {
        if (serving.Current is not { } index)
        {
            await ErrorAsync(context, StatusCodes.Status503ServiceUnavailable, "NoDataset", "No dataset has been published yet", null);
            return;
        }
        var options = context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
        ClinicODataQuery query;
        IReadOnlyList<Clinic> matching;
        int total;
        try
        {
            query = ClinicODataQuery.Parse(options);
            (matching, total) = query.Run(index.All(ClinicFilter.Any), index.IsRoundTheClock, new QueryBudget(QueryTime, context.RequestAborted));
        }
        catch (ODataUnsupportedException e)
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, "BadQuery", e.Message, e.Target);
            return;
        }
        var skip = (int)Math.Min(query.Skip ?? 0, total);
        var wanted = (int)Math.Min(query.Top ?? long.MaxValue, total - skip);
        var page = matching.Skip(skip).Take(Math.Min(wanted, PageSize)).ToList();
        var root = ServiceRoot(context);
        var resourceSet = new ODataResourceSet();
        if (query.Count)
            resourceSet.Count = total;
        if (wanted > page.Count)
            resourceSet.NextPageLink = NextLink(root, options, skip + page.Count, query.Top is null ? null : wanted - page.Count);

        var settings = new ODataMessageWriterSettings
        {
            BaseUri = root,
            Version = ODataVersion.V4,
            EnableMessageStreamDisposal = false,
            ODataUri = new ODataUri { ServiceRoot = root, SelectAndExpand = query.Select },
        };
        settings.SetContentType(ODataFormat.Json);
        var properties = query.SelectedProperties();
        var message = new BufferedResponseMessage();
        using (var writer = new ODataMessageWriter((IODataResponseMessage)message, settings, ClinicEdmModel.Model))
        {
            var set = writer.CreateODataResourceSetWriter(ClinicEdmModel.Clinics, ClinicEdmModel.ClinicType);
            set.WriteStart(resourceSet);
            foreach (var clinic in page)
            {
                var open24h = index.IsRoundTheClock(clinic);
                set.WriteStart(new ODataResource
                {
                    TypeName = ClinicEdmModel.ClinicType.FullName(),
                    Properties = properties.Select(p => new ODataProperty { Name = p, Value = ODataValueOf(ClinicValues.Get(clinic, p, open24h)) }).ToList(),
                });
                set.WriteEnd();
            }
            set.WriteEnd();
            set.Flush();
        }
        await SendAsync(context, message, StatusCodes.Status200OK);
    }

    private static object? ODataValueOf(object? value) => value switch
    {
        List<string> items => new ODataCollectionValue { TypeName = "Collection(Edm.String)", Items = items },
        _ => value,
    };

    /// <summary>The same request with <c>$skip</c> moved past this page (and <c>$top</c> reduced by it when the client set one).</summary>
    private static Uri NextLink(Uri root, Dictionary<string, string> options, int skip, int? top)
    {
        var next = new Dictionary<string, string?>(options.Select(o => KeyValuePair.Create(o.Key, (string?)o.Value)), StringComparer.Ordinal)
        {
            ["$skip"] = skip.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (top is { } t)
            next["$top"] = t.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var url = Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(new Uri(root, ClinicEdmModel.EntitySetName).ToString(), next);
        return new Uri(url);
    }

    private static async Task SendAsync(HttpContext context, BufferedResponseMessage message, int status)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = message.GetHeader("Content-Type") ?? JsonContentType;
        context.Response.Headers["OData-Version"] = "4.0";
        context.Response.ContentLength = message.Body.Length;
        await context.Response.Body.WriteAsync(message.Body.GetBuffer().AsMemory(0, (int)message.Body.Length), context.RequestAborted);
    }

    /// <summary>An OData JSON error body (OData JSON Format §21): <c>{"error":{"code","message","target"}}</c>.</summary>
    private static async Task ErrorAsync(HttpContext context, int status, string code, string text, string? target)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json;odata.metadata=minimal;charset=utf-8";
        context.Response.Headers["OData-Version"] = "4.0";
        await JsonSerializer.SerializeAsync(context.Response.Body, new { error = new { code, message = text, target } }, Contracts.ContractJson.Options, cancellationToken: context.RequestAborted);
    }
}

using ClinicMap.Api.Access;
using ClinicMap.Data.Operations;
using OpenTelemetry.Metrics;

namespace ClinicMap.Api.Telemetry;

/// <summary>Metrics through OpenTelemetry, exported for Prometheus at <c>/metrics</c>.</summary>
public static class TelemetryExtensions
{
    /// <summary>
    /// ASP.NET Core's own instruments (request duration by route template, Kestrel, rate limiting) and
    /// <see cref="ApiMetrics"/>. The exporter renders each scrape afresh: a cached scrape would hide the request
    /// that just happened from an alert's first look.
    /// </summary>
    public static void AddClinicMapMetrics(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<MetricsOptions>(builder.Configuration.GetSection(MetricsOptions.Section));
        builder.Services.AddSingleton<OperationsStore>();
        builder.Services.AddSingleton<ApiMetrics>();
        builder.Services.AddHostedService<OperationsPoller>();
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddAspNetCoreInstrumentation()
            .AddMeter(ApiMetrics.MeterName)
            .AddPrometheusExporter(options => options.ScrapeResponseCacheDurationMilliseconds = 0));
    }

    /// <summary>
    /// <c>GET /metrics</c> in Prometheus's text format, rate-limited like any public read; put it behind the load
    /// balancer's allow-list where the figures should not be public (they hold no resident's data).
    /// </summary>
    public static IEndpointRouteBuilder MapMetricsApi(this IEndpointRouteBuilder app)
    {
        app.MapPrometheusScrapingEndpoint("/metrics").RequirePublicRateLimit();
        return app;
    }
}

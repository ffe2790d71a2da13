using ClinicMap.Data;
using ClinicMap.Api.Access;
using ClinicMap.Api.Serving;
using ClinicMap.Data.Access;
using ClinicMap.Data.Clinics;
using ClinicMap.Data.Datasets;
using ClinicMap.Data.Boundaries;
using ClinicMap.Data.Imports;
using ClinicMap.Data.Review;
using ClinicMap.Data.Migrations;
using ClinicMap.Api.Telemetry;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ClinicMap.Api.Extensions;

/// <summary>Registration and pipeline of the API process; Program.cs only calls these.</summary>
public static partial class ServiceExtensions
{
    public static void AddClinicMapServices(this WebApplicationBuilder builder)
    {
        // CLINICMAP_DB is the documented override; it enters as a configuration source so that anything added
        // later (a test host's settings) can still override it in turn.
        if (Environment.GetEnvironmentVariable("CLINICMAP_DB") is { Length: > 0 } fromEnvironment)
            builder.Configuration.AddInMemoryCollection([new($"{DatabaseOptions.Section}:{nameof(DatabaseOptions.ConnectionString)}", fromEnvironment)]);
        builder.Services.Configure<DatabaseOptions>(builder.Configuration.GetSection(DatabaseOptions.Section));
        builder.Services.AddSingleton(sp => ClinicMapDataSource.Create(
            sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString, "clinicmap-api"));
        // The read side: a standby when Database:ReadConnectionString names one, else the primary itself.
        builder.Services.AddKeyedSingleton(DatabaseSources.Read, (sp, _) =>
            sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.ReadConnectionString is { Length: > 0 } read
                ? ClinicMapDataSource.Create(read, "clinicmap-api-read")
                : sp.GetRequiredService<Npgsql.NpgsqlDataSource>());
        builder.Services.AddSingleton<IClinicStore>(sp => new ClinicStore(sp.GetRequiredKeyedService<Npgsql.NpgsqlDataSource>(DatabaseSources.Read)));
        builder.Services.AddSingleton<IDatasetStore, DatasetStore>();
        builder.Services.AddSingleton<ReviewStore>();
        builder.Services.AddSingleton<ImportJobStore>();
        builder.Services.AddSingleton<ApiKeyStore>();
        builder.Services.AddSingleton<BoundaryStore>();
        builder.Services.Configure<ServingOptions>(builder.Configuration.GetSection(ServingOptions.Section));
        builder.Services.AddSingleton<DivisionAreas>();
        builder.Services.AddSingleton<ServingIndex>();
        builder.Services.AddHostedService<IndexRefresher>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<StatusOverlay>();
        builder.Services.AddHostedService<StatusRefresher>();
        builder.AddClinicMapMetrics();
        Apis.ODataApi.AddClinicOData(builder.Services);
        builder.Services.AddWriteRateLimit(builder.Configuration);
        // Every request has a time budget: its RequestAborted token (passed to PostgreSQL and to OData's evaluation)
        // fires after it, and the client gets a 504. Uploads, which a slow network may take minutes to send, opt out.
        builder.Services.AddRequestTimeouts(options => options.DefaultPolicy = new Microsoft.AspNetCore.Http.Timeouts.RequestTimeoutPolicy
        {
            Timeout = TimeSpan.FromSeconds(RequestSeconds),
            TimeoutStatusCode = StatusCodes.Status504GatewayTimeout,
        });
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            if (context.Exception is { } e && IsDatabaseDown(e))
            {
                context.ProblemDetails.Title = "The database does not answer";
                context.ProblemDetails.Detail = "writes wait for the primary database to come back; nearest, lists, tiles and OData are still served from memory";
            }
        });
        builder.Services.AddOpenApi();
        builder.Services.Configure<Apis.MapOptions>(builder.Configuration.GetSection(Apis.MapOptions.Section));
        // A wrong entry would silently open (or fail to open) a commission's map to framing: refuse to start instead.
        builder.Services.AddOptions<Apis.EmbedOptions>().Bind(builder.Configuration.GetSection(Apis.EmbedOptions.Section))
            .Validate(o => o.AllowedOrigins.All(e => Apis.QueryFields.IsRegion(e.Key) && e.Value.All(Apis.EmbedOptions.IsOrigin)),
                "Embed:AllowedOrigins: each key is an admin-code prefix (44, 4401, 440106) and each value a list of origins such as https://wjw.gz.gov.cn")
            .ValidateOnStart();
        builder.Services.AddOptions<Http.PublicUrlOptions>().Bind(builder.Configuration.GetSection(Http.PublicUrlOptions.Section))
            .Validate(o => o.Root is not null).ValidateOnStart();
        // SIGTERM: leave the balancer's rotation, then drain (Http.DrainOnStop); the host waits for both within its timeout.
        builder.Services.Configure<Http.ShutdownOptions>(builder.Configuration.GetSection(Http.ShutdownOptions.Section));
        builder.Services.AddSingleton<Http.DrainState>();
        builder.Services.AddHostedService<Http.DrainOnStop>();
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(
            builder.Configuration.GetValue($"{Http.ShutdownOptions.Section}:{nameof(Http.ShutdownOptions.DrainSeconds)}", 5.0) + RequestSeconds + 5));
        builder.Services.Configure<Http.RequestLogOptions>(builder.Configuration.GetSection(Http.RequestLogOptions.Section));
        builder.Services.AddResponseCompression(options =>
        {
            // Compress over HTTPS too: the answers hold no secret a compression oracle could leak (no cookies, no keys).
            options.EnableForHttps = true;
            options.Providers.Add<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProvider>();
            options.Providers.Add<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProvider>();
            options.MimeTypes = [.. Microsoft.AspNetCore.ResponseCompression.ResponseCompressionDefaults.MimeTypes,
                "application/geo+json", "application/problem+json", "application/vnd.mapbox-vector-tile", "image/svg+xml"];
        });
        // Fastest levels: a phone on a bad network gains most of the size at a fraction of the CPU of the best levels.
        builder.Services.Configure<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Fastest);
        builder.Services.Configure<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Fastest);
        builder.Services.ConfigureHttpJsonOptions(options => Contracts.ContractJson.Configure(options.SerializerOptions));
    }

    /// <summary>Whether <paramref name="e"/> says the database could not be reached (rather than that a statement failed).</summary>
    private static bool IsDatabaseDown(Exception e) =>
        e is Npgsql.NpgsqlException { InnerException: System.Net.Sockets.SocketException or TimeoutException or System.IO.IOException }
            or Npgsql.NpgsqlException { IsTransient: true }
            or System.Net.Sockets.SocketException;

    /// <summary>The time budget of one request (uploads excepted).</summary>
    public const int RequestSeconds = 15;

    public static void UseClinicMapPipeline(this WebApplication app)
    {
        // Unhandled errors become RFC 7807 problem+json with no stack trace; so do bare 4xx/5xx status codes.
        app.UseMiddleware<Http.RequestLog>();
        app.UseMiddleware<Http.SecurityHeaders>();
        app.UseMiddleware<Http.DrainingConnections>();
        // A malformed request that reaches model binding (a body that is not JSON, since=abc) is the client's error:
        // its 400 or 413 keeps its status, whatever the environment, and never becomes a 500.
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // A database that does not answer (the primary down, for writes) is a 503 naming the cause, never a 500.
            StatusCodeSelector = e => e switch
            {
                BadHttpRequestException bad => bad.StatusCode,
                _ when IsDatabaseDown(e) => StatusCodes.Status503ServiceUnavailable,
                _ => StatusCodes.Status500InternalServerError,
            },
        });
        app.UseStatusCodePages();
        app.UseResponseCompression();
        app.UseMiddleware<Http.DatasetCacheHeaders>();
        app.UseRateLimiter();
        app.UseRequestTimeouts();
        app.UseMiddleware<Access.ApiKeyAuthentication>();
        // wwwroot/: /operator/ (the review page; /operator redirects there) and, later, the resident map at /. No cookies anywhere.
        app.UseDefaultFiles();
        app.UseStaticFiles();
        // The OpenAPI document of every endpoint, at /openapi/v1.json.
        app.MapOpenApi();
    }

    /// <summary>
    /// Checks that the database is migrated (the API's role applies no DDL: <c>clinicmap-import migrate</c> does, as
    /// the owner) and loads the serving index before the first request is served. A database that does not answer
    /// at start leaves the API up without a dataset (readyz says so) until it does.
    /// </summary>
    public static async Task CheckDatabaseAsync(this WebApplication app)
    {
        try
        {
            var pending = await new Migrator(app.Services.GetRequiredService<Npgsql.NpgsqlDataSource>()).PendingAsync();
            if (pending.Count > 0)
                throw new InvalidOperationException($"the database lacks migrations {string.Join(", ", pending)}: run 'clinicmap-import migrate' as the database's owner first");
        }
        catch (Npgsql.NpgsqlException e)
        {
            LogNoDatabase(app.Logger, e.Message);
        }
        // The metrics listen before the first load, so its swap is measured too.
        _ = app.Services.GetService<OpenTelemetry.Metrics.MeterProvider>();
        _ = app.Services.GetRequiredService<ApiMetrics>();
        await app.Services.GetRequiredService<ServingIndex>().RefreshAsync();
        // What the resident map asks for first and is read lazily: the gazetteer (places) and the province outlines.
        _ = Geocoding.Gazetteer.DivisionGazetteer.Embedded.Count;
        try
        {
            await Apis.DivisionsApi.ProvinceOutlinesAsync(app.Services.GetRequiredService<BoundaryStore>());
        }
        catch (Npgsql.NpgsqlException e)
        {
            LogNoOutlines(app.Logger, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Province outlines not loaded at start-up: {Error}")]
    private static partial void LogNoOutlines(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database did not answer at start-up: {Error}")]
    private static partial void LogNoDatabase(ILogger logger, string error);
}

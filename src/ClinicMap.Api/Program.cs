using ClinicMap.Api.Apis;
using ClinicMap.Api.Extensions;
using ClinicMap.Api.Telemetry;

var builder = WebApplication.CreateBuilder(args);
builder.AddClinicMapServices();

var app = builder.Build();
app.UseClinicMapPipeline();
app.MapHealthApi();
app.MapClinicsApi();
app.MapStatusApi();
app.MapEmbedApi();
app.MapSubscribersApi();
app.MapSourcesApi();
app.MapDatasetsApi();
app.MapReviewApi();
app.MapImportsApi();
app.MapDivisionsApi();
app.MapODataApi();
app.MapPlacesApi();
app.MapMetricsApi();

await app.CheckDatabaseAsync();
await app.RunAsync();

/// <summary>Entry point; public so the functional tests can host it with WebApplicationFactory.</summary>
public partial class Program;

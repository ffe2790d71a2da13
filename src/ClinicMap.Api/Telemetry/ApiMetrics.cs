using System.Diagnostics.Metrics;
using ClinicMap.Api.Serving;
using ClinicMap.Data.Operations;

namespace ClinicMap.Api.Telemetry;

/// <summary>
/// ClinicMap's own instruments (meter <see cref="MeterName"/>), exported at <c>/metrics</c> beside ASP.NET Core's
/// <c>http.server.request.duration</c>: the served index (version, size, swaps), its cache of derived answers, the
/// database's reachability, rate-limit rejections, and the import side as <see cref="OperationsPoller"/> last saw it.
/// No instrument carries a coordinate, a path or a key in a label: only fixed words (state, limit).
/// </summary>
public sealed class ApiMetrics : IDisposable
{
    public const string MeterName = "ClinicMap.Api";

    /// <summary>Seconds, from a fast swap of a small index to an import job of many OCR pages.</summary>
    private static readonly double[] SecondsBuckets = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

    private readonly Meter _meter;
    private readonly ServingIndex _serving;
    private readonly Counter<long> _rateLimited;
    private readonly Histogram<double> _swapBuild;
    private readonly Histogram<double> _publishToServe;
    private readonly Histogram<double> _jobDuration;
    private volatile OperationsSnapshot? _operations;

    public ApiMetrics(IMeterFactory meters, ServingIndex serving)
    {
        _serving = serving;
        _meter = meters.Create(MeterName);
        _meter.CreateObservableGauge("clinicmap.index.version", () => Current(i => (long)i.Version.Version), description: "The dataset version served");
        _meter.CreateObservableGauge("clinicmap.index.clinics", () => Current(i => (long)i.Count), "{clinic}", "Clinics in the served index");
        _meter.CreateObservableGauge("clinicmap.cache.entries", () => Current(i => (long)i.Documents.Count), "{entry}", "Derived answers kept for the served version");
        _meter.CreateObservableGauge("clinicmap.cache.size", () => Current(i => i.Documents.Bytes), "By", "Bytes charged to the cache of derived answers");
        _meter.CreateObservableGauge("clinicmap.database.reachable", () => serving.DatabaseError is null ? 1 : 0,
            description: "1 when the read side (standby or primary) answered the last refresh, 0 while answers come from memory only");
        _meter.CreateObservableGauge("clinicmap.database.primary.reachable", () => serving.PrimaryError is null ? 1 : 0,
            description: "1 when the primary answered last, 0 while writes are refused");
        _meter.CreateObservableGauge("clinicmap.standby.lag", () => serving.StandbyLag is { } lag ? [new Measurement<long>(lag.Bytes)] : (IEnumerable<Measurement<long>>)[],
            "By", "WAL the primary has written that the standby has not replayed (absent without a standby)");
        _meter.CreateObservableGauge("clinicmap.import.jobs", JobsByState, "{job}", "Import jobs by state");
        _meter.CreateObservableGauge("clinicmap.review.backlog", ReviewBacklog, "{row}", "Rows waiting for an operator's decision");
        _rateLimited = _meter.CreateCounter<long>("clinicmap.rate_limit.rejections", "{request}", "Requests answered 429, by limit (public or write)");
        _swapBuild = Seconds("clinicmap.index.swap.duration", "Loading and building a published version's index");
        _publishToServe = Seconds("clinicmap.index.publish_to_serve", "From a publish's commit to this process serving it");
        _jobDuration = Seconds("clinicmap.import.job.duration", "Run time of import jobs that ended, by state (done or failed)");
        serving.Swapped += OnSwapped;
    }

    /// <summary>Counts a 429 of <paramref name="limit"/>: <c>public</c> (reads per address) or <c>write</c> (per key).</summary>
    public void RateLimited(string limit) => _rateLimited.Add(1, new KeyValuePair<string, object?>("limit", limit));

    /// <summary>Takes the import side's latest aggregate and records the run time of each job that ended since the last one.</summary>
    public void Observe(OperationsSnapshot snapshot, IEnumerable<FinishedJob> finished)
    {
        _operations = snapshot;
        foreach (var job in finished)
            _jobDuration.Record(job.Seconds, new KeyValuePair<string, object?>("state", job.State));
    }

    public void Dispose()
    {
        _serving.Swapped -= OnSwapped;
        _meter.Dispose();
    }

    private void OnSwapped(IndexSwap swap)
    {
        _swapBuild.Record(swap.Build.TotalSeconds);
        _publishToServe.Record(Math.Max(0, swap.SincePublish.TotalSeconds));
    }

    private Histogram<double> Seconds(string name, string description) =>
        _meter.CreateHistogram(name, "s", description, tags: null, new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });

    /// <summary>Nothing (rather than a zero) before a version is served: a gauge at 0 would read as an empty dataset.</summary>
    private IEnumerable<Measurement<long>> Current(Func<ClinicIndex, long> read) =>
        _serving.Current is { } index ? [new Measurement<long>(read(index))] : [];

    private IEnumerable<Measurement<long>> JobsByState() =>
        _operations?.JobsByState.Select(p => new Measurement<long>(p.Value, new KeyValuePair<string, object?>("state", p.Key))) ?? [];

    private IEnumerable<Measurement<long>> ReviewBacklog() =>
        _operations is { } operations ? [new Measurement<long>(operations.ReviewBacklog)] : [];
}

/// <summary>The import side in aggregate at one moment.</summary>
public sealed record OperationsSnapshot(IReadOnlyDictionary<string, long> JobsByState, long ReviewBacklog);

using System.Collections.Concurrent;

namespace ClinicMap.Import.Ocr.Engine;

/// <summary>
/// Reuses <see cref="TesseractEngine"/>s across pages and threads: <see cref="Rent"/> hands one engine of a model
/// to one caller at a time, so each engine is only ever used by one thread. Thread-safe; engines are created on
/// demand, one set per model, and disposed with the pool.
/// </summary>
public sealed class OcrEnginePool : IDisposable
{
    /// <summary>
    /// Tesseract's model for the cells of a lossless page (a screenshot): Debian's simplified-Chinese model
    /// (tesseract-ocr-chi-sim, tessdata_fast), the best of Tesseract's on 96-dpi screen text.
    /// </summary>
    public const string Primary = "chi_sim";

    /// <summary>
    /// Tesseract's model for the cells of a JPEG page (a scan or photo): chi_sim of tessdata 4.0.0, a larger
    /// network than Debian's, vendored by scripts/provision.sh: better than <see cref="Primary"/> on scans, worse on
    /// screenshots (docs/BENCHMARKS.md).
    /// </summary>
    public const string Scan = "chi_sim_tessdata4";

    /// <summary>
    /// The model a phone column's cells are read with second (after PaddleOCR): Debian's English one (tesseract-ocr-eng), as accurate
    /// on digits as <see cref="Primary"/>, surer of them and twice as fast (docs/BENCHMARKS.md).
    /// </summary>
    public const string Digits = "eng";

    /// <summary>Every model the table reader uses, for <see cref="Warm"/>.</summary>
    public static IReadOnlyList<string> Models { get; } = [Primary, Scan, Digits];

    private readonly ConcurrentDictionary<string, ConcurrentBag<TesseractEngine>> _idle = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<TesseractEngine> _all = [];
    private bool _disposed;

    /// <summary>The process-wide pool the import pipeline uses.</summary>
    public static OcrEnginePool Shared { get; } = new();

    /// <summary>
    /// Every character one of the Chinese models can write — Tesseract's (<see cref="Primary"/>,
    /// <see cref="Scan"/>) and PaddleOCR's (<see cref="PaddleModels.KeysIn"/>, less
    /// what it has but misreads, <see cref="PaddleRecognizer.Misread"/>) — read from their files once, when first
    /// asked. None of them writes 岜, 滆, 隰 or 敕, so a place named with one is always misread.
    /// </summary>
    public Lazy<IReadOnlySet<string>> Writable { get; }

    public OcrEnginePool() => Writable = new(ReadWritable);

    private HashSet<string> ReadWritable()
    {
        var characters = new HashSet<string>(StringComparer.Ordinal);
        foreach (var model in new[] { Primary, Scan })
        {
            using var lease = Rent(model);
            characters.UnionWith(TrainedData.Characters(lease.Engine.ModelFile));
        }
        characters.UnionWith(PaddleModels.KeysIn().Where(k => !PaddleRecognizer.Misread.Contains(k)));
        return characters;
    }

    public Lease Rent(string model = Primary)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var idle = _idle.GetOrAdd(model, _ => []);
        if (!idle.TryTake(out var engine))
        {
            engine = new TesseractEngine(model);
            _all.Add(engine);
        }
        return new Lease(idle, engine);
    }

    /// <summary>
    /// Loads <paramref name="engines"/> engines of each model now, so that the first pages read do not pay for it
    /// (about 0.1 s an engine for Debian's models, 0.5 s for the larger <see cref="Scan"/> one). Engines already
    /// idle count.
    /// </summary>
    public void Warm(IEnumerable<string> models, int engines)
    {
        foreach (var model in models)
        {
            var idle = _idle.GetOrAdd(model, _ => []);
            var missing = Math.Max(0, engines - idle.Count);
            var loaded = new TesseractEngine[missing];
            Parallel.For(0, missing, i => loaded[i] = new TesseractEngine(model));
            foreach (var engine in loaded)
            {
                _all.Add(engine);
                idle.Add(engine);
            }
        }
    }

    public void Dispose()
    {
        _disposed = true;
        foreach (var engine in _all)
            engine.Dispose();
    }

    /// <summary>An engine on loan; disposing the lease returns it to the pool.</summary>
    public readonly struct Lease(ConcurrentBag<TesseractEngine> idle, TesseractEngine engine) : IDisposable
    {
        public TesseractEngine Engine { get; } = engine;

        public void Dispose() => idle.Add(Engine);
    }
}

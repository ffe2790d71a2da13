using System.Collections.Concurrent;

namespace ClinicMap.Import.Ocr;

/// <summary>
/// Reuses <see cref="TesseractEngine"/>s across pages and threads: <see cref="Rent"/> hands one engine to one
/// caller at a time, so each engine is only ever used by one thread. Thread-safe; engines are created on demand
/// and disposed with the pool.
/// </summary>
public sealed class OcrEnginePool : IDisposable
{
    private readonly ConcurrentBag<TesseractEngine> _idle = [];
    private readonly ConcurrentBag<TesseractEngine> _all = [];
    private bool _disposed;

    /// <summary>The process-wide pool the import pipeline uses.</summary>
    public static OcrEnginePool Shared { get; } = new();

    public Lease Rent()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_idle.TryTake(out var engine))
        {
            engine = new TesseractEngine();
            _all.Add(engine);
        }
        return new Lease(this, engine);
    }

    public void Dispose()
    {
        _disposed = true;
        foreach (var engine in _all)
            engine.Dispose();
    }

    /// <summary>An engine on loan; disposing the lease returns it to the pool.</summary>
    public readonly struct Lease(OcrEnginePool pool, TesseractEngine engine) : IDisposable
    {
        public TesseractEngine Engine { get; } = engine;

        public void Dispose() => pool._idle.Add(Engine);
    }
}

using System.Collections.Concurrent;
using ClinicMap.Core.Clinics;
using ClinicMap.Data.Boundaries;
using ClinicMap.Geocoding.Gazetteer;
using NetTopologySuite.Geometries;

namespace ClinicMap.Api.Serving;

/// <summary>
/// The areas approximate clinics may be in, by division code, loaded from the county boundaries in PostGIS when a
/// version that needs them is indexed and kept for the process (every later version reuses them); dropped and
/// loaded again when the boundaries loaded in the database change. Thread-safe.
/// </summary>
public sealed partial class DivisionAreas(BoundaryStore store, ILogger<DivisionAreas> logger) : IDisposable
{
    private readonly ConcurrentDictionary<string, ClinicArea?> _areas = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _loading = new(1, 1);
    private string? _loadedSha256;

    /// <summary>How many division areas are held (loaded or known to have no boundary).</summary>
    public int Count => _areas.Count;

    /// <summary>Loads the area of every division that an approximate clinic of <paramref name="clinics"/> names and that is not held yet.</summary>
    public async Task LoadAsync(IEnumerable<Clinic> clinics, CancellationToken cancellationToken = default)
    {
        await _loading.WaitAsync(cancellationToken);
        try
        {
            var sha256 = await store.LoadedSha256Async(cancellationToken);
            if (sha256 != _loadedSha256)
            {
                _areas.Clear();
                _loadedSha256 = sha256;
            }
            var wanted = clinics.Where(IsApproximate).Select(c => c.AdminCode).Distinct(StringComparer.Ordinal)
                .Where(code => !_areas.ContainsKey(code)).ToList();
            if (wanted.Count == 0)
                return;
            var shapes = await store.ShapesAsync(wanted, cancellationToken);
            var parsed = shapes.ToDictionary(s => s.Code, s => ((Geometry)s.Shape, s.AreaSquareMeters), StringComparer.Ordinal);
            foreach (var code in wanted)
                _areas[code] = Build(code, parsed);
            LogLoaded(logger, wanted.Count, _areas.Count);
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>The area <paramref name="clinic"/> may be in; <c>null</c> for a clinic placed at its door or street, or whose division has no boundary.</summary>
    public ClinicArea? For(Clinic clinic) => IsApproximate(clinic) ? _areas.GetValueOrDefault(clinic.AdminCode) : null;

    private static bool IsApproximate(Clinic clinic) => clinic.LocationPrecision >= LocationPrecision.Township;

    private static ClinicArea? Build(string code, Dictionary<string, (Geometry Geometry, double Area)> parsed)
    {
        var (lo, hi) = BoundaryStore.CodeRange(code);
        var parts = parsed.Where(p => string.CompareOrdinal(p.Key, lo) >= 0 && string.CompareOrdinal(p.Key, hi) <= 0)
            .Select(p => p.Value).Where(p => p.Geometry is Polygon or MultiPolygon && !p.Geometry.IsEmpty).ToList();
        if (parts.Count == 0)
            return null;
        var townships = TownshipIndex.Embedded.InCounty(code).Count;
        return new ClinicArea(new AreaShape([.. parts.Select(p => p.Geometry)]), ClinicArea.TownshipRadius(parts.Sum(p => p.Area), townships));
    }

    public void Dispose() => _loading.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded the areas of {Count} divisions for approximate clinics ({Held} held)")]
    private static partial void LogLoaded(ILogger logger, int count, int held);
}

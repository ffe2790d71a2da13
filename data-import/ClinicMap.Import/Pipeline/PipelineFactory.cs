using ClinicMap.Data.Boundaries;
using ClinicMap.Data.Clinics;
using ClinicMap.Data.Imports;
using ClinicMap.Geocoding.Addresses;
using ClinicMap.Geocoding.Chain;
using ClinicMap.Geocoding.Gazetteer;
using ClinicMap.Import.Geocoding;
using ClinicMap.Import.Ocr;
using ClinicMap.Import.Ocr.Correction;
using ClinicMap.Import.Ocr.Engine;
using ClinicMap.Import.Pipeline.Stages;
using ClinicMap.Import.Readers;
using Npgsql;

namespace ClinicMap.Import.Pipeline;

/// <summary>
/// What a pipeline is built from. Only <see cref="Gazetteer"/> is required: without the rest, the pipeline is an
/// offline dry run (no staging, no providers, no boundary check, no matching against the published dataset).
/// </summary>
public sealed record PipelineParts(DivisionGazetteer Gazetteer)
{
    /// <summary>Where batches are staged; <c>null</c> for dry runs only.</summary>
    public IImportStore? Store { get; init; }

    /// <summary>The geocoder chain; <c>null</c> for the gazetteer alone, with no provider and no memory of known places.</summary>
    public GeocoderChain? Chain { get; init; }

    /// <summary>The county boundaries the point-in-division check holds points against; <c>null</c> skips the check.</summary>
    public BoundaryStore? Boundaries { get; init; }

    /// <summary>The published dataset rows are matched against; <c>null</c> matches only within the file.</summary>
    public IClinicStore? Published { get; init; }

    /// <summary>The OCR engines image and scanned-PDF pages are read with.</summary>
    public OcrEnginePool Ocr { get; init; } = OcrEnginePool.Shared;
}

/// <summary>
/// The one place an <see cref="ImportPipeline"/> is composed — for the CLI's import, the worker, the tools and the
/// tests alike. The stages are built once per pipeline (the address parser's and the corrector's indexes with them)
/// and serve every file it runs.
/// </summary>
public static class PipelineFactory
{
    public static ImportPipeline Create(PipelineParts parts) => new(Stages(parts), parts.Store);

    /// <summary>Every stage, in the order of <see cref="Stage"/>, built from <paramref name="parts"/>.</summary>
    internal static IImportStage[] Stages(PipelineParts parts)
    {
        var gazetteer = parts.Gazetteer;
        var parser = new AddressParser(gazetteer, TownshipIndex.Embedded);
        var pages = new OcrPageReader(parts.Ocr);
        ITableReader[] readers =
        [
            new ImageTableReader(pages), new PdfTextReader(pages), new ExcelReader(), new DocxTableReader(), new HtmlTableReader(),
            new JsonListReader(), new DelimitedTextReader(),
        ];
        return
        [
            new ExtractStage(readers),
            new MapColumnsStage(),
            new OcrStage(() => new OcrCorrector(gazetteer, writable: parts.Ocr.Writable)),
            new CleanStage(),
            new DivisionsStage(new DivisionResolver(gazetteer, parser), gazetteer, new DivisionScope(gazetteer)),
            new JurisdictionStage(),
            new GeocodeStage(parts.Chain ?? new GeocoderChain([], null), parser),
            new BoundariesStage(parts.Boundaries),
            new MatchStage(parts.Published),
            new DecideStage(),
        ];
    }

    /// <summary>
    /// The pipeline of the CLI's import and of the worker: the configured geocoding providers, and with a
    /// <paramref name="database"/> the provider cache, the boundary check and matching against the published dataset
    /// in it; staged there only when <paramref name="stage"/> (which needs the database).
    /// </summary>
    public static ImportPipeline Connected(NpgsqlDataSource? database, HttpClient http, bool stage)
    {
        if (stage && database is null)
            throw new ArgumentException("staging needs a database", nameof(stage));
        return Create(new PipelineParts(DivisionGazetteer.Embedded)
        {
            Store = stage ? new ImportStore(database!) : null,
            Chain = GeocodingSetup.CreateChain(database, http),
            Boundaries = database is null ? null : new BoundaryStore(database),
            Published = database is null ? null : new ClinicStore(database),
        });
    }
}

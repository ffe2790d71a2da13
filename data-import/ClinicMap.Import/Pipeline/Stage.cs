namespace ClinicMap.Import.Pipeline;

/// <summary>
/// The import's steps, in the order they run. Each has one class in <c>Pipeline/Stages/</c> named after it
/// (<see cref="Extract"/> → <c>ExtractStage</c>); <see cref="PipelineFactory"/> composes them and
/// <see cref="ImportPipeline"/> runs them in this order, checking each hand-off.
/// </summary>
public enum Stage
{
    /// <summary>The file's bytes → tables (a reader per format, OCR for images) → one raw row per table row or record.</summary>
    Extract,

    /// <summary>Raw cells → canonical fields (name, address, county …).</summary>
    MapColumns,

    /// <summary>Cells read by OCR corrected against the gazetteer, unsure ones flagged.</summary>
    Ocr,

    /// <summary>Name, kinds, address, phones, hours and level normalised.</summary>
    Clean,

    /// <summary>Province / city / county resolved to GB/T 2260 divisions.</summary>
    Divisions,

    /// <summary>Rows outside the uploader's jurisdiction rejected.</summary>
    Jurisdiction,

    /// <summary>Each row placed: given coordinates, the geocoder chain, the gazetteer.</summary>
    Geocode,

    /// <summary>Each point held against its division's boundary in PostGIS (when a database is at hand).</summary>
    Boundaries,

    /// <summary>Duplicates within the list, then each row against the published dataset (when a database is at hand).</summary>
    Match,

    /// <summary>Each row's outcome from its worst reason: accepted, needs review or rejected.</summary>
    Decide,
}

/// <summary>The names stages go by in reports and messages.</summary>
public static class StageNames
{
    /// <summary>The stage's name in kebab case (<c>map-columns</c>), as the JSON report's <c>stages</c> key it.</summary>
    public static string Of(Stage stage) => stage switch
    {
        Stage.MapColumns => "map-columns",
        _ => stage.ToString().ToLowerInvariant(),
    };
}

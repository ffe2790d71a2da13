namespace ClinicMap.Import.Stages;

/// <summary>One step of the import pipeline. Works on the whole batch so stages can batch, cache and compare rows.</summary>
public interface IRowStage
{
    /// <summary>Short name used in progress output and in the pipeline's consistency errors.</summary>
    string Name { get; }

    /// <summary>Returns exactly one draft per input draft, in the same order.</summary>
    IReadOnlyList<RowDraft> Run(IReadOnlyList<RowDraft> rows);
}

/// <summary>
/// A step that calls out — to geocoding providers, to PostGIS — and so runs asynchronously, once per batch.
/// The same contract as <see cref="IRowStage"/>: one draft per input draft, in order, reasons only added.
/// </summary>
public interface IBatchStage
{
    string Name { get; }

    Task<IReadOnlyList<RowDraft>> RunAsync(IReadOnlyList<RowDraft> rows, CancellationToken cancellationToken);
}

namespace ClinicMap.Import.Pipeline;

/// <summary>
/// One step of the import (<see cref="Stage"/>). A stage advances <see cref="ImportWork"/> by its step and nothing
/// else: from <see cref="Stage.MapColumns"/> to <see cref="Stage.Match"/> it replaces <see cref="ImportWork.Drafts"/>
/// with exactly one draft per draft, in the same order, only ever adding reasons — <see cref="ImportPipeline"/>
/// checks that after each. A stage works on the whole batch so it can batch, cache and compare rows; it is built once
/// per pipeline and may run for many files, one at a time, so what depends on the file lives in the work.
/// </summary>
public interface IImportStage
{
    Stage Stage { get; }

    Task RunAsync(ImportWork work, CancellationToken cancellationToken);
}

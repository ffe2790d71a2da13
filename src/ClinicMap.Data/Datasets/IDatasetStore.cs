using ClinicMap.Core.Datasets;

namespace ClinicMap.Data.Datasets;

/// <summary>Publishing: each publish creates a new immutable version and moves the current pointer to it.</summary>
public interface IDatasetStore
{
    /// <summary>
    /// Creates version <c>current + 1</c> from the current version plus the accepted rows of the given staged
    /// batches, in one transaction, then NOTIFYs <c>dataset_published</c>. Concurrent publishers serialise.
    /// Throws <see cref="PublishRefusedException"/> when a batch does not exist or is not staged.
    /// </summary>
    Task<DatasetVersion> PublishAsync(IReadOnlyList<long> batchIds, string actor, string? note, CancellationToken cancellationToken = default);
}

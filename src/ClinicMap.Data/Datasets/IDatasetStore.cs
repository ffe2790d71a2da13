using ClinicMap.Core.Datasets;
using ClinicMap.Data.Access;

namespace ClinicMap.Data.Datasets;

/// <summary>Publishing: each publish creates a new immutable version and moves the current pointer to it.</summary>
public interface IDatasetStore
{
    /// <summary>
    /// Creates version <c>current + 1</c> in one transaction: the current version, with the clinics the batches'
    /// accepted rows are matched to updated under their ids, the closures confirmed in review removed, and the
    /// accepted new rows added with new ids; then NOTIFYs <c>dataset_published</c>. Concurrent publishers serialise.
    /// <paramref name="batchIds"/> <c>null</c> means every staged batch in the actor's jurisdiction.
    /// Throws <see cref="PublishRefusedException"/> when a batch does not exist or is not staged, when rows still
    /// need review or closures are undecided and no <paramref name="forceReason"/> is stated, or when a row's
    /// matched clinic is gone from the current version; <see cref="AccessDeniedException"/> when a batch covers
    /// more than the actor's jurisdiction or the role may not publish. Nothing changes when it throws.
    /// </summary>
    Task<DatasetVersion> PublishAsync(Actor actor, IReadOnlyList<long>? batchIds, string? note, string? forceReason = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Publishes the content of an earlier version as a new version (history is never rewritten). Only an admin,
    /// and only when every clinic that would change lies in the actor's jurisdiction.
    /// </summary>
    Task<DatasetVersion> RollbackAsync(Actor actor, int toVersion, string reason, CancellationToken cancellationToken = default);

    /// <summary>The newest versions first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<DatasetVersion>> ListAsync(int limit, CancellationToken cancellationToken = default);

    /// <summary>What <paramref name="version"/> changed against its base, or <c>null</c> when there is no such version.</summary>
    Task<DatasetDiff?> DiffAsync(int version, CancellationToken cancellationToken = default);

    /// <summary>The diffs of the versions after <paramref name="since"/>, oldest first, at most <paramref name="limit"/> versions.</summary>
    Task<IReadOnlyList<DatasetDiff>> ChangesSinceAsync(int since, int limit, CancellationToken cancellationToken = default);
}

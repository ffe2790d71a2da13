using ClinicMap.Core.Datasets;
using ClinicMap.Core.Geography;

namespace ClinicMap.Api.Contracts;

/// <summary>A publish: the batches (all staged ones in the key's jurisdiction when omitted), a note, and a reason to publish although rows still wait for review.</summary>
public sealed record PublishRequest(IReadOnlyList<long>? Batches, string? Note, string? Force);

/// <summary>A rollback always states why.</summary>
public sealed record RollbackRequest(string? Reason);

public sealed record DatasetVersionDto(int Version, int? BasedOn, DateTimeOffset PublishedAt, string PublishedBy, int ClinicCount, string? Note)
{
    public static DatasetVersionDto From(DatasetVersion v) => new(v.Version, v.BasedOn, v.PublishedAt, v.PublishedBy, v.ClinicCount, v.Note);
}

public sealed record FieldChangeDto(string Field, object? Before, object? After);

public sealed record ChangedClinicDto(Guid Id, string Name, IReadOnlyList<FieldChangeDto> Fields, ClinicDto Clinic);

public sealed record ClosedClinicDto(Guid Id, string Name, string AdminCode);

/// <summary>What one version changed against the version it was based on.</summary>
public sealed record DiffDto(DatasetVersionDto Dataset, IReadOnlyList<ClinicDto> Added, IReadOnlyList<ChangedClinicDto> Changed, IReadOnlyList<ClosedClinicDto> Closed)
{
    public static DiffDto From(DatasetDiff diff, CoordinateSystem crs) => new(
        DatasetVersionDto.From(diff.Version),
        diff.Added.Select(c => ClinicDto.From(c, crs)).ToList(),
        diff.Changed.Select(c => new ChangedClinicDto(c.After.Id, c.After.Name,
            c.Fields.Select(f => new FieldChangeDto(f.Field, f.Before, f.After)).ToList(), ClinicDto.From(c.After, crs))).ToList(),
        diff.Closed.Select(c => new ClosedClinicDto(c.Id, c.Name, c.AdminCode)).ToList());
}

/// <summary>The feed downstream apps poll: the diffs after <c>since</c>, oldest first; poll again with <c>next</c>.</summary>
public sealed record ChangesDto(int Since, int Next, int? Current, IReadOnlyList<DiffDto> Versions);

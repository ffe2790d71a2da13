using ClinicMap.Geocoding.Gazetteer;

namespace ClinicMap.Import.Stages;

/// <summary>The "parse address" stage, first cut: resolves province / city / county columns (and the address) to GB/T 2260 divisions.</summary>
public sealed class DivisionStage(DivisionResolver resolver) : IRowStage
{
    public string Name => "divisions";

    public IReadOnlyList<RowDraft> Run(IReadOnlyList<RowDraft> rows) => rows.Select(row =>
    {
        if (row.IsRejected)
            return row;
        var resolution = resolver.Resolve(new DivisionHint(row.Cell(Field.Province), row.Cell(Field.City), row.Cell(Field.County), row.Address));
        return row.WithReasons(resolution.Reasons) with { Division = resolution };
    }).ToList();
}

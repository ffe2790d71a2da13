using ClinicMap.Core.Divisions;
using ClinicMap.Core.Imports;
using ClinicMap.Geocoding.Gazetteer;
using ClinicMap.Import.Rows;

namespace ClinicMap.Import.Pipeline.Stages;

/// <summary>
/// The "parse address" stage, first cut: resolves province / city / county columns (and the address) to
/// GB/T 2260 divisions. Rows that name no province or city take them from the list's scope — the operator's
/// <c>--admin-code</c>, else the sheet's name, else the document's title — and say where it came from.
/// </summary>
public sealed class DivisionsStage(DivisionResolver resolver, DivisionGazetteer gazetteer, DivisionScope scopes) : IImportStage
{
    public Stage Stage => Stage.Divisions;

    public Task RunAsync(ImportWork work, CancellationToken cancellationToken)
    {
        AdminDivision? operatorScope = null;
        if (work.Options.AdminScope is { } code)
            operatorScope = scopes.FromCode(code) ?? throw new ArgumentException($"--admin-code: '{code}' is not a GB/T 2260 division");
        work.Drafts = Run(work.Drafts, operatorScope, work.DocumentTitle);
        return Task.CompletedTask;
    }

    private List<RowDraft> Run(IReadOnlyList<RowDraft> rows, AdminDivision? operatorScope, string? documentTitle)
    {
        var titleScope = scopes.FromText(documentTitle);
        var sheetScopes = new Dictionary<string, AdminDivision?>(StringComparer.Ordinal);
        return rows.Select(row =>
        {
            if (row.IsRejected)
                return row;
            var province = row.Cell(Field.Province);
            var city = row.Cell(Field.City);
            var reasons = new List<RowReason>();
            if (province is null || city is null)
            {
                var sheetScope = row.Raw.Sheet is { } sheet
                    ? (sheetScopes.TryGetValue(sheet, out var s) ? s : sheetScopes[sheet] = scopes.FromText(sheet))
                    : null;
                var (scope, source) = operatorScope is not null ? (operatorScope, "--admin-code")
                    : sheetScope is not null ? (sheetScope, $"the sheet name '{row.Raw.Sheet}'")
                    : titleScope is not null ? (titleScope, $"the title '{documentTitle}'")
                    : (null, null);
                if (scope is not null)
                {
                    var scopeProvince = gazetteer.Find(AdminCode.ProvinceOf(scope.Code))!;
                    var scopePrefecture = scope.Level == DivisionLevel.Province ? null : gazetteer.Find(AdminCode.PrefectureOf(scope.Code)) ?? gazetteer.Find(scope.ParentCode ?? "");
                    if (province is null)
                        province = scopeProvince.Name;
                    if (city is null && scopePrefecture is not null)
                        city = scopePrefecture.Level == DivisionLevel.Prefecture ? scopePrefecture.Name : null;
                    reasons.Add(new RowReason("division.scope_from_document", "city",
                        $"{row.Raw.Where}: province/city taken from {source}: {scope.Name} ({scope.Code})", ReasonSeverity.Info));
                }
            }
            var resolution = resolver.Resolve(new DivisionHint(province, city, row.Cell(Field.County), row.Address, row.Name));
            return row.WithReasons(reasons).WithReasons(resolution.Reasons) with { Division = resolution };
        }).ToList();
    }
}

using System.Text.RegularExpressions;
using ClinicMap.TestSupport;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ClinicMap.Import.Tests.House;

/// <summary>
/// The import wing keeps the shape docs/ARCHITECTURE.md draws: files and methods a reader can hold in mind, folders
/// that depend one way only, and a page that names every folder on disk. Read from the sources, so that a change
/// that breaks a rule fails here rather than in a review.
/// </summary>
public partial class ImportWingLayoutTests
{
    private const int MaxFileLines = 300;
    private const int MaxMethodLines = 80;

    private static readonly string Wing = Path.Combine(RepositoryPaths.Root, "data-import");
    private static readonly string Import = Path.Combine(Wing, "ClinicMap.Import");

    /// <summary>Each folder of ClinicMap.Import and the folders of the project it may use; the Cli may use them all.</summary>
    private static readonly Dictionary<string, string[]> MayUse = new(StringComparer.Ordinal)
    {
        ["Rows"] = [],
        ["Readers"] = ["Rows"],
        ["Ocr.Engine"] = ["Rows"],
        ["Ocr.Layout"] = ["Rows", "Ocr.Engine"],
        ["Ocr.Reading"] = ["Rows", "Ocr.Engine"],
        ["Ocr.Correction"] = [],
        ["Ocr"] = ["Rows", "Ocr.Engine", "Ocr.Layout", "Ocr.Reading"],
        ["Sources"] = ["Rows"],
        ["Geocoding"] = [],
        ["Webhooks"] = [],
        ["Watch"] = ["Rows", "Readers", "Sources", "Pipeline"],
        ["Pipeline"] = ["Rows", "Readers", "Ocr", "Ocr.Engine", "Ocr.Correction", "Geocoding", "Pipeline.Stages"],
        ["Pipeline.Stages"] = ["Rows", "Readers", "Ocr.Correction", "Pipeline"],
    };

    private static IEnumerable<string> Sources(string folder) =>
        Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    [Fact]
    public void NoSourceFileOfTheImportWingIsOverThreeHundredLines()
    {
        var files = Sources(Wing).ToList();
        var tooLong = files.Select(f => (File: Path.GetRelativePath(Wing, f), Lines: File.ReadAllLines(f).Length)).Where(f => f.Lines > MaxFileLines).ToList();

        Assert.True(files.Count > 50, $"only {files.Count} sources found under {Wing}");
        Assert.Empty(tooLong);
    }

    [Fact]
    public void NoMethodOfTheImportWingIsOverEightyLines()
    {
        var methods = Sources(Wing).SelectMany(file =>
        {
            var tree = CSharpSyntaxTree.ParseText(File.ReadAllText(file), path: file);
            return tree.GetRoot().DescendantNodes()
                .Where(n => n is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AccessorDeclarationSyntax)
                .Select(n => (Name: $"{Path.GetRelativePath(Wing, file)}:{Name(n)}", Lines: Lines(n)));
        }).ToList();

        Assert.True(methods.Count > 300, $"only {methods.Count} methods found");
        Assert.DoesNotContain(methods, m => m.Lines > MaxMethodLines);
    }

    [Fact]
    public void TheMeasureCountsAMethodsLinesFromItsSignatureToItsClosingBrace()
    {
        var tree = CSharpSyntaxTree.ParseText("class C\n{\n    void M()\n    {\n        var a = 1;\n        var b = 2;\n    }\n}\n");
        var method = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single();

        Assert.Equal(5, Lines(method));
    }

    [Fact]
    public void EachFolderUsesOnlyTheFoldersItIsAllowedTo()
    {
        var broken = new List<string>();
        foreach (var file in Sources(Import))
        {
            var folder = Path.GetDirectoryName(Path.GetRelativePath(Import, file))!.Replace(Path.DirectorySeparatorChar, '.');
            if (folder is "" or "Cli")
                continue;
            Assert.True(MayUse.ContainsKey(folder), $"{folder}: a folder docs/ARCHITECTURE.md and this test do not know");
            var used = ImportNamespace().Matches(File.ReadAllText(file)).Select(m => m.Groups[1].Value).Distinct()
                .Where(n => n != folder && !MayUse[folder].Contains(n));
            broken.AddRange(used.Select(n => $"{Path.GetRelativePath(Import, file)} uses {n}"));
        }

        Assert.Empty(broken);
    }

    [Fact]
    public void TheArchitecturePageNamesEveryFolderOfTheImportProjectAndNoOther()
    {
        var page = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "ARCHITECTURE.md"));
        var start = page.IndexOf("data-import/ClinicMap.Import/", StringComparison.Ordinal);
        var end = page.IndexOf("data-import/ClinicMap.Import.Tools/", start, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "docs/ARCHITECTURE.md does not draw data-import/ClinicMap.Import/");
        var drawn = FolderName().Matches(page[start..end]).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        var onDisk = Directory.EnumerateDirectories(Import, "*", SearchOption.AllDirectories)
            .Select(d => Path.GetRelativePath(Import, d))
            .Where(d => Sources(Path.Combine(Import, d)).Any(f => Path.GetDirectoryName(f) == Path.Combine(Import, d)))
            .Select(d => Path.GetFileName(d))
            .ToHashSet(StringComparer.Ordinal);

        Assert.Empty(onDisk.Except(drawn));
        Assert.Empty(drawn.Except(onDisk).Except(["_template"]));
    }

    private static int Lines(SyntaxNode node)
    {
        var span = node.GetLocation().GetLineSpan();
        return span.EndLinePosition.Line - span.StartLinePosition.Line + 1;
    }

    private static string Name(SyntaxNode node) => node switch
    {
        MethodDeclarationSyntax m => m.Identifier.Text,
        ConstructorDeclarationSyntax c => c.Identifier.Text,
        LocalFunctionStatementSyntax l => l.Identifier.Text,
        AccessorDeclarationSyntax a => a.Keyword.Text,
        _ => node.Kind().ToString(),
    };

    [GeneratedRegex(@"\bClinicMap\.Import\.((?:Rows|Readers|Ocr|Pipeline|Sources|Geocoding|Cli)(?:\.(?:Engine|Layout|Reading|Correction|Stages))?)\b")]
    private static partial Regex ImportNamespace();

    [GeneratedRegex(@"(?<![\w./-])([A-Z_][A-Za-z_]+)/")]
    private static partial Regex FolderName();
}

using System.Text.Json;
using ClinicMap.Core.Clinics;
using ClinicMap.Core.Imports;
using ClinicMap.Geocoding.Gazetteer;
using ClinicMap.Import.Pipeline;
using ClinicMap.Import.Rows;
using ClinicMap.TestSupport;

namespace ClinicMap.Import.Tests.Ocr;

public sealed class OcrImportTests : IDisposable
{
    private static readonly ImportOptions Options = new("测试", null, null, ClinicKind.FeverClinic, "tests");
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("clinicmap-ocr-");

    /// <summary>The published rows the image samples were drawn from: 十堰市 in the national list.</summary>
    private static List<(string County, string Name, string Tel)> Truth()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.NationalSample));
        return document.RootElement.GetProperty("provinceList").EnumerateArray()
            .SelectMany(p => p.GetProperty("cityList").EnumerateArray())
            .Where(c => c.GetProperty("city").GetString() == "十堰市")
            .SelectMany(c => c.GetProperty("hospitalList").EnumerateArray())
            .Select(h => (h.GetProperty("county").GetString()!, h.GetProperty("name").GetString()!, h.GetProperty("tel").GetString()!))
            .ToList();
    }

    private static Task<ImportResult> Import(string path) => PipelineFactory.Create(new PipelineParts(DivisionGazetteer.Embedded)).RunAsync(path, Options, dryRun: true);

    [Fact]
    public async Task ThePngSampleIsReadRowForRowAsPublished()
    {
        var result = await Import(Path.Combine(RepositoryPaths.Samples, "shiyan-fever-clinics.png"));
        var truth = Truth();

        Assert.Equal(("十堰市发热门诊名单(2020年1月24日)", new DateOnly(2020, 1, 24)), (result.Document.Title, result.Document.PublishedOn));
        Assert.Equal(truth.Select(t => t.Name), result.Rows.Select(r => r.Name));
        Assert.Equal(truth.Select(t => string.Join(' ', Core.Text.PhoneNormalizer.Parse(t.Tel).Phones)), result.Rows.Select(r => string.Join(' ', r.Phones)));
        Assert.All(result.Rows, r => Assert.StartsWith("4203", r.AdminCode!, StringComparison.Ordinal));
        Assert.All(result.Rows.Where(r => r.Outcome == RowOutcome.NeedsReview), r => Assert.Contains(r.Reasons, x => x.Code.StartsWith("ocr.", StringComparison.Ordinal) && x.Message.Contains("page 1 x=", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("shiyan-fever-clinics-scanned.pdf", 30)]
    [InlineData("shiyan-fever-clinics-unruled.png", 30)]
    public async Task HarderImagesAreReadAndEveryWrongNameIsSentToReview(string sample, int minimumExact)
    {
        var result = await Import(Path.Combine(RepositoryPaths.Samples, sample));
        var truth = Truth();

        Assert.Equal(truth.Count, result.Rows.Count);
        Assert.Equal(("十堰市发热门诊名单(2020年1月24日)", new DateOnly(2020, 1, 24)), (result.Document.Title, result.Document.PublishedOn));
        var exact = result.Rows.Zip(truth).Count(p => p.First.Name == p.Second.Name);
        Assert.True(exact >= minimumExact, $"{exact} of {truth.Count} names exact");
        Assert.All(result.Rows.Zip(truth).Where(p => p.First.Name != p.Second.Name), p => Assert.Equal(RowOutcome.NeedsReview, p.First.Outcome));
        Assert.Contains(result.Notices, n => n.Contains("read by OCR", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("tiny.png", "tiny.png: the image is 1×1 pixels")]
    [InlineData("huge.png", "huge.png: the image is 30,000×30,000 pixels; refusing more than 12,000 on a side")]
    [InlineData("blank.png", "blank.png: no table found in this PNG image (800×600)")]
    [InlineData("text.png", "text.png: named like an image, but its bytes are not PNG")]
    public async Task BadImagesAreRefusedWithAMessageNamingTheFile(string name, string expected)
    {
        var path = Path.Combine(_folder.FullName, name);
        File.WriteAllBytes(path, name switch
        {
            "tiny.png" => PngFile.Gray(1, 1, (_, _) => 0),
            "huge.png" => PngFile.HeaderOnly(30_000, 30_000),
            "blank.png" => PngFile.Gray(800, 600, (x, y) => (byte)(x % 97 == 0 && y % 89 == 0 ? 0 : 255)),
            _ => "这不是图片"u8.ToArray(),
        });

        var error = await Assert.ThrowsAnyAsync<InputRejectedException>(() => Import(path));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Delete(recursive: true);
}

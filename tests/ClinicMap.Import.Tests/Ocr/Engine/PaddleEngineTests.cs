using ClinicMap.Import.Ocr.Engine;
using ClinicMap.Import.Ocr.Layout;
using ClinicMap.Import.Ocr.Reading;
using ClinicMap.TestSupport;

namespace ClinicMap.Import.Tests.Ocr.Engine;

/// <summary>The PP-OCRv4 engine through ONNX Runtime: its model files checked, its lines found, its output decoded, cells read.</summary>
public sealed class PaddleEngineTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("clinicmap-paddle-");

    public void Dispose() => _folder.Delete(recursive: true);

    private static byte[] Sample => File.ReadAllBytes(Path.Combine(RepositoryPaths.Samples, "shiyan-fever-clinics.png"));

    [Fact]
    public void TheModelsLoadWithTheirDictionaryOfBlankCharactersAndSpace()
    {
        var models = PaddleModels.Shared;

        Assert.Equal(6623, models.Keys.Count);
        Assert.Equal(models.Keys.Count + 2, models.Recognition.OutputMetadata.Values.Single().Dimensions[^1]);
        Assert.Equal([-1, 3, PaddleRecognizer.LineHeight, -1], models.Recognition.InputMetadata.Values.Single().Dimensions);
    }

    [Fact]
    public void AMissingModelIsAnErrorNamingTheFile()
    {
        var error = Assert.Throws<OcrModelException>(() => new PaddleModels(_folder.FullName));

        Assert.Contains(Path.Combine(_folder.FullName, PaddleModels.DetectionFile), error.Message, StringComparison.Ordinal);
        Assert.Contains("scripts/provision.sh", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAlteredModelIsRefusedByItsChecksumBeforeItIsLoaded()
    {
        foreach (var file in PaddleModels.Sha256.Keys)
            File.Copy(Path.Combine(PaddleModels.DefaultDirectory, file), Path.Combine(_folder.FullName, file));
        var recognition = Path.Combine(_folder.FullName, PaddleModels.RecognitionFile);
        var bytes = File.ReadAllBytes(recognition);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(recognition, bytes);

        var error = Assert.Throws<OcrModelException>(() => PaddleModels.Check(_folder.FullName));

        Assert.Contains(recognition, error.Message, StringComparison.Ordinal);
        Assert.Contains("not the pinned one", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GreedyDecodingDropsBlanksAndRepeatsAndKeepsEachCharactersProbability()
    {
        string[] keys = ["十", "堰", "市"];
        // Steps: 十 十 blank 堰 堰 space 市 blank 市 — classes: 0 blank, 1–3 keys, 4 space.
        int[] best = [1, 1, 0, 2, 2, 4, 3, 0, 3];
        var scores = new float[best.Length * 5];
        for (var t = 0; t < best.Length; t++)
        {
            for (var k = 0; k < 5; k++)
                scores[t * 5 + k] = k == best[t] ? 0.9f : 0.025f;
        }

        var symbols = PaddleRecognizer.Decode(scores, best.Length, 5, keys);

        Assert.Equal(["十", "堰", " ", "市", "市"], symbols.Select(s => s.Text));
        Assert.All(symbols, s => Assert.Equal(90, s.Confidence, 3));
    }

    [Fact]
    public void ACellIsCutIntoItsTextLinesAndAStrayMarkJoinsTheNearerLine()
    {
        // Two lines of "ink" 20 px high, 14 px apart, and a 3-px mark just under the second.
        var png = PngFile.Gray(300, 120, (x, y) => x is > 20 and < 260 && (y is >= 20 and < 40 or >= 54 and < 74 || y is >= 76 and < 79 && x < 40) ? (byte)0 : (byte)255);
        using var image = GrayImage.Decode(png, "lines.png", deskew: false);

        var lines = TextLines.Find(image, 0, 0, image.Width, image.Height, 128, filled: false);

        Assert.Equal(2, lines.Count);
        Assert.InRange(lines[0].Bottom, 40, 54);
        Assert.InRange(lines[1].Top, 40, 54);
        Assert.InRange(lines[1].Bottom, 79, 90);
    }

    [Fact]
    public void LinesSetWithOneBlankRowBetweenThemAreTwoAndNeitherMarginReachesIntoTheOther()
    {
        // A small font's wrapped cell: a 15-px line, one blank row, and a 15-px line holding one character.
        var png = PngFile.Gray(300, 60, (x, y) => (y is >= 10 and < 25 && x is > 20 and < 260) || (y is >= 26 and < 41 && x is > 20 and < 35) ? (byte)0 : (byte)255);
        using var image = GrayImage.Decode(png, "tight.png", deskew: false);

        var lines = TextLines.Find(image, 0, 0, image.Width, image.Height, 128, filled: false);

        Assert.Equal(2, lines.Count);
        Assert.True(lines[0].Bottom <= 26 && lines[1].Top >= 25, $"{lines[0]} {lines[1]}");
        Assert.InRange(lines[1].Right - lines[1].Left, 14, 14 + 2 * 15 + 1);
    }

    [Fact]
    public void TheStrokesOfACharacterWithBlankRowsBetweenThemStayOneLine()
    {
        // 三 on its own: three strokes, one blank row apart, none a third of the band's height.
        var png = PngFile.Gray(120, 60, (x, y) => x is > 20 and < 40 && y is 10 or 11 or 13 or 14 or 16 or 17 ? (byte)0 : (byte)255);
        using var image = GrayImage.Decode(png, "san.png", deskew: false);

        Assert.Single(TextLines.Find(image, 0, 0, image.Width, image.Height, 128, filled: false));
    }

    [Theory]
    [InlineData("..XXXXXXXX........", 10, 2)]
    [InlineData("XXXXXXXX..........X", 8, 0)]
    [InlineData("X..........XXXXXXXX", 8, 11)]
    [InlineData("XXXXXXX...X", 8, 0)]
    [InlineData("...........", 8, -1)]
    public void ALinesExtentLeavesOutARuleBesideItButNotItsOwnStrokes(string columns, int lineHeight, int expectedLeft)
    {
        var inked = columns.Select(c => c == 'X').ToArray();
        var (left, right) = TextLines.Extent(inked, lineHeight);
        Assert.Equal(expectedLeft, left);
        if (left >= 0)
            Assert.True(inked[right - 1] && (right == inked.Length || !inked[right]), $"{left}..{right}");
    }

    [Fact]
    public void TheSamplesCellsAreReadAndReadAlikeFromManyThreadsAtOnce()
    {
        using var image = GrayImage.Decode(Sample, "shiyan-fever-clinics.png");
        var grid = RuledTable.Detect(image)!;
        var crops = grid.Regions.Where(r => r.Row < 9).Select(r => new CellCrop(r.Row, r.Column, r.X, r.Y, r.Width, r.Height, false, false)).ToList();
        var recognizer = new PaddleRecognizer();

        var once = recognizer.Read(image, 1, crops, lossy: false);
        var together = new OcrReading[8][];
        Parallel.For(0, together.Length, i => together[i] = recognizer.Read(image, 1, crops, lossy: false));

        Assert.Equal("医院名称", OcrText.Tidy(once[crops.FindIndex(c => c is { Row: 0, Column: 2 })].Text));
        Assert.Equal("十堰市太和医院", OcrText.Tidy(once[crops.FindIndex(c => c is { Row: 1, Column: 2 })].Text));
        Assert.Equal("0719-8801332", OcrText.Tidy(once[crops.FindIndex(c => c is { Row: 1, Column: 3 })].Text));
        Assert.All(once.Where(r => r.Text.Length > 0), r => Assert.InRange(r.Confidence, 1, 100));
        Assert.All(together, readings => Assert.Equal(once.Select(r => r.Text), readings.Select(r => r.Text)));
    }

    [Fact]
    public void DbPostProcessingKeepsSureRegionsGrownByTheUnclipRatioAndDropsFaintOnes()
    {
        // A 40 × 10 map: a sure 20 × 4 region, a faint 6 × 3 one (mean 0.45) and a single sure pixel.
        const int width = 40, height = 10;
        var map = new float[width * height];
        for (var y = 2; y < 6; y++)
            for (var x = 5; x < 25; x++)
                map[y * width + x] = 0.9f;
        for (var y = 6; y < 9; y++)
            for (var x = 30; x < 36; x++)
                map[y * width + x] = 0.45f;
        map[0 * width + 39] = 0.99f;

        var boxes = PaddleDetector.Boxes(map, width, height);

        var box = Assert.Single(boxes);
        // 20 × 4 grown on every side by 20·4·1.5 / (2·(20+4)) = 2.5.
        Assert.Equal((2.5, -0.5, 25.0, 9.0), (box.X, box.Y, box.Width, box.Height));
    }

    [Fact]
    public void TheDetectorFindsTheSamplesTextLines()
    {
        using var image = GrayImage.Decode(Sample, "shiyan-fever-clinics.png");

        var lines = new PaddleDetector().Detect(image);

        // 33 rows of 4 cells, the title above: about 4 boxes a row, none outside the page.
        Assert.InRange(lines.Count, 120, 150);
        Assert.All(lines, l => Assert.True(l.X >= 0 && l.Y >= 0 && l.X + l.Width <= image.Width && l.Y + l.Height <= image.Height));
    }
}

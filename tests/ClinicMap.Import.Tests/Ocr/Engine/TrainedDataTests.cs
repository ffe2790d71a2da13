using ClinicMap.Import.Ocr.Engine;

namespace ClinicMap.Import.Tests.Ocr.Engine;

public sealed class TrainedDataTests : IDisposable
{
    private readonly string _file = Path.GetTempFileName();

    [Theory]
    [InlineData(OcrEnginePool.Primary)]
    [InlineData(OcrEnginePool.Scan)]
    [InlineData(OcrEnginePool.Digits)]
    public void TheCharactersOfEachInstalledModelAreReadFromItsFile(string model)
    {
        using var lease = OcrEnginePool.Shared.Rent(model);

        var characters = TrainedData.Characters(lease.Engine.ModelFile);

        Assert.Contains("7", characters);
        Assert.DoesNotContain("隰", characters);
        if (model == OcrEnginePool.Digits)
        {
            Assert.DoesNotContain("县", characters);
            Assert.InRange(characters.Count, 60, 200);
        }
        else
        {
            Assert.Contains("县", characters);
            Assert.InRange(characters.Count, 3000, 8000);
        }
    }

    [Fact]
    public void WhatTheModelsCanWriteIsTheUnionOfBothEnginesLessWhatPaddleMisreads()
    {
        var writable = OcrEnginePool.Shared.Writable.Value;
        var paddle = PaddleModels.KeysIn();

        // 岙 (定海区马岙街道) tessdata 4.0.0's chi_sim has; 岢 (岢岚县) only PaddleOCR; 岜 (岜沙) neither.
        Assert.Contains("岙", writable);
        Assert.Contains("岢", paddle);
        Assert.Contains("岢", writable);
        Assert.DoesNotContain("岜", writable);
        // PaddleOCR has 敕 but writes a look-alike for it: the inference must still treat 敕勒川 as unwritable.
        Assert.Contains("敕", paddle);
        Assert.DoesNotContain("敕", writable);
    }

    [Fact]
    public void AFileThatIsNoModelIsRefusedWithItsName()
    {
        File.WriteAllText(_file, "not a model at all");

        var error = Assert.Throws<InvalidDataException>(() => TrainedData.Characters(_file));

        Assert.Contains(_file, error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => File.Delete(_file);
}

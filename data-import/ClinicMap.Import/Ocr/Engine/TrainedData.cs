using System.Text;

namespace ClinicMap.Import.Ocr.Engine;

/// <summary>
/// What a Tesseract model file can write. A <c>.traineddata</c> file is a table of components (tesseract's
/// ccutil/tessdatamanager.h): an int32 count, one int64 offset per component type (−1 where absent), then the
/// components. The LSTM writes the characters of its <c>lstm-unicharset</c>, or of the <c>unicharset</c> when a model
/// has none (tessdata 4.0.0's chi_sim); each is a text file of one character per line after a count line.
/// </summary>
public static class TrainedData
{
    private const int Unicharset = 1, LstmUnicharset = 21;

    /// <summary>The characters (as strings: a few are several code points) the model in <paramref name="path"/> can write.</summary>
    /// <exception cref="InvalidDataException">The file is not a traineddata file with a character set.</exception>
    public static IReadOnlySet<string> Characters(string path)
    {
        using var file = File.OpenRead(path);
        using var reader = new BinaryReader(file);
        var count = reader.ReadInt32();
        if (count is < 2 or > 100)
            throw new InvalidDataException($"{path}: not a traineddata file ({count} components)");
        var offsets = Enumerable.Range(0, count).Select(_ => reader.ReadInt64()).ToArray();
        var index = count > LstmUnicharset && offsets[LstmUnicharset] > 0 ? LstmUnicharset : Unicharset;
        var start = offsets[index];
        if (start <= 0)
            throw new InvalidDataException($"{path}: no character set");
        var end = offsets.Where(o => o > start).DefaultIfEmpty(file.Length).Min();
        file.Seek(start, SeekOrigin.Begin);
        var text = Encoding.UTF8.GetString(reader.ReadBytes((int)(end - start)));
        // The first line counts the entries; each entry's character is its first field ("NULL" is the space, id 0).
        return text.Split('\n').Skip(1).Select(line => line.Split(' ')[0]).Where(c => c.Length > 0 && c != "NULL").ToHashSet(StringComparer.Ordinal);
    }
}

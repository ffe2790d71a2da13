using System.Globalization;
using ClinicMap.Import.Rows;

namespace ClinicMap.Import.Ocr.Engine;

/// <summary>Tesseract's TSV output (<see cref="TesseractEngine.WordsTsv"/>) as placed words.</summary>
public static class TesseractWords
{
    /// <summary>The level-5 (word) rows of the TSV, with their boxes and confidences (0–100); blank words left out.</summary>
    public static List<PlacedWord> Parse(string tsv)
    {
        var words = new List<PlacedWord>();
        foreach (var line in tsv.Split('\n'))
        {
            var f = line.Split('\t');
            if (f.Length < 12 || f[0] != "5" || f[11].Trim().Length == 0)
                continue;
            int left = int.Parse(f[6], CultureInfo.InvariantCulture), top = int.Parse(f[7], CultureInfo.InvariantCulture);
            int width = int.Parse(f[8], CultureInfo.InvariantCulture), height = int.Parse(f[9], CultureInfo.InvariantCulture);
            var confidence = (int)Math.Round(double.Parse(f[10], CultureInfo.InvariantCulture));
            words.Add(new PlacedWord(f[11].Trim(), left, top, left + width, top + height, Math.Clamp(confidence, 0, 100)));
        }
        return words;
    }
}

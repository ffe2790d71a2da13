using System.IO.Compression;
using ClinicMap.Import.Rows;

namespace ClinicMap.Import.Readers;

/// <summary>
/// Checks an OOXML package (XLSX, DOCX) before any library inflates it: a truncated archive, a zip bomb
/// (entries that inflate past <see cref="MaxInflatedBytes"/> or more than <see cref="MaxRatio"/> times their
/// compressed size) or a package that is not Office Open XML is refused with a message naming the file. O(entries).
/// </summary>
public static class ZipGuard
{
    public const long MaxInflatedBytes = 256L * 1024 * 1024;
    public const int MaxRatio = 200;
    public const int MaxEntries = 10_000;

    public static void Check(byte[] bytes, string fileName, string requiredEntry)
    {
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
        }
        catch (InvalidDataException e)
        {
            throw new InputRejectedException($"{fileName}: the file is truncated or corrupt (not a readable zip package: {e.Message})", e);
        }
        using (archive)
        {
            if (archive.Entries.Count > MaxEntries)
                throw new InputRejectedException($"{fileName}: {archive.Entries.Count:N0} entries in the package; refusing more than {MaxEntries:N0}");
            long inflated = 0;
            foreach (var entry in archive.Entries)
            {
                inflated += entry.Length;
                if (entry.CompressedLength > 0 && entry.Length / entry.CompressedLength > MaxRatio && entry.Length > 1024 * 1024)
                    throw new InputRejectedException($"{fileName}: entry '{entry.FullName}' inflates {entry.Length / entry.CompressedLength}× ({entry.Length:N0} bytes); refusing what looks like a zip bomb");
            }
            if (inflated > MaxInflatedBytes)
                throw new InputRejectedException($"{fileName}: the package inflates to {inflated:N0} bytes; refusing more than {MaxInflatedBytes:N0}");
            if (archive.GetEntry(requiredEntry) is null)
                throw new InputRejectedException($"{fileName}: not an Office Open XML file of this kind (no {requiredEntry} inside)");
        }
    }
}

namespace ClinicMap.Import.Readers;

/// <summary>Reads one file format into a <see cref="RawTable"/>.</summary>
public interface ITableReader
{
    /// <summary>True when the file's name and first bytes say it is this reader's format.</summary>
    bool CanRead(string fileName, ReadOnlySpan<byte> head);

    /// <summary>Reads every row; throws <see cref="InputRejectedException"/> naming the file and place when it cannot.</summary>
    RawTable Read(Stream content, string fileName);
}

using System.Text;

namespace ClinicMap.Import.Readers;

/// <summary>Reads one file format into a <see cref="ReadDocument"/>.</summary>
public interface ITableReader
{
    /// <summary>True when the file's name and first bytes say it is this reader's format.</summary>
    bool CanRead(string fileName, ReadOnlySpan<byte> head);

    /// <summary>
    /// Reads every table or record; throws <see cref="InputRejectedException"/> naming the file and place when it
    /// cannot. <paramref name="encoding"/> is the operator's override for text formats, <c>null</c> to detect.
    /// </summary>
    ReadDocument Read(byte[] content, string fileName, Encoding? encoding);
}

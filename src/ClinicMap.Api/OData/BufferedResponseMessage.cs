using Microsoft.OData;

namespace ClinicMap.Api.OData;

/// <summary>
/// An OData response message over a memory buffer: ODataMessageWriter writes synchronously, which Kestrel refuses
/// on its own stream, so the answer is written here and then copied to the response asynchronously.
/// </summary>
public sealed class BufferedResponseMessage : IODataResponseMessage
{
    private readonly Dictionary<string, string> _headers = new(StringComparer.OrdinalIgnoreCase);

    public MemoryStream Body { get; } = new();

    public IEnumerable<KeyValuePair<string, string>> Headers => _headers;

    public int StatusCode { get; set; } = StatusCodes.Status200OK;

    public string? GetHeader(string headerName) => _headers.GetValueOrDefault(headerName);

    public void SetHeader(string headerName, string headerValue) => _headers[headerName] = headerValue;

    public Stream GetStream() => Body;
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using ClinicMap.Import.Rows;

namespace ClinicMap.Import.Readers;

/// <summary>
/// JSON clinic lists as volunteers and commissions publish them: a top-level array of objects (one per
/// clinic), or the nested national form <c>{"provinceList": [{"cityList": [{"hospitalList": [...]}]}]}</c>.
/// Every scalar property of a clinic object becomes a cell; nested objects and arrays are kept as JSON text.
/// JSON is UTF-8 by definition (RFC 8259), so an encoding override is ignored.
/// </summary>
/// <remarks>
/// Rows are numbered 1..n in document order across the whole file and <see cref="RawRow.Sheet"/> names the
/// nested list (<c>provinceList[0].cityList[2].hospitalList</c>), so an operator can find any row. O(n).
/// </remarks>
public sealed class JsonListReader : ITableReader
{
    public bool CanRead(string fileName, ReadOnlySpan<byte> head) =>
        fileName.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    public ReadDocument Read(byte[] content, string fileName, Encoding? encoding)
    {
        JsonDocument document;
        try
        {
            // A UTF-8 byte-order mark is not JSON; editors on Windows still write one.
            var json = content.AsMemory(content.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? 3 : 0);
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new InputRejectedException($"{fileName}: not valid JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}: {e.Message}", e);
        }
        using (document)
        {
            var rows = new List<RawRow>();
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Array)
                AddList(root, null, rows, fileName);
            else if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("provinceList", out var provinces))
                WalkNational(provinces, rows, fileName);
            else
                throw new InputRejectedException($"{fileName}: expected a JSON array of clinics or an object with 'provinceList'");
            return ReadDocument.OfRecords(rows);
        }
    }

    private static void WalkNational(JsonElement provinces, List<RawRow> rows, string fileName)
    {
        RequireArray(provinces, "provinceList", fileName);
        var p = 0;
        foreach (var province in provinces.EnumerateArray())
        {
            if (province.TryGetProperty("cityList", out var cities))
            {
                RequireArray(cities, $"provinceList[{p}].cityList", fileName);
                var c = 0;
                foreach (var city in cities.EnumerateArray())
                {
                    if (city.TryGetProperty("hospitalList", out var hospitals))
                        AddList(hospitals, $"provinceList[{p}].cityList[{c}].hospitalList", rows, fileName);
                    c++;
                }
            }
            p++;
        }
    }

    private static void AddList(JsonElement list, string? path, List<RawRow> rows, string fileName)
    {
        RequireArray(list, path ?? "$", fileName);
        foreach (var item in list.EnumerateArray())
        {
            var cells = new List<KeyValuePair<string, string?>>();
            if (item.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in item.EnumerateObject())
                    cells.Add(new(property.Name, CellText(property.Value)));
            }
            else
            {
                // Not an object: kept verbatim so the row is accounted for; the stages reject it with a reason.
                cells.Add(new("value", CellText(item)));
            }
            rows.Add(new RawRow(rows.Count + 1, path, cells));
        }
    }

    private static string? CellText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => value.GetString(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Number => value.GetRawText(),
        _ => value.GetRawText(),
    };

    private static void RequireArray(JsonElement element, string path, string fileName)
    {
        if (element.ValueKind != JsonValueKind.Array)
            throw new InputRejectedException(string.Create(CultureInfo.InvariantCulture, $"{fileName}: '{path}' should be a list, is {element.ValueKind}"));
    }
}

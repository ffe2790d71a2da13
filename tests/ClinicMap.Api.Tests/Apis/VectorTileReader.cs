namespace ClinicMap.Api.Tests.Apis;

/// <summary>
/// Just enough of a Mapbox Vector Tile 2.1 decoder (protobuf wire format) to check the tiles the API serves: the
/// layers, and each point feature's string properties and position in tile units. Independent of the server's
/// encoder (NetTopologySuite.IO.VectorTiles) and of PostGIS's, so it can hold the two equal.
/// </summary>
internal static class VectorTileReader
{
    public sealed record Feature(IReadOnlyDictionary<string, string> Properties, int X, int Y, int Type);

    public sealed record Layer(string Name, int Extent, IReadOnlyList<Feature> Features);

    public static IReadOnlyList<Layer> Read(byte[] tile)
    {
        var layers = new List<Layer>();
        foreach (var (field, _, bytes) in Fields(tile))
        {
            if (field == 3)
                layers.Add(ReadLayer(bytes!));
        }
        return layers;
    }

    private static Layer ReadLayer(byte[] data)
    {
        string name = "";
        var extent = 4096;
        var keys = new List<string>();
        var values = new List<string>();
        var features = new List<(List<ulong> Tags, List<ulong> Geometry, int Type)>();
        foreach (var (field, number, bytes) in Fields(data))
        {
            switch (field)
            {
                case 1: name = System.Text.Encoding.UTF8.GetString(bytes!); break;
                case 3: keys.Add(System.Text.Encoding.UTF8.GetString(bytes!)); break;
                case 4: values.Add(ReadValue(bytes!)); break;
                case 5: extent = (int)number; break;
                case 2:
                    var tags = new List<ulong>();
                    var geometry = new List<ulong>();
                    var type = 0;
                    foreach (var (f, n, b) in Fields(bytes!))
                    {
                        if (f == 2) tags.AddRange(Packed(b!));
                        else if (f == 4) geometry.AddRange(Packed(b!));
                        else if (f == 3) type = (int)n;
                    }
                    features.Add((tags, geometry, type));
                    break;
            }
        }
        return new Layer(name, extent, features.Select(f =>
        {
            var properties = new Dictionary<string, string>();
            for (var i = 0; i + 1 < f.Tags.Count; i += 2)
                properties[keys[(int)f.Tags[i]]] = values[(int)f.Tags[i + 1]];
            // A point is one MoveTo command (id 1, count 1) followed by zig-zag encoded x and y.
            if (f.Geometry.Count != 3 || f.Geometry[0] != 9)
                throw new InvalidDataException($"feature geometry is not one point: [{string.Join(",", f.Geometry)}]");
            return new Feature(properties, ZigZag(f.Geometry[1]), ZigZag(f.Geometry[2]), f.Type);
        }).ToList());
    }

    private static string ReadValue(byte[] data)
    {
        foreach (var (field, number, bytes) in Fields(data))
        {
            return field switch
            {
                1 => System.Text.Encoding.UTF8.GetString(bytes!),
                4 or 5 => number.ToString(System.Globalization.CultureInfo.InvariantCulture),
                6 => ZigZag(number).ToString(System.Globalization.CultureInfo.InvariantCulture),
                7 => (number != 0).ToString(),
                _ => "",
            };
        }
        return "";
    }

    private static int ZigZag(ulong n) => (int)(n >> 1) ^ -(int)(n & 1);

    private static IEnumerable<ulong> Packed(byte[] data)
    {
        var at = 0;
        while (at < data.Length)
            yield return Varint(data, ref at);
    }

    /// <summary>The top-level fields of a message: (field number, varint value or 0, bytes of a length-delimited field or null).</summary>
    private static List<(int Field, ulong Number, byte[]? Bytes)> Fields(byte[] data)
    {
        var at = 0;
        var fields = new List<(int Field, ulong Number, byte[]? Bytes)>();
        while (at < data.Length)
        {
            var key = Varint(data, ref at);
            var (field, wire) = ((int)(key >> 3), (int)(key & 7));
            switch (wire)
            {
                case 0: fields.Add((field, Varint(data, ref at), null)); break;
                case 1: at += 8; fields.Add((field, 0, null)); break;
                case 5: at += 4; fields.Add((field, 0, null)); break;
                case 2:
                    var length = (int)Varint(data, ref at);
                    fields.Add((field, 0, data[at..(at + length)]));
                    at += length;
                    break;
                default: throw new InvalidDataException($"wire type {wire} at byte {at}");
            }
        }
        return fields;
    }

    private static ulong Varint(byte[] data, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = data[at++];
            value |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
                return value;
        }
    }
}

using System.Text.Encodings.Web;
using System.Text.Json;

namespace ClinicMap.Api.Contracts;

/// <summary>
/// The JSON form of every public answer: camelCase web defaults, and Chinese kept as readable UTF-8 rather than
/// \u escapes (smaller answers, same JSON). The HTTP pipeline is configured with the same settings, so an answer
/// written ahead of time (the serving index's cached clinics) equals one serialised per request.
/// </summary>
public static class ContractJson
{
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>Applies the contract's settings to <paramref name="options"/> (the pipeline's own instance).</summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        return options;
    }
}

using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace ClinicMap.Data.Audit;

/// <summary>Appends audit rows inside the caller's transaction, so an action and its audit row commit together or not at all.</summary>
internal static class AuditWriter
{
    /// <summary>camelCase, as the API speaks: the log reads the same as the requests that caused it.</summary>
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static async Task AppendAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, AuditEntry entry, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(AuditQueries.Insert, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = entry.Actor });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = entry.Action });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = entry.Entity });
        command.Parameters.Add(NullableParameter.Text(entry.EntityId));
        command.Parameters.Add(Json(entry.Before));
        command.Parameters.Add(Json(entry.After));
        command.Parameters.Add(NullableParameter.Text(entry.Reason));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlParameter Json(object? value) =>
        new() { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = value is null ? DBNull.Value : JsonSerializer.Serialize(value, Options) };
}

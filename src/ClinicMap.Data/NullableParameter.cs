using Npgsql;
using NpgsqlTypes;

namespace ClinicMap.Data;

/// <summary>
/// A parameter that may be SQL NULL, typed so that PostgreSQL knows its type even when it is null (an untyped
/// <c>DBNull</c> cannot be inferred in <c>$3::text IS NULL</c> or an INSERT's column).
/// </summary>
internal static class NullableParameter
{
    public static NpgsqlParameter Text(string? value) => Of(NpgsqlDbType.Text, value);

    public static NpgsqlParameter Integer(int? value) => Of(NpgsqlDbType.Integer, value);

    public static NpgsqlParameter Bigint(long? value) => Of(NpgsqlDbType.Bigint, value);

    public static NpgsqlParameter Date(DateOnly? value) => Of(NpgsqlDbType.Date, value);

    public static NpgsqlParameter Timestamp(DateTimeOffset? value) => Of(NpgsqlDbType.TimestampTz, value);

    private static NpgsqlParameter Of(NpgsqlDbType type, object? value) => new() { NpgsqlDbType = type, Value = value ?? DBNull.Value };
}

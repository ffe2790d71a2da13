using Npgsql;

namespace ClinicMap.Data;

/// <summary>The one way ClinicMap opens PostgreSQL: a pooled <see cref="NpgsqlDataSource"/> for a connection string.</summary>
public static class ClinicMapDataSource
{
    /// <summary>Builds a data source; <paramref name="applicationName"/> shows in <c>pg_stat_activity</c>.</summary>
    public static NpgsqlDataSource Create(string connectionString, string applicationName)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.ConnectionStringBuilder.ApplicationName ??= applicationName;
        return builder.Build();
    }
}

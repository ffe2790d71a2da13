using NetTopologySuite.Geometries.Implementation;
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
        // A connection whose peer vanished (a failover, a dropped NAT entry) is found by the OS, not by waiting forever:
        // the serving index's LISTEN connection sits idle for long stretches.
        builder.ConnectionStringBuilder.TcpKeepAlive = true;
        // PostGIS types as NetTopologySuite geometries (see PostgisGeography), coordinates packed as doubles: the
        // serving index holds the county boundaries of every approximate clinic, about half a million vertices.
        builder.UseNetTopologySuite(PackedCoordinateSequenceFactory.DoubleFactory);
        return builder.Build();
    }
}

using ClinicMap.Core.Clinics;
using ClinicMap.Core.Datasets;
using Npgsql;

namespace ClinicMap.Data.Clinics;

/// <summary>PostGIS implementation of <see cref="IClinicStore"/>.</summary>
public sealed class ClinicStore(NpgsqlDataSource dataSource) : IClinicStore
{
    public async Task<DatasetVersion?> CurrentVersionAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(ClinicQueries.CurrentVersion);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            return null;
        return new DatasetVersion(
            reader.GetInt32(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.GetInt32(3),
            reader.IsDBNull(4) ? null : reader.GetString(4));
    }

    public async Task<IReadOnlyList<ClinicDistance>> NearestAsync(int version, NearestQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        if (query.Origin.Crs != Core.Geography.CoordinateSystem.Wgs84)
            throw new ArgumentException("the origin must be WGS-84; convert at the edge", nameof(query));
        await using var command = dataSource.CreateCommand(ClinicQueries.Nearest);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = version });
        command.Parameters.Add(PostgisGeography.Parameter(query.Origin));
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = query.Limit });
        command.Parameters.Add(new NpgsqlParameter
        {
            NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text,
            Value = query.Kinds.Count == 0 ? DBNull.Value : query.Kinds.Select(k => k.ToWire()).ToArray(),
        });
        command.Parameters.Add(new NpgsqlParameter
        {
            NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Double,
            Value = query.MaxDistanceMeters is { } max ? max : DBNull.Value,
        });
        var results = new List<ClinicDistance>(query.Limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            results.Add(new ClinicDistance(ClinicReader.Read(reader), reader.GetDouble(ClinicReader.ColumnCount)));
        return results;
    }

    public async Task<Clinic?> FindAsync(int version, Guid id, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(ClinicQueries.Find);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = version });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
        Clinic clinic;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
                return null;
            clinic = ClinicReader.Read(reader);
        }
        await using var sources = dataSource.CreateCommand(ClinicQueries.Sources);
        sources.Parameters.Add(new NpgsqlParameter<int> { TypedValue = version });
        sources.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
        await using var rows = await sources.ExecuteReaderAsync(cancellationToken);
        var documents = new List<SourceDocument>();
        while (await rows.ReadAsync(cancellationToken))
            documents.Add(new SourceDocument(rows.GetString(0), rows.GetString(1), rows.IsDBNull(2) ? null : rows.GetFieldValue<DateOnly>(2), rows.GetString(3)));
        // Versions published before the list of documents existed name only their newest one.
        return clinic with { Sources = documents.Count > 0 ? documents : clinic.Source is { } only ? [only] : [] };
    }

    public async Task<IReadOnlyList<Clinic>> ListAsync(int version, string prefix, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(ClinicQueries.List);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = version });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = prefix });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var clinics = new List<Clinic>();
        while (await reader.ReadAsync(cancellationToken))
            clinics.Add(ClinicReader.Read(reader));
        return clinics;
    }
}

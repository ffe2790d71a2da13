using System.Net;
using ClinicMap.Api.Serving;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicMap.Api.Tests.Serving;

/// <summary>A published version the serving index cannot take (a row its reader refuses) does not stop the host.</summary>
public class BadVersionTests(ClinicMapApiFixture api) : IClassFixture<ClinicMapApiFixture>
{
    [Fact]
    public async Task AVersionWithARowTheIndexCannotReadLeavesThePreviousVersionServed()
    {
        var serving = api.Services.GetRequiredService<ServingIndex>();
        using var client = api.CreateClient();
        Assert.Equal(1, serving.Current!.Version.Version);

        // Version 2: version 1's clinics and one whose kind this build does not know (a newer build's, or a hand edit).
        await api.Database.ScalarAsync<object>("""
            WITH fresh AS (INSERT INTO clinics (id) VALUES (gen_random_uuid()) RETURNING id),
                 copied AS (INSERT INTO dataset_clinics (version, clinic_id, name, kinds, address, admin_code, province, city, district, phones, hours, level,
                                                         location, location_crs_in, location_precision, location_method, source_document_id, import_batch_id, import_row_number, source_document_ids)
                            SELECT 2, clinic_id, name, kinds, address, admin_code, province, city, district, phones, hours, level,
                                   location, location_crs_in, location_precision, location_method, source_document_id, import_batch_id, import_row_number, source_document_ids
                            FROM dataset_clinics WHERE version = 1),
                 odd AS (INSERT INTO dataset_clinics (version, clinic_id, name, kinds, admin_code, province, location, location_crs_in, location_precision, location_method)
                         SELECT 2, id, '未知类型医院', ARRAY['mobile-cabin'], '110101', '北京市', 'SRID=4326;POINT(116.4 39.9)'::geography, 'wgs84', 'exact', 'given' FROM fresh),
                 version AS (INSERT INTO dataset_versions (version, based_on, published_by, note, clinic_count)
                             SELECT 2, 1, 'tests', 'a row the index cannot read', count(*)::int + 1 FROM dataset_clinics WHERE version = 1)
            UPDATE dataset_current SET version = 2 RETURNING 1
            """);

        var changed = await serving.RefreshAsync();
        using var nearest = await client.GetAsync("/api/v1/clinics/nearest?lat=39.9&lon=116.4&limit=3");
        using var ready = await client.GetAsync("/readyz");

        Assert.False(changed);
        Assert.Equal(1, serving.Current!.Version.Version);
        Assert.Equal(HttpStatusCode.OK, nearest.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }
}

-- A 10× synthetic dataset made from the current version, published as the next version (and NOTIFYed, so a
-- running API swaps to it): every clinic, plus nine copies of it, each moved up to 5 km in a random direction.
BEGIN;
SELECT pg_advisory_xact_lock(4242424201);
CREATE TEMP TABLE base AS SELECT version AS prev, version + 1 AS next FROM dataset_current;
CREATE TEMP TABLE copies AS
SELECT gen_random_uuid() AS new_id, c.*, n
FROM dataset_clinics c, base, generate_series(1, 9) AS n
WHERE c.version = base.prev;
INSERT INTO clinics (id) SELECT new_id FROM copies;
INSERT INTO dataset_clinics (version, clinic_id, name, kinds, address, admin_code, province, city, district, phones, hours, level,
                             location, location_crs_in, location_precision, location_method, source_document_id, import_batch_id,
                             import_row_number, source_document_ids)
SELECT base.next, clinic_id, name, kinds, address, admin_code, province, city, district, phones, hours, level,
       location, location_crs_in, location_precision, location_method, source_document_id, import_batch_id, import_row_number, source_document_ids
FROM dataset_clinics, base WHERE version = base.prev
UNION ALL
SELECT base.next, new_id, name || '（副本' || n || '）', kinds, address, admin_code, province, city, district, phones, hours, level,
       ST_Project(location, random() * 5000, radians(random() * 360)), location_crs_in, location_precision, location_method,
       source_document_id, import_batch_id, import_row_number, source_document_ids
FROM copies, base;
INSERT INTO dataset_versions (version, based_on, published_by, note, clinic_count)
SELECT next, prev, 'bench.sh', '10x synthetic copy for the serving benchmark', (SELECT count(*)::int FROM dataset_clinics WHERE version = base.next)
FROM base;
UPDATE dataset_current SET version = (SELECT next FROM base);
SELECT pg_notify('dataset_published', (SELECT next::text FROM base));
COMMIT;

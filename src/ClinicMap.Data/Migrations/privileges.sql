-- What the API's and the workers' roles may do in this database, granted again after every migration run (a
-- new table is covered as soon as it exists). Neither role owns anything or may create anything: no DDL.
-- Read side: every table. Write side: only the tables each one writes, and never the migration ledger.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
DO $$
BEGIN
    EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO clinicmap_api, clinicmap_worker, clinicmap_watcher', current_database());
END
$$;
GRANT USAGE ON SCHEMA public TO clinicmap_api, clinicmap_worker, clinicmap_watcher;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO clinicmap_api, clinicmap_worker, clinicmap_watcher;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO clinicmap_api, clinicmap_worker, clinicmap_watcher;

-- The API: uploads become jobs; review, publish and rollback change staged rows, batches, closures, versions,
-- clinics, the known places an operator confirms, and the audit log.
GRANT INSERT ON import_jobs, audit_log, clinics, dataset_versions, dataset_clinics TO clinicmap_api;
GRANT UPDATE ON import_rows, import_batches, closure_proposals, dataset_current, api_keys TO clinicmap_api;
GRANT INSERT ON dataset_current TO clinicmap_api;
GRANT INSERT, UPDATE ON known_places TO clinicmap_api;

-- The workers: claim and finish jobs, stage documents, pages, batches and rows, propose closures, keep the
-- geocoder's cache, and audit.
GRANT UPDATE ON import_jobs TO clinicmap_worker;
GRANT INSERT, UPDATE ON source_documents, import_batches, geocode_cache TO clinicmap_worker;
GRANT INSERT ON import_rows, document_pages, closure_proposals, audit_log TO clinicmap_worker;

-- Live status: reporters (through the API) append reports; nothing changes or removes one.
GRANT INSERT ON clinic_status_reports TO clinicmap_api;

-- Subscriptions: admins register subscribers through the API; the workers fan out and deliver.
GRANT INSERT, UPDATE ON subscribers TO clinicmap_api;
GRANT INSERT, UPDATE ON webhook_deliveries, webhook_cursor TO clinicmap_worker;

-- Watched sources: the watcher stages documents as a worker does, keeps its sources' state and events, and may
-- publish a batch when its source allows publishing without review and nothing in it needs a person.
GRANT INSERT, UPDATE ON source_documents, import_batches, geocode_cache TO clinicmap_watcher;
GRANT INSERT ON import_rows, document_pages, closure_proposals, audit_log TO clinicmap_watcher;
GRANT INSERT, UPDATE ON watched_sources, watched_urls, watched_notices TO clinicmap_watcher;
GRANT INSERT ON source_events TO clinicmap_watcher;
GRANT INSERT ON clinics, dataset_versions, dataset_clinics, dataset_current TO clinicmap_watcher;
GRANT UPDATE ON import_rows, closure_proposals, dataset_current TO clinicmap_watcher;

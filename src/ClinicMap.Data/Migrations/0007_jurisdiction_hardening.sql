-- The jurisdiction of the key that staged a batch: the same public file may be imported once per jurisdiction
-- (a province and its capital both publish the national list's rows), never twice by one.
ALTER TABLE import_batches ADD COLUMN jurisdiction text NOT NULL DEFAULT '' CHECK (jurisdiction ~ '^([0-9]{2}){0,3}$');
CREATE INDEX import_batches_document_jurisdiction ON import_batches (source_document_id, jurisdiction) WHERE status <> 'discarded';

-- Worker leases: a running job belongs to a worker until its lease lapses (the worker heartbeats while it works);
-- a lapsed job is claimed again, up to max_attempts, and then fails with its last error.
ALTER TABLE import_jobs ADD COLUMN attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0);
ALTER TABLE import_jobs ADD COLUMN lease_until timestamptz;
ALTER TABLE import_jobs ADD COLUMN worker text;
CREATE INDEX import_jobs_running_lease ON import_jobs (lease_until) WHERE state = 'running';

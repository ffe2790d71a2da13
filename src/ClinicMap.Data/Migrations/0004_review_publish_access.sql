-- Matching, review, closures, publishing by clinic identity, API keys and upload jobs (issue 6).

-- The part of the country a batch speaks for (an admin-code prefix, '' for a national list) and the dataset
-- version its rows were matched against.
ALTER TABLE import_batches
    ADD COLUMN scope text NOT NULL DEFAULT '' CHECK (scope ~ '^([0-9]{2}){0,3}$'),
    ADD COLUMN matched_version integer REFERENCES dataset_versions (version);

-- Each row's match against the published dataset, and the last person who reviewed it.
ALTER TABLE import_rows
    ADD COLUMN match_kind text CHECK (match_kind IN ('same', 'new', 'probable', 'duplicate')),
    ADD COLUMN match_clinic_id uuid REFERENCES clinics (id),
    ADD COLUMN match_candidates jsonb NOT NULL DEFAULT '[]'::jsonb,
    ADD COLUMN match_explanation text,
    ADD COLUMN reviewed_by text,
    ADD COLUMN reviewed_at timestamptz,
    -- the version that first carried this row; a batch published with rows still in review stays staged for them
    ADD COLUMN published_in integer REFERENCES dataset_versions (version),
    ADD CONSTRAINT import_rows_same_names_its_clinic CHECK (match_kind IS DISTINCT FROM 'same' OR match_clinic_id IS NOT NULL);
CREATE INDEX import_rows_review ON import_rows (outcome, admin_code) WHERE outcome = 'needs_review';
-- A publish asks, for every published clinic, whether a row of the batches updates it.
CREATE INDEX import_rows_match_clinic ON import_rows (match_clinic_id) WHERE match_clinic_id IS NOT NULL;

-- Published clinics a newer list for their jurisdiction no longer names: proposed as closed, decided by a person.
CREATE TABLE closure_proposals (
    batch_id    bigint NOT NULL REFERENCES import_batches (id) ON DELETE CASCADE,
    clinic_id   uuid NOT NULL REFERENCES clinics (id),
    admin_code  text NOT NULL CHECK (admin_code ~ '^[0-9]{6}$'),
    name        text NOT NULL,
    state       text NOT NULL DEFAULT 'proposed' CHECK (state IN ('proposed', 'closed', 'kept')),
    decided_by  text,
    decided_at  timestamptz,
    reason      text,
    published_in integer REFERENCES dataset_versions (version),
    PRIMARY KEY (batch_id, clinic_id)
);
CREATE INDEX closure_proposals_clinic ON closure_proposals (clinic_id);

-- Every document that supported a clinic in a version, newest first (source_document_id stays the newest).
ALTER TABLE dataset_clinics ADD COLUMN source_document_ids bigint[] NOT NULL DEFAULT '{}';

-- API keys: only a SHA-256 of the secret is kept. A key acts within its jurisdiction, an admin-code prefix
-- ('' = the whole country).
CREATE TABLE api_keys (
    id             text PRIMARY KEY CHECK (id ~ '^[0-9a-z]{10}$'),
    name           text NOT NULL CHECK (name <> ''),
    secret_sha256  bytea NOT NULL CHECK (length(secret_sha256) = 32),
    role           text NOT NULL CHECK (role IN ('publisher', 'operator', 'admin')),
    jurisdiction   text NOT NULL CHECK (jurisdiction ~ '^([0-9]{2}){0,3}$'),
    created_at     timestamptz NOT NULL DEFAULT now(),
    created_by     text NOT NULL,
    revoked_at     timestamptz
);

-- Files uploaded through the API wait here until a worker claims one (FOR UPDATE SKIP LOCKED).
CREATE TABLE import_jobs (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    file_name     text NOT NULL,
    content       bytea NOT NULL,
    options       jsonb NOT NULL,
    submitted_by  text NOT NULL,
    jurisdiction  text NOT NULL CHECK (jurisdiction ~ '^([0-9]{2}){0,3}$'),
    submitted_at  timestamptz NOT NULL DEFAULT now(),
    state         text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'failed')),
    started_at    timestamptz,
    finished_at   timestamptz,
    batch_id      bigint REFERENCES import_batches (id),
    error         text
);
CREATE INDEX import_jobs_queued ON import_jobs (id) WHERE state = 'queued';

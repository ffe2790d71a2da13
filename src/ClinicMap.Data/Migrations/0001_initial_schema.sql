-- ClinicMap schema, first cut. PostGIS is the system of record: every location is stored once, in WGS-84,
-- with the coordinate system it arrived in kept beside it as provenance.

CREATE EXTENSION IF NOT EXISTS postgis;
-- btree_gist lets one GiST index cover (version, location), so a KNN scan stays inside one dataset version.
CREATE EXTENSION IF NOT EXISTS btree_gist;

-- The published documents every clinic can be traced back to. The file's sha256 identifies it.
CREATE TABLE source_documents (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sha256        text NOT NULL UNIQUE CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    publisher     text NOT NULL,
    title         text NOT NULL,
    published_on  date,
    file_name     text NOT NULL,
    byte_length   bigint NOT NULL CHECK (byte_length >= 0),
    received_at   timestamptz NOT NULL DEFAULT now()
);

-- One import of one document. The counts must add up to the rows read: nothing lost, nothing invented.
CREATE TABLE import_batches (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source_document_id  bigint NOT NULL REFERENCES source_documents (id),
    default_kind        text NOT NULL CHECK (default_kind IN ('fever-clinic', 'designated-hospital', 'fever-room')),
    status              text NOT NULL DEFAULT 'staged' CHECK (status IN ('staged', 'published', 'discarded')),
    created_by          text NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    row_count           integer NOT NULL CHECK (row_count >= 0),
    accepted_count      integer NOT NULL CHECK (accepted_count >= 0),
    needs_review_count  integer NOT NULL CHECK (needs_review_count >= 0),
    rejected_count      integer NOT NULL CHECK (rejected_count >= 0),
    CONSTRAINT import_batches_counts_add_up CHECK (accepted_count + needs_review_count + rejected_count = row_count)
);

-- Every input row, verbatim, beside its outcome, its reasons and (unless rejected) its normalised fields.
CREATE TABLE import_rows (
    batch_id            bigint NOT NULL REFERENCES import_batches (id) ON DELETE CASCADE,
    row_number          integer NOT NULL CHECK (row_number >= 1),
    sheet               text,
    raw                 jsonb NOT NULL,
    outcome             text NOT NULL CHECK (outcome IN ('accepted', 'needs_review', 'rejected')),
    reasons             jsonb NOT NULL DEFAULT '[]'::jsonb,
    name                text,
    kinds               text[] NOT NULL DEFAULT '{}',
    address             text,
    admin_code          text CHECK (admin_code ~ '^[0-9]{6}$'),
    province            text,
    city                text,
    district            text,
    phones              text[] NOT NULL DEFAULT '{}',
    hours               text,
    level               text,
    location            geography(Point, 4326),
    location_crs_in     text CHECK (location_crs_in IN ('wgs84', 'gcj02', 'bd09')),
    location_precision  text CHECK (location_precision IN ('exact', 'poi', 'street', 'district', 'city')),
    location_method     text,
    PRIMARY KEY (batch_id, row_number),
    -- an accepted row is a complete clinic; a rejected one carries at least one reason
    CONSTRAINT import_rows_accepted_is_complete CHECK (
        outcome <> 'accepted' OR (name IS NOT NULL AND admin_code IS NOT NULL AND location IS NOT NULL
                                  AND location_precision IS NOT NULL AND location_method IS NOT NULL)),
    CONSTRAINT import_rows_not_accepted_has_reason CHECK (outcome = 'accepted' OR jsonb_array_length(reasons) > 0)
);
CREATE INDEX import_rows_outcome ON import_rows (batch_id, outcome);

-- The identity of a clinic, stable across dataset versions.
CREATE TABLE clinics (
    id          uuid PRIMARY KEY,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- Immutable, complete dataset versions; the current one is a pointer.
CREATE TABLE dataset_versions (
    version       integer PRIMARY KEY CHECK (version >= 1),
    based_on      integer REFERENCES dataset_versions (version),
    published_at  timestamptz NOT NULL DEFAULT now(),
    published_by  text NOT NULL,
    note          text,
    clinic_count  integer NOT NULL CHECK (clinic_count >= 0)
);

CREATE TABLE dataset_current (
    singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    version    integer NOT NULL REFERENCES dataset_versions (version)
);

CREATE TABLE dataset_clinics (
    -- deferred: a publish writes the clinics first, then the version row with its final count
    version             integer NOT NULL REFERENCES dataset_versions (version) DEFERRABLE INITIALLY DEFERRED,
    clinic_id           uuid NOT NULL REFERENCES clinics (id),
    name                text NOT NULL,
    kinds               text[] NOT NULL CHECK (cardinality(kinds) >= 1),
    address             text,
    admin_code          text NOT NULL CHECK (admin_code ~ '^[0-9]{6}$'),
    province            text NOT NULL,
    city                text,
    district            text,
    phones              text[] NOT NULL DEFAULT '{}',
    hours               text,
    level               text,
    location            geography(Point, 4326) NOT NULL,
    location_crs_in     text NOT NULL CHECK (location_crs_in IN ('wgs84', 'gcj02', 'bd09')),
    location_precision  text NOT NULL CHECK (location_precision IN ('exact', 'poi', 'street', 'district', 'city')),
    location_method     text NOT NULL,
    source_document_id  bigint REFERENCES source_documents (id),
    import_batch_id     bigint REFERENCES import_batches (id),
    import_row_number   integer,
    PRIMARY KEY (version, clinic_id)
);
-- KNN ("ORDER BY location <-> point") within one version walks this index instead of sorting the table.
CREATE INDEX dataset_clinics_version_location ON dataset_clinics USING gist (version, location);

-- Published versions never change: the rows of a version are written once, inside the publishing transaction.
CREATE FUNCTION forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is immutable: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'object_not_in_prerequisite_state';
END $$;
CREATE TRIGGER dataset_clinics_immutable BEFORE UPDATE OR DELETE ON dataset_clinics
    FOR EACH ROW EXECUTE FUNCTION forbid_change();
CREATE TRIGGER dataset_versions_immutable BEFORE UPDATE OR DELETE ON dataset_versions
    FOR EACH ROW EXECUTE FUNCTION forbid_change();

-- Every operator or publisher action: who, when, what, before, after, why.
CREATE TABLE audit_log (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    actor       text NOT NULL,
    action      text NOT NULL,
    entity      text NOT NULL,
    entity_id   text,
    before      jsonb,
    after       jsonb,
    reason      text
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);

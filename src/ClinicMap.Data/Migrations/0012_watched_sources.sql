-- Watching the commissions' notice pages (issue 24): where a watched document came from, how a batch is to be
-- read (a whole list, only additions, or only removals), what each source's watcher last saw and did, and the
-- events operators and subscribers are told of.

-- The watcher stages like a worker and, for a source that allows it, publishes a batch nothing in which waits for a
-- person: a role of its own, so that the workers (which run whatever is uploaded) still cannot publish.
DO $$
BEGIN
    CREATE ROLE clinicmap_watcher LOGIN NOINHERIT;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;

-- A document fetched from a notice: the notice, the attachment (or the notice itself for a table in the page)
-- and when it was fetched. The sha256 stays the document's identity.
ALTER TABLE source_documents
    ADD COLUMN notice_url text CHECK (char_length(notice_url) <= 2000),
    ADD COLUMN attachment_url text CHECK (char_length(attachment_url) <= 2000),
    ADD COLUMN fetched_at timestamptz,
    ADD COLUMN watched_source text CHECK (char_length(watched_source) <= 100);

-- full: the list is the whole truth for its scope (clinics it no longer names are proposed as closed);
-- additions: it proposes no closures; removals: it proposes closing exactly the clinics it names.
ALTER TABLE import_batches
    ADD COLUMN mode text NOT NULL DEFAULT 'full' CHECK (mode IN ('full', 'additions', 'removals')),
    ADD COLUMN mode_reason text CHECK (char_length(mode_reason) <= 500);

-- One row per watched source: how its last poll went.
CREATE TABLE watched_sources (
    name            text PRIMARY KEY CHECK (name ~ '^[a-z0-9][a-z0-9._-]{0,99}$'),
    jurisdiction    text NOT NULL CHECK (jurisdiction ~ '^([0-9]{2}){0,3}$'),
    last_poll_at    timestamptz,
    last_change_at  timestamptz,
    last_error_at   timestamptz,
    last_error      text CHECK (char_length(last_error) <= 1000),
    polls           integer NOT NULL DEFAULT 0
);

-- What was last fetched from each URL: its validators for a conditional request and the sha256 of its body.
CREATE TABLE watched_urls (
    source          text NOT NULL REFERENCES watched_sources (name),
    url             text NOT NULL CHECK (char_length(url) <= 2000),
    etag            text CHECK (char_length(etag) <= 500),
    last_modified   text CHECK (char_length(last_modified) <= 100),
    sha256          text CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    fetched_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (source, url)
);

-- Notices found on a source's index pages; a notice whose page changes is read again.
CREATE TABLE watched_notices (
    source          text NOT NULL REFERENCES watched_sources (name),
    url             text NOT NULL CHECK (char_length(url) <= 2000),
    title           text NOT NULL CHECK (char_length(title) <= 500),
    published_on    date,
    sha256          text CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    first_seen_at   timestamptz NOT NULL DEFAULT now(),
    changed_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (source, url)
);

-- What the watchers did that a person should know: a batch staged (or published), a document already imported,
-- an error. GET /api/v1/sources/events reads it; source.batch deliveries are fanned out from it.
CREATE TABLE source_events (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source          text NOT NULL REFERENCES watched_sources (name),
    jurisdiction    text NOT NULL CHECK (jurisdiction ~ '^([0-9]{2}){0,3}$'),
    at              timestamptz NOT NULL DEFAULT now(),
    kind            text NOT NULL CHECK (kind IN ('batch', 'duplicate', 'error')),
    notice_url      text CHECK (char_length(notice_url) <= 2000),
    url             text CHECK (char_length(url) <= 2000),
    message         text NOT NULL CHECK (char_length(message) <= 1000),
    batch_id        bigint REFERENCES import_batches (id),
    mode            text CHECK (mode IN ('full', 'additions', 'removals')),
    published_in    integer REFERENCES dataset_versions (version)
);
CREATE INDEX source_events_source ON source_events (source, id DESC);

-- Subscribers may ask to hear of new batches from watched sources.
ALTER TABLE subscribers DROP CONSTRAINT subscribers_events_check;
ALTER TABLE subscribers ADD CONSTRAINT subscribers_events_check
    CHECK (cardinality(events) >= 1 AND events <@ ARRAY['dataset.published', 'clinic.status', 'source.batch']);
ALTER TABLE webhook_deliveries DROP CONSTRAINT webhook_deliveries_event_check;
ALTER TABLE webhook_deliveries ADD CONSTRAINT webhook_deliveries_event_check CHECK (event IN ('dataset.published', 'clinic.status', 'source.batch'));
ALTER TABLE webhook_cursor ADD COLUMN last_source_event bigint NOT NULL DEFAULT 0;

-- Partners subscribe to changes instead of polling: a subscriber is a URL, a secret to sign with, a scope (an
-- admin-code prefix) and the events it wants. The worker fans each published version and each status report out
-- into deliveries (the cursor says how far it has gone) and sends them, retrying with backoff, then dead-lettering.
CREATE TABLE subscribers (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text NOT NULL CHECK (name <> '' AND char_length(name) <= 200),
    url         text NOT NULL CHECK (url ~ '^https?://[^\s]+$' AND char_length(url) <= 2000),
    secret      text NOT NULL CHECK (char_length(secret) >= 32),
    scope       text NOT NULL CHECK (scope ~ '^([0-9]{2}){0,3}$'),
    events      text[] NOT NULL CHECK (cardinality(events) >= 1 AND events <@ ARRAY['dataset.published', 'clinic.status']),
    created_at  timestamptz NOT NULL DEFAULT now(),
    created_by  text NOT NULL,
    revoked_at  timestamptz
);

CREATE TABLE webhook_deliveries (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subscriber_id    bigint NOT NULL REFERENCES subscribers (id),
    event            text NOT NULL CHECK (event IN ('dataset.published', 'clinic.status')),
    idempotency_key  uuid NOT NULL UNIQUE,
    body             text NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    state            text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'dead')),
    attempts         integer NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    last_status      integer,
    last_error       text,
    finished_at      timestamptz
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE state = 'pending';
CREATE INDEX webhook_deliveries_subscriber ON webhook_deliveries (subscriber_id, id DESC);

-- How far the fan-out has gone: the last version and the last status report turned into deliveries.
CREATE TABLE webhook_cursor (
    singleton        boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    last_version     integer NOT NULL,
    last_status_seq  bigint NOT NULL
);
-- Subscriptions start from now: what was published before the first subscriber is not replayed.
INSERT INTO webhook_cursor (last_version, last_status_seq)
SELECT coalesce((SELECT version FROM dataset_current), 0), coalesce((SELECT max(seq) FROM clinic_status_reports), 0);

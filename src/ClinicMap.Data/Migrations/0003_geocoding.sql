-- Geocoding: county boundaries for the point-in-county check, the providers' response cache, and the known-place
-- memory of locations operators confirmed.

-- A county's (or a county-less city's, such as 东莞) boundary in WGS-84, loaded from the gazetteer's
-- boundaries.tsv.gz by `clinicmap-import migrate`. gazetteer_loads records which file content is loaded.
CREATE TABLE division_boundaries (
    code    text PRIMARY KEY CHECK (code ~ '^[0-9]{6}$'),
    geom    geometry(MultiPolygon, 4326) NOT NULL
);
CREATE INDEX division_boundaries_geom ON division_boundaries USING gist (geom);

CREATE TABLE gazetteer_loads (
    what       text PRIMARY KEY,
    sha256     text NOT NULL,
    rows       integer NOT NULL,
    loaded_at  timestamptz NOT NULL DEFAULT now()
);

-- Each provider's raw answer to one normalised query, kept so that a second import asks nobody. The body is
-- stored as received; the client parses it again on a hit, so a parser fix applies to cached answers too.
CREATE TABLE geocode_cache (
    provider    text NOT NULL,
    query_key   text NOT NULL,
    status      integer NOT NULL,
    body        text NOT NULL,
    fetched_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (provider, query_key)
);

-- Locations an operator confirmed for a clinic, matched by admin code and normalised name on later imports.
CREATE TABLE known_places (
    admin_code          text NOT NULL CHECK (admin_code ~ '^[0-9]{6}$'),
    name_key            text NOT NULL CHECK (name_key <> ''),
    location            geography(Point, 4326) NOT NULL,
    location_crs_in     text NOT NULL CHECK (location_crs_in IN ('wgs84', 'gcj02', 'bd09')),
    location_precision  text NOT NULL CHECK (location_precision IN ('exact', 'poi', 'street')),
    confirmed_by        text NOT NULL,
    confirmed_at        timestamptz NOT NULL DEFAULT now(),
    note                text,
    PRIMARY KEY (admin_code, name_key)
);

-- The location source's own words for its precision (a provider's level and confidence), beside location_method.
ALTER TABLE import_rows ADD COLUMN location_detail text;

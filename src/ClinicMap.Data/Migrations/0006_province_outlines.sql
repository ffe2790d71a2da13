-- Each province's outline for maps drawn without a basemap: the union of its county boundaries, holes and parts
-- under ~50 km² dropped, simplified to ~3 km (about 130 KB of GeoJSON for the country). Filled by BoundaryStore
-- whenever the county boundaries are loaded; a database whose boundaries predate this table is filled by the
-- next `clinicmap-import migrate`.
CREATE TABLE province_outlines (
    code    text PRIMARY KEY CHECK (code ~ '^[0-9]{2}0000$'),
    geom    geometry(MultiPolygon, 4326) NOT NULL
);

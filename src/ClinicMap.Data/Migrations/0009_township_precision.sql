-- A clinic placed at the centre of the township (乡, 镇, 街道) its address names: coarser than a street, finer than
-- its county. Rows and published clinics may carry it; known places stay street-precise or better.
ALTER TABLE import_rows DROP CONSTRAINT import_rows_location_precision_check;
ALTER TABLE import_rows ADD CONSTRAINT import_rows_location_precision_check
    CHECK (location_precision IN ('exact', 'poi', 'street', 'township', 'district', 'city'));
ALTER TABLE dataset_clinics DROP CONSTRAINT dataset_clinics_location_precision_check;
ALTER TABLE dataset_clinics ADD CONSTRAINT dataset_clinics_location_precision_check
    CHECK (location_precision IN ('exact', 'poi', 'street', 'township', 'district', 'city'));

-- Live status reported by the hospitals themselves: an overlay on the published dataset, not a new version.
-- A reporter key is scoped to the clinics it names (clinic_ids), not to a jurisdiction.
ALTER TABLE api_keys DROP CONSTRAINT api_keys_role_check;
ALTER TABLE api_keys ADD CONSTRAINT api_keys_role_check CHECK (role IN ('reporter', 'operator', 'publisher', 'admin'));
ALTER TABLE api_keys ADD COLUMN clinic_ids uuid[] NOT NULL DEFAULT '{}';
ALTER TABLE api_keys ADD CONSTRAINT api_keys_reporter_has_clinics CHECK ((role = 'reporter') = (cardinality(clinic_ids) > 0));

-- Every report, in order: the change feed (GET /api/v1/status/changes?since=seq) and the history of who said what.
CREATE TABLE clinic_status_reports (
    seq             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    clinic_id       uuid NOT NULL REFERENCES clinics (id),
    state           text NOT NULL CHECK (state IN ('open', 'suspended', 'full', 'closed-today')),
    wait_minutes    integer CHECK (wait_minutes BETWEEN 0 AND 1440),
    beds_available  integer CHECK (beds_available >= 0),
    beds_total      integer CHECK (beds_total >= 0),
    note            text CHECK (char_length(note) <= 200),
    reported_at     timestamptz NOT NULL DEFAULT now(),
    valid_until     timestamptz NOT NULL,
    reported_by     text NOT NULL,
    CONSTRAINT clinic_status_beds CHECK (beds_available IS NULL OR beds_total IS NULL OR beds_available <= beds_total),
    CONSTRAINT clinic_status_validity CHECK (valid_until > reported_at AND valid_until <= reported_at + interval '24 hours')
);
CREATE INDEX clinic_status_reports_clinic ON clinic_status_reports (clinic_id, seq DESC);
CREATE TRIGGER clinic_status_reports_immutable BEFORE UPDATE OR DELETE ON clinic_status_reports
    FOR EACH ROW EXECUTE FUNCTION forbid_change();

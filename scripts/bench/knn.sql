-- pgbench: the raw PostGIS KNN query alone, k = 10, at one of the same 10,000 points (table bench_points, column g),
-- on the current version. The point and the version are scalar subqueries (InitPlans): constants to the planner,
-- so the GiST index on (version, location) drives the order, as a client's literal point would.
\set i random(1, 10000)
SELECT c.clinic_id, ST_Distance(c.location, (SELECT g FROM bench_points WHERE i = :i))
FROM dataset_clinics c
WHERE c.version = (SELECT version FROM dataset_current)
ORDER BY c.location <-> (SELECT g FROM bench_points WHERE i = :i)
LIMIT 10;

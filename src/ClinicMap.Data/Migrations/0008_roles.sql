-- Least privilege. Migrations run as the owner connection (the cluster's superuser on a development machine, the
-- DBA's owner role in production); the API and the workers connect as roles of their own that read and write
-- rows but change no schema. Roles belong to the cluster, so they are created once and shared by its databases;
-- the privileges of each database are granted by privileges.sql, applied after every migration run.
DO $$
BEGIN
    CREATE ROLE clinicmap_api LOGIN NOINHERIT;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;
DO $$
BEGIN
    CREATE ROLE clinicmap_worker LOGIN NOINHERIT;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;

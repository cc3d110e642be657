-- Substring search on Chinese and English names. pg_trgm ships with PostgreSQL's contrib modules;
-- where it is missing the search still works, only without the index.
DO $$
BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
    CREATE INDEX IF NOT EXISTS ix_cv_enterprises_name_trgm ON cv_enterprises USING gin (name gin_trgm_ops);
    CREATE INDEX IF NOT EXISTS ix_cv_enterprises_name_en_trgm ON cv_enterprises USING gin (lower(name_en) gin_trgm_ops);
EXCEPTION
    WHEN undefined_file OR insufficient_privilege THEN
        RAISE NOTICE 'pg_trgm is not available; name search runs without an index';
END
$$;

-- Imports run in the background: a row is written when one starts (state running, with its row count) and
-- its progress and heartbeat kept up to date until it is done; the records it created are kept with the
-- version each was left at, so that a revert can tell whether anything changed them since.
ALTER TABLE cv_imports ADD COLUMN IF NOT EXISTS state text NOT NULL DEFAULT 'done';
ALTER TABLE cv_imports ADD COLUMN IF NOT EXISTS total integer NOT NULL DEFAULT 0;
ALTER TABLE cv_imports ADD COLUMN IF NOT EXISTS processed integer NOT NULL DEFAULT 0;
ALTER TABLE cv_imports ADD COLUMN IF NOT EXISTS heartbeat_at timestamptz NULL;
ALTER TABLE cv_imports ADD COLUMN IF NOT EXISTS created_records jsonb NOT NULL DEFAULT '[]';
ALTER TABLE cv_imports ADD COLUMN IF NOT EXISTS reverted_at timestamptz NULL;
ALTER TABLE cv_imports ADD COLUMN IF NOT EXISTS reverted_by text NULL;
ALTER TABLE cv_imports ALTER COLUMN finished_at DROP NOT NULL;
CREATE INDEX IF NOT EXISTS ix_cv_imports_kind ON cv_imports (kind, started_at DESC);

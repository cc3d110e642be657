-- A tier recognition recorded by mistake is voided, never deleted: it stays in the history and counts nowhere.
ALTER TABLE cv_tier_recognitions ADD COLUMN IF NOT EXISTS voided_at timestamptz NULL;

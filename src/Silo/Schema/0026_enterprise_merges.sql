-- Merging a duplicate enterprise record into the surviving one: relations that named the duplicate are
-- carried over to the survivor; the old rows stay (their history with them) but count nowhere.
ALTER TABLE cv_relations ADD COLUMN IF NOT EXISTS merged_at timestamptz NULL;
ALTER TABLE cv_relations ADD COLUMN IF NOT EXISTS merged_into text NULL;

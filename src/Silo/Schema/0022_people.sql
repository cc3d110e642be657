-- The people who own work (a lead's 招商 staff member): a person outlives the tokens they use, so
-- revoking a token and minting a new one for the same person keeps their leads theirs.
CREATE TABLE IF NOT EXISTS cv_people
(
    person_id  text        NOT NULL PRIMARY KEY,
    name       text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE cv_api_tokens ADD COLUMN IF NOT EXISTS person_id text NULL REFERENCES cv_people (person_id);

-- Every staff or admin token so far stood for one person, whose id is the token's: the leads it owns keep their owner.
INSERT INTO cv_people (person_id, name, created_at)
SELECT id::text, label, created_at FROM cv_api_tokens WHERE role IN ('staff', 'admin')
ON CONFLICT (person_id) DO NOTHING;
UPDATE cv_api_tokens SET person_id = id::text WHERE role IN ('staff', 'admin') AND person_id IS NULL;

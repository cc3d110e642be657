-- Funding entries are never deleted: a voided entry (by mistake, or replaced by a correction) stays
-- with its reason and stops counting; a grant recorded where no cap policy was in force says so.
ALTER TABLE cv_funding
    ADD COLUMN IF NOT EXISTS uncapped    boolean     NOT NULL DEFAULT false,
    ADD COLUMN IF NOT EXISTS voided_at   timestamptz NULL,
    ADD COLUMN IF NOT EXISTS void_reason text        NULL,
    ADD COLUMN IF NOT EXISTS replaced_by text        NULL;

-- Enterprises' proposed changes awaiting review (maker-checker): the proposal grains' read rows, for the review queue.
CREATE TABLE IF NOT EXISTS cv_proposals (
    proposal_id text PRIMARY KEY,
    credit_code text NOT NULL,
    state text NOT NULL,
    fields jsonb NOT NULL,
    comment text NULL,
    proposed_by text NOT NULL,
    proposed_at timestamptz NOT NULL,
    base_version integer NOT NULL,
    reviewed_by text NULL,
    reviewed_at timestamptz NULL,
    review_comment text NULL,
    version integer NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_cv_proposals_queue ON cv_proposals (state, proposed_at);
CREATE INDEX IF NOT EXISTS ix_cv_proposals_enterprise ON cv_proposals (credit_code, proposed_at DESC);

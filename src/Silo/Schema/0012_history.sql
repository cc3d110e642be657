-- Dated history the cluster picture reads "as of" a date.

-- Every tier recognition of every enterprise.
CREATE TABLE cv_tier_recognitions
(
    credit_code     char(18)    NOT NULL,
    seq             integer     NOT NULL,
    tier            text        NOT NULL,
    tier_rank       integer     NOT NULL,
    recognized_on   date        NOT NULL,
    valid_until     date        NULL,
    recorded_at     timestamptz NOT NULL,
    PRIMARY KEY (credit_code, seq)
);
CREATE INDEX ix_cv_tier_recognitions_date ON cv_tier_recognitions (recognized_on);

-- A lead's status over time (active, delayed, dormant, lost, won).
CREATE TABLE cv_lead_statuses
(
    lead_id  text    NOT NULL,
    seq      integer NOT NULL,
    status   text    NOT NULL,
    since    date    NOT NULL,
    PRIMARY KEY (lead_id, seq)
);

-- A terminated lease keeps its original end, so occupancy before the termination stays right.
ALTER TABLE cv_leases ADD COLUMN original_ends_on date NULL;
UPDATE cv_leases SET original_ends_on = ends_on WHERE original_ends_on IS NULL;

CREATE INDEX ix_cv_enterprises_registered ON cv_enterprises (registered_at);
CREATE INDEX ix_cv_product_stages_date ON cv_product_stages (entered_on);

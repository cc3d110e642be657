-- An enterprise's life in the cluster: active, moved out (迁出) or deregistered (注销), dated, so the
-- picture can count what was active on any day. Nothing is deleted.
ALTER TABLE cv_enterprises
    ADD COLUMN IF NOT EXISTS status       text NOT NULL DEFAULT 'active',
    ADD COLUMN IF NOT EXISTS status_since date NULL;

CREATE TABLE IF NOT EXISTS cv_enterprise_statuses
(
    credit_code text NOT NULL,
    seq         integer NOT NULL,
    status      text NOT NULL,
    since       date NOT NULL,
    destination text NULL,
    PRIMARY KEY (credit_code, seq)
);

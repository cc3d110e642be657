-- Investment-promotion leads and their dated stage history.
CREATE TABLE cv_leads
(
    lead_id                    text           NOT NULL PRIMARY KEY,
    company                    text           NOT NULL,
    credit_code                char(18)       NULL,
    segment                    text           NOT NULL,
    chain_link                 text           NULL,
    source                     text           NOT NULL,
    owner_id                   text           NOT NULL,
    owner_name                 text           NOT NULL,
    estimated_investment_yuan  numeric(18, 2) NULL,
    estimated_jobs             integer        NULL,
    space_area_sqm             numeric(12, 2) NULL,
    space_fit_out              jsonb          NULL,
    preferred_park_id          text           NULL,
    likelihood                 numeric(5, 4)  NULL,
    estimated_landing          date           NULL,
    next_follow_up             date           NULL,
    stage                      text           NOT NULL,
    stage_rank                 integer        NOT NULL,
    stage_since                date           NOT NULL,
    status                     text           NOT NULL,
    status_reason              text           NULL,
    lost_to                    text           NULL,
    landed_code                char(18)       NULL,
    landed_lease_id            text           NULL,
    version                    integer        NOT NULL,
    created_at                 timestamptz    NOT NULL,
    updated_at                 timestamptz    NOT NULL
);
CREATE INDEX ix_cv_leads_views ON cv_leads (status, stage, owner_id, segment);
CREATE INDEX ix_cv_leads_follow_up ON cv_leads (next_follow_up) WHERE status IN ('active', 'delayed');

CREATE TABLE cv_lead_stages
(
    lead_id     text    NOT NULL,
    seq         integer NOT NULL,
    stage       text    NOT NULL,
    stage_rank  integer NOT NULL,
    since       date    NOT NULL,
    PRIMARY KEY (lead_id, seq)
);

ALTER TABLE cv_enterprises ADD COLUMN lead_id text NULL;

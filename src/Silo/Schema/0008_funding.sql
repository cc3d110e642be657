-- Funding entries (equity rounds, loans, grants), projected from their enterprise's grain.
CREATE TABLE cv_funding
(
    funding_id      text          NOT NULL PRIMARY KEY,
    credit_code     char(18)      NOT NULL,
    kind            text          NOT NULL,
    source          text          NOT NULL,
    funded_on       date          NOT NULL,
    date_precision  text          NOT NULL,
    amount          numeric(20, 2) NOT NULL,
    currency        char(3)       NOT NULL,
    round_type      text          NULL,
    investors       jsonb         NOT NULL,
    lead_investor   text          NULL,
    lender          text          NULL,
    category        text          NULL,
    product_id      text          NULL,
    grantor         text          NULL,
    policy_version  text          NULL,
    recorded_at     timestamptz   NOT NULL
);
CREATE INDEX ix_cv_funding_enterprise ON cv_funding (credit_code);
CREATE INDEX ix_cv_funding_year_source ON cv_funding (funded_on, source);

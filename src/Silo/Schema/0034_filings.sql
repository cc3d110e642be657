-- Annual data filing (年度数据填报): a campaign for a year with a deadline, the enterprises in its scope fixed when it opens;
-- each files its yearly figures (as a proposal staff review) or confirms them unchanged.
CREATE TABLE IF NOT EXISTS cv_filings (
    filing_id text PRIMARY KEY,
    title text NOT NULL,
    year integer NOT NULL,
    deadline date NOT NULL,
    scope jsonb NOT NULL,
    created_by text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS cv_filing_targets (
    filing_id text NOT NULL REFERENCES cv_filings (filing_id),
    credit_code text NOT NULL,
    filed_at timestamptz NULL,
    filed_by text NULL,
    proposal_id text NULL,
    reminded_at timestamptz NULL,
    PRIMARY KEY (filing_id, credit_code)
);
CREATE INDEX IF NOT EXISTS ix_cv_filing_targets_code ON cv_filing_targets (credit_code);

-- The action plans as work. Plans created after the embedded 2021 plan are kept whole (their task breakdown as JSON);
-- each item's quarterly progress reports are the plan-item grains' read rows, one per item and quarter reported.
CREATE TABLE IF NOT EXISTS cv_plans (
    plan_id text PRIMARY KEY,
    definition jsonb NOT NULL,
    created_by text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS cv_plan_reports (
    plan_id text NOT NULL,
    item integer NOT NULL,
    quarter text NOT NULL,
    department text NOT NULL,
    status text NOT NULL,
    reason text NULL,
    percent integer NULL,
    milestone text NULL,
    narrative text NOT NULL,
    evidence jsonb NOT NULL DEFAULT '[]',
    state text NOT NULL,
    submitted_by text NOT NULL,
    submitted_at timestamptz NOT NULL,
    first_submitted_at timestamptz NOT NULL,
    submissions integer NOT NULL,
    reviewed_by text NULL,
    reviewed_at timestamptz NULL,
    review_comment text NULL,
    version integer NOT NULL,
    PRIMARY KEY (plan_id, item, quarter)
);
CREATE INDEX IF NOT EXISTS ix_cv_plan_reports_quarter ON cv_plan_reports (plan_id, quarter, state);

-- Tokens may be bound to a department (the department role).
ALTER TABLE cv_api_tokens DROP CONSTRAINT IF EXISTS cv_api_tokens_role_check;
ALTER TABLE cv_api_tokens DROP CONSTRAINT IF EXISTS cv_api_tokens_check;
ALTER TABLE cv_api_tokens DROP CONSTRAINT IF EXISTS cv_api_tokens_scope_check;
ALTER TABLE cv_api_tokens ADD CONSTRAINT cv_api_tokens_role_check
    CHECK (role IN ('admin', 'staff', 'enterprise', 'park-operator', 'viewer', 'department'));
ALTER TABLE cv_api_tokens ADD CONSTRAINT cv_api_tokens_scope_check
    CHECK ((role IN ('enterprise', 'park-operator', 'department')) = (scope IS NOT NULL));

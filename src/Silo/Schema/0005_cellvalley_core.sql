-- The event log: every committed change of every entity, attributed and ordered per entity.
-- Grains write here idempotently from their outbox: (entity_type, entity_id, seq) is the key.
CREATE TABLE cv_events
(
    id          bigserial   NOT NULL UNIQUE,
    entity_type text        NOT NULL,
    entity_id   text        NOT NULL,
    seq         integer     NOT NULL CHECK (seq > 0),
    event_type  text        NOT NULL,
    actor       text        NOT NULL,
    actor_role  text        NOT NULL,
    occurred_at timestamptz NOT NULL,
    changes     jsonb       NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (entity_type, entity_id, seq)
);

CREATE INDEX ix_cv_events_occurred ON cv_events (occurred_at);

-- Read table for enterprises: one row per registered enterprise, projected from grain state.
-- Lists, search and aggregates read this table; they never call grains.
CREATE TABLE cv_enterprises
(
    credit_code     char(18)    NOT NULL PRIMARY KEY,
    name            text        NOT NULL,
    name_en         text        NULL,
    segments        text[]      NOT NULL,
    founded_on      date        NULL,
    district        text        NULL,
    headcount       integer     NULL,
    revenue_yuan    numeric(18, 2) NULL,
    rd_spend_yuan   numeric(18, 2) NULL,
    financial_year  integer     NULL,
    tier            text        NOT NULL,
    tier_since      date        NULL,
    tier_valid_until date       NULL,
    version         integer     NOT NULL,
    registered_at   timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);

CREATE INDEX ix_cv_enterprises_segments ON cv_enterprises USING gin (segments);
CREATE INDEX ix_cv_enterprises_tier ON cv_enterprises (tier);
CREATE INDEX ix_cv_enterprises_district ON cv_enterprises (district);
CREATE INDEX ix_cv_enterprises_name ON cv_enterprises (name);

-- API bearer tokens. Only a SHA-256 hash of the secret is kept.
CREATE TABLE cv_api_tokens
(
    id          uuid        NOT NULL PRIMARY KEY,
    token_hash  bytea       NOT NULL UNIQUE,
    role        text        NOT NULL CHECK (role IN ('admin', 'staff', 'enterprise', 'park-operator', 'viewer')),
    scope       text        NULL,
    label       text        NOT NULL,
    created_by  text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz NULL,
    CHECK ((role IN ('enterprise', 'park-operator')) = (scope IS NOT NULL))
);

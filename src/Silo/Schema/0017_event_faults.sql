-- Events whose write to the log or read tables PostgreSQL refused for good (bad data, a broken
-- constraint): they are kept here, the entity's later events go through, and the fault counts as
-- open until a later change of the same entity is projected successfully.
CREATE TABLE cv_event_faults
(
    id          bigserial   PRIMARY KEY,
    entity_type text        NOT NULL,
    entity_id   text        NOT NULL,
    first_seq   integer     NOT NULL,
    last_seq    integer     NOT NULL,
    sql_state   text        NOT NULL,
    message     text        NOT NULL,
    -- The events as JSON text (NUL characters replaced), also when the log could not take them.
    events      text        NOT NULL,
    logged      boolean     NOT NULL,
    occurred_at timestamptz NOT NULL DEFAULT now(),
    resolved_at timestamptz NULL
);

CREATE INDEX ix_cv_event_faults_open ON cv_event_faults (entity_type, entity_id) WHERE resolved_at IS NULL;

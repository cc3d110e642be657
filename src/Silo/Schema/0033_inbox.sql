-- The 待办 inbox: what needs each person, computed on a schedule (an Orleans reminder), each item once (its key), dismissable,
-- linked to the record; and a daily digest per recipient, shown on sign-in.
CREATE TABLE IF NOT EXISTS cv_inbox (
    item_key text PRIMARY KEY,
    recipient text NOT NULL,
    kind text NOT NULL,
    title text NOT NULL,
    link text NOT NULL,
    due_on date NULL,
    created_on date NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    dismissed_at timestamptz NULL,
    dismissed_by text NULL
);
CREATE INDEX IF NOT EXISTS ix_cv_inbox_recipient ON cv_inbox (recipient, created_on DESC) WHERE dismissed_at IS NULL;

CREATE TABLE IF NOT EXISTS cv_inbox_digests (
    recipient text NOT NULL,
    day date NOT NULL,
    open_items integer NOT NULL,
    new_items integer NOT NULL,
    by_kind jsonb NOT NULL,
    PRIMARY KEY (recipient, day)
);

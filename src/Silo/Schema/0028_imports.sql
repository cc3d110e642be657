-- Every committed import: who, when, which file (name and SHA-256), in which mode, what it did, and the
-- records it created (so that an import can be reviewed, and its creations found, as a whole).
CREATE TABLE IF NOT EXISTS cv_imports
(
    import_id     text        NOT NULL PRIMARY KEY,
    kind          text        NOT NULL,
    mode          text        NOT NULL,
    file_name     text        NOT NULL,
    sha256        text        NOT NULL,
    actor         text        NOT NULL,
    started_at    timestamptz NOT NULL,
    finished_at   timestamptz NOT NULL,
    created       integer     NOT NULL,
    updated       integer     NOT NULL,
    unchanged     integer     NOT NULL,
    refused       integer     NOT NULL,
    created_keys  text[]      NOT NULL,
    report        jsonb       NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_cv_imports_started ON cv_imports (started_at DESC);

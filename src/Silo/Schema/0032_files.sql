-- Evidence files (a recognition notice, a clinical approval 批件, a lease contract, a grant agreement …), kept in the database
-- beside the facts they support: one backup, one durability promise (committed = kept), one place to enforce who may read them.
CREATE TABLE IF NOT EXISTS cv_files (
    file_id text PRIMARY KEY,
    attached_kind text NOT NULL,
    attached_ref text NOT NULL,
    owner_code text NULL,
    owner_park text NULL,
    name text NOT NULL,
    content_type text NOT NULL,
    size_bytes integer NOT NULL,
    sha256 text NOT NULL,
    content bytea NOT NULL,
    note text NULL,
    uploaded_by text NOT NULL,
    uploaded_role text NOT NULL,
    uploaded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS ix_cv_files_attached ON cv_files (attached_kind, attached_ref, uploaded_at);

-- Every upload and download, attributed.
CREATE TABLE IF NOT EXISTS cv_file_events (
    file_id text NOT NULL,
    seq bigserial,
    action text NOT NULL,
    actor text NOT NULL,
    role text NOT NULL,
    occurred_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (file_id, seq)
);

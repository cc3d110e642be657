-- The key ring that signs session cookies and antiforgery tokens, shared by every silo of the cluster.
CREATE TABLE IF NOT EXISTS cv_dataprotection_keys (
    name text PRIMARY KEY,
    xml text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

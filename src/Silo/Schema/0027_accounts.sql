-- People's accounts for the console: a username and a password (PBKDF2 hash from ASP.NET Core's
-- PasswordHasher), a role and, for enterprise and park-operator accounts, the one entity they act for.
-- Staff and admin accounts stand for a person (cv_people), who owns leads. Nothing is deleted: an
-- account is disabled. security_stamp changes whenever a password changes or the account is disabled,
-- which ends every session signed in before.
CREATE TABLE IF NOT EXISTS cv_accounts
(
    account_id           text        NOT NULL PRIMARY KEY,
    username             text        NOT NULL UNIQUE,
    display_name         text        NOT NULL,
    role                 text        NOT NULL,
    scope                text        NULL,
    person_id            text        NULL REFERENCES cv_people (person_id),
    password_hash        text        NOT NULL,
    must_change_password boolean     NOT NULL DEFAULT false,
    failed_attempts      integer     NOT NULL DEFAULT 0,
    locked_until         timestamptz NULL,
    disabled_at          timestamptz NULL,
    security_stamp       text        NOT NULL,
    created_by           text        NOT NULL,
    created_at           timestamptz NOT NULL DEFAULT now(),
    password_changed_at  timestamptz NOT NULL DEFAULT now(),
    last_sign_in_at      timestamptz NULL
);

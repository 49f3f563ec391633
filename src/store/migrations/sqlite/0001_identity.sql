-- SPDX-License-Identifier: Apache-2.0
-- Identity and access: organisations, users, memberships, sessions, tokens, API keys, lockout, audit, outbox.
-- Times are UTC text "YYYY-MM-DDTHH:MM:SS.mmmZ" (text order is time order). IDs are UUIDv7 text.
-- Booleans are INTEGER 0/1 in both dialects so repositories bind them the same way.

CREATE TABLE organizations (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE UNIQUE INDEX organizations_name_key ON organizations (lower(name));

CREATE TABLE users (
    id                   TEXT PRIMARY KEY,
    email                TEXT NOT NULL UNIQUE,          -- lower-cased
    display_name         TEXT NOT NULL DEFAULT '',
    password_hash        TEXT NOT NULL,                 -- argon2id
    email_verified       INTEGER NOT NULL DEFAULT 0,
    active               INTEGER NOT NULL DEFAULT 1,
    totp_secret          TEXT,                          -- sealed with the data-dir secret key
    totp_enabled         INTEGER NOT NULL DEFAULT 0,
    totp_last_step       BIGINT NOT NULL DEFAULT 0,     -- last accepted TOTP time step (replay guard)
    password_changed_at  TEXT NOT NULL,
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL
);

CREATE TABLE memberships (
    org_id      TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role        TEXT NOT NULL CHECK (role IN ('admin', 'analyst', 'operator', 'viewer')),
    created_at  TEXT NOT NULL,
    PRIMARY KEY (org_id, user_id)
);
CREATE INDEX memberships_user ON memberships (user_id);

-- A login session; its id is the refresh-token family.
CREATE TABLE sessions (
    id             TEXT PRIMARY KEY,
    user_id        TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    org_id         TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    created_at     TEXT NOT NULL,
    expires_at     TEXT NOT NULL,
    revoked_at     TEXT,
    revoke_reason  TEXT,
    client_ip      TEXT NOT NULL DEFAULT '',
    user_agent     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE refresh_tokens (
    id          TEXT PRIMARY KEY,
    session_id  TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    token_hash  TEXT NOT NULL UNIQUE,                  -- SHA-256 of the opaque token
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    used_at     TEXT
);
CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id);

CREATE TABLE api_keys (
    id            TEXT PRIMARY KEY,
    org_id        TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    created_by    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    prefix        TEXT NOT NULL,                       -- first characters, to recognise a key in lists
    key_hash      TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'analyst', 'operator', 'viewer')),
    created_at    TEXT NOT NULL,
    expires_at    TEXT,
    last_used_at  TEXT,
    revoked_at    TEXT
);
CREATE INDEX api_keys_org ON api_keys (org_id);

-- Single-use e-mail tokens: verification (24 h) and password reset (1 h).
CREATE TABLE email_tokens (
    id          TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose     TEXT NOT NULL CHECK (purpose IN ('verify_email', 'password_reset')),
    token_hash  TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    used_at     TEXT
);
CREATE INDEX email_tokens_user ON email_tokens (user_id, purpose);

CREATE TABLE invitations (
    id           TEXT PRIMARY KEY,
    org_id       TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    email        TEXT NOT NULL,
    role         TEXT NOT NULL CHECK (role IN ('admin', 'analyst', 'operator', 'viewer')),
    token_hash   TEXT NOT NULL UNIQUE,
    invited_by   TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    accepted_at  TEXT,
    revoked_at   TEXT
);
CREATE INDEX invitations_org ON invitations (org_id);

CREATE TABLE recovery_codes (
    id          TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash   TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    used_at     TEXT
);
CREATE INDEX recovery_codes_user ON recovery_codes (user_id);

-- Login attempts, kept in the database so lockout holds across nodes and restarts.
-- subject_kind 'account' (lower-cased e-mail, known or not) or 'ip'; outcome 'failure', 'success' or 'unlock'.
CREATE TABLE login_attempts (
    id            TEXT PRIMARY KEY,
    subject_kind  TEXT NOT NULL CHECK (subject_kind IN ('account', 'ip')),
    subject       TEXT NOT NULL,
    outcome       TEXT NOT NULL CHECK (outcome IN ('failure', 'success', 'unlock')),
    at            TEXT NOT NULL
);
CREATE INDEX login_attempts_subject ON login_attempts (subject_kind, subject, at);

-- Append-only, hash-chained: hash = SHA-256(prev_hash || canonical content). seq has no gaps.
CREATE TABLE audit_log (
    seq            BIGINT PRIMARY KEY,
    id             TEXT NOT NULL UNIQUE,
    at             TEXT NOT NULL,
    org_id         TEXT,
    actor_user_id  TEXT,
    actor_key_id   TEXT,
    actor_label    TEXT NOT NULL DEFAULT '',
    action         TEXT NOT NULL,
    object_type    TEXT NOT NULL DEFAULT '',
    object_id      TEXT NOT NULL DEFAULT '',
    client_ip      TEXT NOT NULL DEFAULT '',
    request_id     TEXT NOT NULL DEFAULT '',
    outcome        TEXT NOT NULL,
    summary        TEXT NOT NULL DEFAULT '',
    prev_hash      TEXT NOT NULL,
    hash           TEXT NOT NULL
);
CREATE INDEX audit_log_org ON audit_log (org_id, seq);

-- Mail waiting to be sent (or, with no SMTP configured, kept for admins to read).
CREATE TABLE outbox (
    id           TEXT PRIMARY KEY,
    org_id       TEXT REFERENCES organizations (id) ON DELETE CASCADE,
    to_address   TEXT NOT NULL,
    subject      TEXT NOT NULL,
    body         TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    sent_at      TEXT,
    attempts     INTEGER NOT NULL DEFAULT 0,
    lease_until  TEXT,
    last_error   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outbox_pending ON outbox (sent_at, created_at);
CREATE INDEX outbox_org ON outbox (org_id, created_at);

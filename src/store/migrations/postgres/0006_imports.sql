-- SPDX-License-Identifier: Apache-2.0
-- Imports of nmap XML and SARIF 2.1.0 files (src/imports): one row per uploaded file, run as an "import" job.
-- The upload itself is kept in the database (so a worker on any node can read it) as base64 text chunks of about
-- 1 MiB, deleted once the import has ended; the SHA-256 stays for idempotence. Times are UTC text
-- "YYYY-MM-DDTHH:MM:SS.mmmZ"; ids are UUIDv7 text.

CREATE TABLE imports (
    id              TEXT PRIMARY KEY,
    org_id          TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    kind            TEXT NOT NULL CHECK (kind IN ('nmap', 'sarif')),
    filename        TEXT NOT NULL DEFAULT '',
    sha256          TEXT NOT NULL,                 -- 64 hex digits of the uploaded bytes
    size_bytes      BIGINT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
    progress        INTEGER NOT NULL DEFAULT 0,    -- percent, 0..100
    hosts           INTEGER NOT NULL DEFAULT 0,
    services        INTEGER NOT NULL DEFAULT 0,
    results         INTEGER NOT NULL DEFAULT 0,
    new_findings    INTEGER NOT NULL DEFAULT 0,
    seen_again      INTEGER NOT NULL DEFAULT 0,
    assets_created  INTEGER NOT NULL DEFAULT 0,
    assets_updated  INTEGER NOT NULL DEFAULT 0,
    errors          INTEGER NOT NULL DEFAULT 0,    -- records skipped as unusable
    error           TEXT NOT NULL DEFAULT '',      -- why it failed
    created_by      TEXT REFERENCES users (id) ON DELETE SET NULL,
    job_id          TEXT,
    created_at      TEXT NOT NULL,
    started_at      TEXT,
    finished_at     TEXT,
    updated_at      TEXT NOT NULL
);
CREATE INDEX imports_org_id ON imports (org_id, id);
-- One live import per (organisation, kind, content): a second upload of the same bytes returns the first, unless
-- it failed.
CREATE UNIQUE INDEX imports_org_content ON imports (org_id, kind, sha256) WHERE state <> 'failed';
-- Reconciliation of imports whose job was never queued or ended without them.
CREATE INDEX imports_unended ON imports (state, id) WHERE state IN ('queued', 'running');

CREATE TABLE import_chunks (
    import_id  TEXT NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,                   -- 0, 1, 2, ... in file order
    data       TEXT NOT NULL,                      -- base64 (RFC 4648, padded) of the chunk's bytes
    PRIMARY KEY (import_id, seq)
);

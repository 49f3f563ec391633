-- SPDX-License-Identifier: Apache-2.0
-- Scans as a service: the organisation's scope, saved scan profiles, scans with their stored events and results,
-- and schedules. Times are UTC text "YYYY-MM-DDTHH:MM:SS.mmmZ"; JSON documents are TEXT.

-- The domains and CIDR ranges an organisation may scan (JSON arrays of normalised entries).
CREATE TABLE org_scopes (
    org_id      TEXT PRIMARY KEY REFERENCES organizations (id) ON DELETE CASCADE,
    domains     TEXT NOT NULL DEFAULT '[]',
    cidrs       TEXT NOT NULL DEFAULT '[]',
    updated_by  TEXT,
    updated_at  TEXT NOT NULL
);

-- Saved custom scan profiles (the built-in quick/standard/full are code, not rows).
CREATE TABLE scan_profiles (
    id           TEXT PRIMARY KEY,
    org_id       TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    modules      TEXT NOT NULL,              -- JSON array of module names
    options      TEXT NOT NULL DEFAULT '{}', -- JSON object (docs/scans.md "Scan options")
    created_by   TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE UNIQUE INDEX scan_profiles_name_key ON scan_profiles (org_id, lower(name));

CREATE TABLE scans (
    id                 TEXT PRIMARY KEY,     -- UUIDv7: id order is creation order
    org_id             TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    created_by         TEXT,                 -- user id; NULL for scheduled runs
    schedule_id        TEXT,
    profile            TEXT NOT NULL DEFAULT '',
    targets            TEXT NOT NULL,        -- JSON array of canonical target strings
    modules            TEXT NOT NULL,        -- JSON array, in run order
    options            TEXT NOT NULL DEFAULT '{}',
    state              TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed', 'cancelled')),
    job_id             TEXT,
    progress           DOUBLE PRECISION NOT NULL DEFAULT 0,   -- 0..1
    findings_count     INTEGER NOT NULL DEFAULT 0,
    complete           INTEGER NOT NULL DEFAULT 0,
    incomplete_reason  TEXT NOT NULL DEFAULT '',
    error              TEXT NOT NULL DEFAULT '',
    score              INTEGER,
    grade              TEXT,
    summary            TEXT NOT NULL DEFAULT '{}',  -- ingest summary: new, fixed, regressions...
    created_at         TEXT NOT NULL,
    started_at         TEXT,
    finished_at        TEXT,
    updated_at         TEXT NOT NULL
);
CREATE INDEX scans_org_id ON scans (org_id, id);
CREATE INDEX scans_org_state ON scans (org_id, state, id);
CREATE INDEX scans_state ON scans (state, id);

-- The contract JSON and SARIF of a finished (or cancelled) scan, kept apart from the hot scans rows.
CREATE TABLE scan_results (
    scan_id     TEXT PRIMARY KEY REFERENCES scans (id) ON DELETE CASCADE,
    report      TEXT NOT NULL,
    sarif       TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

-- Every event of a scan, in order: what a late WebSocket subscriber replays first.
CREATE TABLE scan_events (
    scan_id  TEXT NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
    seq      BIGINT NOT NULL,
    org_id   TEXT NOT NULL,
    type     TEXT NOT NULL,
    data     TEXT NOT NULL,
    at       TEXT NOT NULL,
    PRIMARY KEY (scan_id, seq)
);

-- A saved scan that runs on a 5-field cron expression in a time zone.
CREATE TABLE scan_schedules (
    id            TEXT PRIMARY KEY,
    org_id        TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    cron          TEXT NOT NULL,
    timezone      TEXT NOT NULL DEFAULT 'UTC',
    targets       TEXT NOT NULL,
    profile       TEXT NOT NULL DEFAULT '',
    modules       TEXT NOT NULL DEFAULT '[]',
    options       TEXT NOT NULL DEFAULT '{}',
    enabled       INTEGER NOT NULL DEFAULT 1,
    next_run_at   TEXT,
    last_run_at   TEXT,
    last_scan_id  TEXT,
    created_by    TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX scan_schedules_due ON scan_schedules (enabled, next_run_at);
CREATE INDEX scan_schedules_org ON scan_schedules (org_id, id);

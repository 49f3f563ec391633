-- SPDX-License-Identifier: Apache-2.0
-- Durable job queue (src/jobs): one row per job, claimed by workers under a lease.
-- Times are UTC text "YYYY-MM-DDTHH:MM:SS.mmmZ" (text order is time order), leases included. IDs are UUIDv7 text.
-- Booleans are INTEGER 0/1 in both dialects.

CREATE TABLE jobs (
    id                TEXT PRIMARY KEY,
    org_id            TEXT REFERENCES organizations (id) ON DELETE CASCADE,  -- NULL: a system job
    kind              TEXT NOT NULL,                                        -- handler table key: 'scan', ...
    state             TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed', 'cancelled')),
    priority          INTEGER NOT NULL DEFAULT 0,                           -- higher runs first
    payload           TEXT NOT NULL DEFAULT '{}',                           -- handler input (JSON)
    attempts          INTEGER NOT NULL DEFAULT 0,                           -- claims so far
    max_attempts      INTEGER NOT NULL DEFAULT 3 CHECK (max_attempts >= 1),
    lease_owner       TEXT,                                                 -- worker id of the last claim
    lease_expires_at  TEXT,                                                 -- set while running
    run_after         TEXT NOT NULL,                                        -- not claimed before this time
    cancel_requested  INTEGER NOT NULL DEFAULT 0,
    progress          DOUBLE PRECISION NOT NULL DEFAULT 0,                  -- 0..1
    error             TEXT NOT NULL DEFAULT '',
    result            TEXT NOT NULL DEFAULT '',                             -- handler output (JSON) when finished
    dedup_key         TEXT,
    created_at        TEXT NOT NULL,
    started_at        TEXT,                                                 -- start of the latest attempt
    finished_at       TEXT,
    updated_at        TEXT NOT NULL
);
-- Claim: the best queued job in (priority DESC, created_at, id) order.
CREATE INDEX jobs_queued ON jobs (priority DESC, created_at, id) WHERE state = 'queued';
-- Lease recovery and the running counts behind the limits.
CREATE INDEX jobs_running ON jobs (lease_expires_at) WHERE state = 'running';
CREATE INDEX jobs_running_org ON jobs (org_id) WHERE state = 'running';
CREATE INDEX jobs_org ON jobs (org_id, created_at);
CREATE INDEX jobs_finished ON jobs (finished_at) WHERE finished_at IS NOT NULL;
-- At most one unfinished job per (organisation, dedup key); system jobs share the '' organisation.
CREATE UNIQUE INDEX jobs_dedup ON jobs (COALESCE(org_id, ''), dedup_key)
    WHERE dedup_key IS NOT NULL AND state IN ('queued', 'running');

-- Event bodies too large for a PostgreSQL NOTIFY payload: the notification carries the id, listeners read the
-- body here. Rows are deleted after a few minutes by publishers. Unused on SQLite (events stay in-process).
CREATE TABLE event_payloads (
    id          TEXT PRIMARY KEY,
    created_at  TEXT NOT NULL,
    body        TEXT NOT NULL
);
CREATE INDEX event_payloads_created ON event_payloads (created_at);

-- SPDX-License-Identifier: Apache-2.0
-- Findings and assets: per-organisation findings deduplicated by fingerprint, their history and comments, which
-- scan saw which finding, the assets (CMDB) that scans discover or people enter, and the SLA policy.
-- Times are UTC text "YYYY-MM-DDTHH:MM:SS.mmmZ"; lists are JSON arrays in TEXT; booleans are INTEGER 0/1.
-- scan ids are text without a foreign key (scans live in another migration and may be deleted).

CREATE TABLE assets (
    id            TEXT PRIMARY KEY,
    org_id        TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    type          TEXT NOT NULL CHECK (type IN ('host', 'web', 'domain', 'other')),
    name          TEXT NOT NULL,                 -- unique per organisation: an address, a host name or a URL
    criticality   TEXT NOT NULL DEFAULT 'medium' CHECK (criticality IN ('low', 'medium', 'high', 'critical')),
    owner         TEXT NOT NULL DEFAULT '',
    environment   TEXT NOT NULL DEFAULT '',
    source        TEXT NOT NULL CHECK (source IN ('scan', 'manual')),
    addresses     TEXT NOT NULL DEFAULT '[]',    -- JSON array of address text
    certificates  TEXT NOT NULL DEFAULT '[]',    -- JSON array of {location, subject, issuer, not_after}
    technologies  TEXT NOT NULL DEFAULT '[]',    -- JSON array of {name, version}
    first_seen    TEXT,                          -- by a scan; NULL for an asset no scan has seen yet
    last_seen     TEXT,
    last_scan_id  TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE UNIQUE INDEX assets_org_name ON assets (org_id, name);
CREATE INDEX assets_org_type ON assets (org_id, type, name);

CREATE TABLE asset_tags (
    asset_id  TEXT NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
    tag       TEXT NOT NULL,
    PRIMARY KEY (asset_id, tag)
);
CREATE INDEX asset_tags_tag ON asset_tags (tag, asset_id);

-- Open services of an asset, as the latest scans saw them.
CREATE TABLE asset_services (
    asset_id      TEXT NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
    address       TEXT NOT NULL,
    port          INTEGER NOT NULL,
    proto         TEXT NOT NULL,
    service       TEXT NOT NULL DEFAULT '',
    product       TEXT NOT NULL DEFAULT '',
    version       TEXT NOT NULL DEFAULT '',
    tls           INTEGER NOT NULL DEFAULT 0,
    first_seen    TEXT NOT NULL,
    last_seen     TEXT NOT NULL,
    last_scan_id  TEXT NOT NULL,
    PRIMARY KEY (asset_id, address, port, proto)
);

CREATE TABLE asset_scans (
    asset_id  TEXT NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
    scan_id   TEXT NOT NULL,
    seen_at   TEXT NOT NULL,
    PRIMARY KEY (asset_id, scan_id)
);
CREATE INDEX asset_scans_seen ON asset_scans (asset_id, seen_at);

CREATE TABLE findings (
    id              TEXT PRIMARY KEY,
    org_id          TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    fingerprint     TEXT NOT NULL,
    check_id        TEXT NOT NULL,
    module          TEXT NOT NULL,               -- first segment of check_id ("template.*" -> "templates")
    title           TEXT NOT NULL,
    severity        TEXT NOT NULL CHECK (severity IN ('info', 'low', 'medium', 'high', 'critical')),
    severity_rank   INTEGER NOT NULL,            -- 0 info .. 4 critical (sorting)
    cvss_vector     TEXT NOT NULL DEFAULT '',
    cvss_score      REAL,
    cwe             TEXT NOT NULL DEFAULT '[]',
    cve             TEXT NOT NULL DEFAULT '[]',
    location        TEXT NOT NULL DEFAULT '',
    evidence        TEXT NOT NULL DEFAULT '',
    recommendation  TEXT NOT NULL DEFAULT '',
    refs            TEXT NOT NULL DEFAULT '[]',
    target          TEXT NOT NULL DEFAULT '',    -- the scan target it was last seen from
    asset_id        TEXT REFERENCES assets (id) ON DELETE SET NULL,
    status          TEXT NOT NULL CHECK (status IN ('open', 'triaged', 'fixed', 'accepted_risk', 'false_positive')),
    regression      INTEGER NOT NULL DEFAULT 0,
    first_seen      TEXT NOT NULL,
    last_seen       TEXT NOT NULL,
    occurrences     INTEGER NOT NULL DEFAULT 1,
    first_scan_id   TEXT,
    last_scan_id    TEXT,
    fixed_scan_id   TEXT,
    fixed_at        TEXT,
    sla_due_at      TEXT,
    sla_breached    INTEGER NOT NULL DEFAULT 0,
    assignee_id     TEXT REFERENCES users (id) ON DELETE SET NULL,
    accepted_until  TEXT,
    justification   TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE UNIQUE INDEX findings_org_fingerprint ON findings (org_id, fingerprint);
-- One index per sort key (keyset pages walk them), plus the default view (by status, then severity).
CREATE INDEX findings_org_severity ON findings (org_id, severity_rank, id);
CREATE INDEX findings_org_status_severity ON findings (org_id, status, severity_rank, id);
CREATE INDEX findings_org_last_seen ON findings (org_id, last_seen, id);
CREATE INDEX findings_org_first_seen ON findings (org_id, first_seen, id);
CREATE INDEX findings_org_sla ON findings (org_id, (COALESCE(sla_due_at, '9999-12-31T23:59:59.999Z')), id);
-- The common equality filters in the default order (a page is an index range, not a sort of every match).
CREATE INDEX findings_org_check_severity ON findings (org_id, check_id, severity_rank, id);
CREATE INDEX findings_org_assignee_severity ON findings (org_id, assignee_id, severity_rank, id);
CREATE INDEX findings_org_breached_severity ON findings (org_id, sla_breached, severity_rank, id);
CREATE INDEX findings_org_target_severity ON findings (org_id, target, severity_rank, id);  -- and auto-fix
-- Per-asset counts, and the system sweeps (any organisation).
CREATE INDEX findings_asset ON findings (asset_id, status, severity_rank);
CREATE INDEX findings_sla_sweep ON findings (sla_breached, status, sla_due_at);
CREATE INDEX findings_accepted_sweep ON findings (status, accepted_until);

-- Which findings a scan saw (scan diffs, ?scan_id= filters, idempotent ingest).
CREATE TABLE scan_findings (
    scan_id     TEXT NOT NULL,
    finding_id  TEXT NOT NULL REFERENCES findings (id) ON DELETE CASCADE,
    PRIMARY KEY (scan_id, finding_id)
);
CREATE INDEX scan_findings_finding ON scan_findings (finding_id);

-- Scans already ingested, with the summary of the first ingest (a second call changes nothing).
CREATE TABLE finding_ingests (
    org_id          TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    scan_id         TEXT NOT NULL,
    ingested_at     TEXT NOT NULL,
    new_findings    INTEGER NOT NULL DEFAULT 0,
    seen_again      INTEGER NOT NULL DEFAULT 0,
    regressions     INTEGER NOT NULL DEFAULT 0,
    fixed           INTEGER NOT NULL DEFAULT 0,
    suppressed      INTEGER NOT NULL DEFAULT 0,
    assets_created  INTEGER NOT NULL DEFAULT 0,
    assets_updated  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (org_id, scan_id)
);

-- Every change of a finding: status, assignee, SLA due date, acceptance, breach; actor "system" for automatic ones.
CREATE TABLE finding_history (
    id             TEXT PRIMARY KEY,
    org_id         TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    finding_id     TEXT NOT NULL REFERENCES findings (id) ON DELETE CASCADE,
    at             TEXT NOT NULL,
    actor_user_id  TEXT REFERENCES users (id) ON DELETE SET NULL,
    actor_label    TEXT NOT NULL,                -- e-mail of the user, or "system"
    field          TEXT NOT NULL,                -- status, assignee_id, sla_due_at, accepted_until, ..., note
    from_value     TEXT NOT NULL DEFAULT '',
    to_value       TEXT NOT NULL DEFAULT '',
    note           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX finding_history_finding ON finding_history (finding_id, id);

CREATE TABLE finding_comments (
    id            TEXT PRIMARY KEY,
    org_id        TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    finding_id    TEXT NOT NULL REFERENCES findings (id) ON DELETE CASCADE,
    author_id     TEXT REFERENCES users (id) ON DELETE SET NULL,
    author_label  TEXT NOT NULL,
    body          TEXT NOT NULL,
    created_at    TEXT NOT NULL
);
CREATE INDEX finding_comments_finding ON finding_comments (finding_id, id);

-- SLA days per severity; NULL means no SLA for that severity. No row: the defaults (7, 30, 90, 180, none).
CREATE TABLE org_sla_policies (
    org_id         TEXT PRIMARY KEY REFERENCES organizations (id) ON DELETE CASCADE,
    critical_days  INTEGER,
    high_days      INTEGER,
    medium_days    INTEGER,
    low_days       INTEGER,
    info_days      INTEGER,
    updated_by     TEXT,
    updated_at     TEXT NOT NULL
);

-- SPDX-License-Identifier: Apache-2.0
-- Notifications: in-app notifications per user, notification rules per organisation, the marks that make every
-- event notify once, the events sent to webhooks, the webhooks (signing secret sealed with the data-dir key) and
-- their delivery log. Times are UTC text "YYYY-MM-DDTHH:MM:SS.mmmZ"; JSON documents are TEXT; booleans INTEGER 0/1.
-- Finding and scan ids are text without a foreign key (they live in other migrations and may be deleted).

CREATE TABLE notification_rules (
    id            TEXT PRIMARY KEY,
    org_id        TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name          TEXT NOT NULL DEFAULT '',
    event         TEXT NOT NULL
                  CHECK (event IN ('finding.new', 'scan.finished', 'scan.failed', 'sla.breached', 'risk.expiring')),
    enabled       INTEGER NOT NULL DEFAULT 1,
    min_severity  TEXT CHECK (min_severity IN ('info', 'low', 'medium', 'high', 'critical')),  -- NULL: any
    days_before   INTEGER,                      -- risk.expiring only
    channels      TEXT NOT NULL DEFAULT '{}',   -- JSON {in_app, email, webhook_ids}
    created_by    TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX notification_rules_org ON notification_rules (org_id, event, id);

-- One row per thing already notified ("scan.finished:<scan id>", "risk.expiring:<finding id>:<accepted_until>"):
-- a repeated call, or a second node running the same sweep, notifies nothing again.
CREATE TABLE notification_marks (
    org_id      TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    mark_key    TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (org_id, mark_key)
);
CREATE INDEX notification_marks_created ON notification_marks (created_at);

-- What a webhook delivery sends: {"id", "event", "created_at", "data"} is built from this row on every attempt.
CREATE TABLE notification_events (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    event       TEXT NOT NULL,
    data        TEXT NOT NULL DEFAULT '{}',
    created_at  TEXT NOT NULL
);
CREATE INDEX notification_events_created ON notification_events (created_at);

CREATE TABLE notifications (
    id          TEXT PRIMARY KEY,             -- UUIDv7: id order is creation order
    org_id      TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL
                CHECK (kind IN ('finding.new', 'scan.finished', 'scan.failed', 'sla.breached', 'risk.expiring')),
    priority    TEXT NOT NULL CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
    title       TEXT NOT NULL,
    body        TEXT NOT NULL DEFAULT '',
    link        TEXT NOT NULL DEFAULT '',     -- a path of the web UI ("/scans/<id>")
    read_at     TEXT,
    created_at  TEXT NOT NULL
);
CREATE INDEX notifications_user ON notifications (user_id, org_id, id);
CREATE INDEX notifications_user_kind ON notifications (user_id, org_id, kind, id);
CREATE INDEX notifications_unread ON notifications (user_id, org_id, read_at);
CREATE INDEX notifications_created ON notifications (created_at);

CREATE TABLE webhooks (
    id             TEXT PRIMARY KEY,
    org_id         TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name           TEXT NOT NULL,
    url            TEXT NOT NULL,
    secret_sealed  TEXT NOT NULL,             -- signing secret, sealed with the data-dir key (auth::SecretBox)
    secret_hint    TEXT NOT NULL DEFAULT '',  -- its first characters, to recognise it
    allow_private  INTEGER NOT NULL DEFAULT 0,
    enabled        INTEGER NOT NULL DEFAULT 1,
    created_by     TEXT,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX webhooks_org ON webhooks (org_id, id);

-- Every delivery attempt: outcome delivered, retrying (another attempt follows) or failed (no more attempts).
CREATE TABLE webhook_deliveries (
    id           TEXT PRIMARY KEY,
    org_id       TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    webhook_id   TEXT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    delivery_id  TEXT NOT NULL,               -- X-Palisade-Delivery: the same for every attempt of one delivery
    event_id     TEXT NOT NULL,
    event        TEXT NOT NULL,
    attempt      INTEGER NOT NULL,
    outcome      TEXT NOT NULL CHECK (outcome IN ('delivered', 'retrying', 'failed')),
    status_code  INTEGER NOT NULL DEFAULT 0,  -- 0: no HTTP answer
    duration_ms  INTEGER NOT NULL DEFAULT 0,
    error        TEXT NOT NULL DEFAULT '',
    at           TEXT NOT NULL
);
CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (webhook_id, id);
CREATE INDEX webhook_deliveries_at ON webhook_deliveries (at);

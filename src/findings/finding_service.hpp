// SPDX-License-Identifier: Apache-2.0
// FindingService: the per-organisation findings store. Scans feed it (IngestScan: deduplication by fingerprint,
// regressions, remembered false positives and accepted risks, auto-fix, assets); people triage through it
// (status lifecycle, assignee, SLA due date, comments, bulk changes); system sweeps expire accepted risks and mark
// SLA breaches. Every read and change is scoped to ctx.principal->org_id: another organisation's finding is
// kNotFound. Validation errors are kInvalidArgument naming the field; a transition the lifecycle does not allow is
// kConflict. Blocking (database); thread-safe (each call uses its own pooled session).
// Docs: docs/fragments/findings.md.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "findings/finding_types.hpp"
#include "findings/ingest.hpp"
#include "identity/context.hpp"
#include "store/findings/finding_records.hpp"

namespace palisade::store {
class Store;
}

namespace palisade::findings {

using identity::Page;
using identity::RequestContext;

// What an export returns: at most the requested number of findings, and whether more matched.
struct ExportRows {
    std::vector<store::FindingRecord> items;
    bool truncated = false;
};

inline constexpr int kMaxSummaryWeeks = 52;
inline constexpr int kSlaDueSoonDays = 7;

// The dashboard's view of an organisation's findings (FindingService::Summary).
struct FindingSummary {
    std::array<long long, 5> active_by_severity{};  // open and triaged, by severity rank (0 info .. 4 critical)
    std::array<long long, 5> by_status{};           // open, triaged, fixed, accepted_risk, false_positive
    long long sla_breached = 0;                     // active findings past their due date
    long long sla_due_soon = 0;                     // active, not breached, due within kSlaDueSoonDays
    long long sla_on_track = 0;                     // active with a later due date
    long long sla_none = 0;                         // active without a due date
    struct Week {
        std::string start;  // the Monday (UTC) that starts it, "YYYY-MM-DD"
        long long opened = 0;  // first seen that week
        long long fixed = 0;   // marked fixed that week
    };
    std::vector<Week> weeks;  // oldest first; the last is the current (partial) week
};

// Statuses in FindingSummary::by_status order.
inline constexpr const char* kSummaryStatuses[] = {"open", "triaged", "fixed", "accepted_risk", "false_positive"};

class FindingService {
public:
    // `store` and `clock` must outlive the service.
    FindingService(store::Store& store, const Clock& clock) : store_(store), clock_(clock) {}

    // Records what a finished scan saw, in one transaction: new fingerprints become open findings (SLA due from the
    // organisation's policy), open/triaged ones are refreshed, fixed ones reopen as regressions, false positives
    // and unexpired accepted risks stay closed (suppressed). When ingest.complete (and the report says complete),
    // every open/triaged finding last seen from a target whose module finished `done` there and which this scan
    // did not see is marked fixed. Creates or updates the assets of the report's targets and hosts and links
    // findings to them. Idempotent per (org_id, scan_id): a second call changes nothing and returns the first
    // call's counts (new_finding_ids empty). kInvalidArgument when org_id or scan_id is empty; kNotFound when the
    // organisation does not exist; kConflict when the same scan is being ingested at that moment by another call
    // (retrying replays it). Two different scans of one organisation may be ingested at once.
    Result<IngestSummary> IngestScan(const ScanIngest& ingest);

    Result<store::FindingRecord> Get(const std::string& id, const RequestContext& ctx) const;
    // One page in the query's sort order; next_cursor resumes after the last item (stable under inserts).
    // kInvalidArgument naming severity, status, sort, cursor, assignee or a *_from/*_to field.
    Result<Page<store::FindingRecord>> List(const FindingQuery& query, const RequestContext& ctx) const;
    // Up to max_rows findings matching the query from its first page on (query.cursor and limit are ignored).
    Result<ExportRows> Export(const FindingQuery& query, int max_rows, const RequestContext& ctx) const;

    // Applies a triage change and writes one history row per changed field (actor: the principal).
    // kInvalidArgument: status unknown, accepted_risk without justification or a future accepted_until,
    // accepted_until/justification without status accepted_risk (on a finding not already accepted), assignee
    // not a member of the organisation, sla_due_at not a time, note too long. kConflict: transition not allowed.
    Result<store::FindingRecord> Update(const std::string& id, const FindingChange& change, const RequestContext& ctx);
    // The same change on up to kMaxBulkIds findings in one transaction. Field validation as Update, for the whole
    // request (kInvalidArgument naming "ids" when there are none or too many). Unknown ids and other
    // organisations' findings are reported in not_found and nothing of theirs changes; per-finding transition
    // refusals are reported in conflicts.
    Result<BulkResult> BulkUpdate(const std::vector<std::string>& ids, const FindingChange& change,
                                  const RequestContext& ctx);

    // Oldest first; cursor is the last item's id.
    Result<Page<store::FindingHistoryRecord>> History(const std::string& id, const std::string& cursor, int limit,
                                                      const RequestContext& ctx) const;
    Result<Page<store::FindingCommentRecord>> Comments(const std::string& id, const std::string& cursor, int limit,
                                                       const RequestContext& ctx) const;
    // kInvalidArgument naming "text" when it is blank or over kMaxCommentChars code points.
    Result<store::FindingCommentRecord> AddComment(const std::string& id, const std::string& text,
                                                   const RequestContext& ctx);

    // System sweeps over every organisation (for a periodic job). Reopen accepted risks whose accepted_until is at
    // or before `now` (history actor "system"); returns their ids.
    Result<std::vector<std::string>> ExpireAcceptedRisks(TimePoint now);
    // Sets sla_breached on open/triaged findings whose SLA due date is before `now` and were not breached yet;
    // returns the newly breached ids (for notifications).
    Result<std::vector<std::string>> MarkSlaBreaches(TimePoint now);

    // Counts for the dashboard at the clock's time: active findings by severity, all by status, SLA status of the
    // active ones, and findings opened and fixed per week over the last `weeks` weeks (Monday to Sunday, UTC).
    // kInvalidArgument naming "weeks" outside 1..kMaxSummaryWeeks. Reads every finding of the organisation once
    // (index scans on org_id).
    Result<FindingSummary> Summary(int weeks, const RequestContext& ctx) const;

    // The organisation's SLA policy (the defaults when none was saved).
    Result<SlaPolicy> GetSlaPolicy(const RequestContext& ctx) const;
    // Saves the policy (audited). Existing due dates are kept; new findings and reopenings use the new days.
    // kInvalidArgument naming "<severity>_days" when a value is outside 1..kMaxSlaDays.
    Result<SlaPolicy> SetSlaPolicy(const SlaPolicy& policy, const RequestContext& ctx);

private:
    store::Store& store_;
    const Clock& clock_;
};

}  // namespace palisade::findings

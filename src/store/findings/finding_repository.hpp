// SPDX-License-Identifier: Apache-2.0
// Findings, their history and comments, scan_findings, ingest records and SLA policies. Functions run inside
// Store::Read/Write; database failures throw and are turned into Result errors by the Store. Every lookup by id
// is scoped to an organisation (another organisation's row is simply not found). Values are always bound.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "store/findings/finding_records.hpp"

namespace palisade::store {

class Tx;

// Findings with no SLA due date sort after every date: the text the sla sort key uses for them.
inline constexpr const char* kNoSlaDueKey = "9999-12-31T23:59:59.999Z";

// A findings list query. Every set member narrows the result (AND).
struct FindingFilter {
    std::string org_id;                     // required
    std::vector<std::string> severities;    // any of
    std::vector<std::string> statuses;      // any of
    std::optional<std::string> asset_id;
    std::optional<std::string> check;         // exact check id
    std::optional<std::string> check_prefix;  // check ids starting with it ("tls.")
    std::optional<std::string> assignee_id;
    std::optional<std::string> target;
    std::optional<std::string> scan_id;     // findings that scan saw
    std::optional<bool> sla_breached;
    std::optional<std::string> text;        // case-insensitive substring of title, location or evidence
    std::optional<std::string> first_seen_from;  // >=
    std::optional<std::string> first_seen_to;    // <
    std::optional<std::string> last_seen_from;
    std::optional<std::string> last_seen_to;
    FindingSortKey sort = FindingSortKey::kSeverity;
    bool descending = true;
    // Keyset: rows strictly after (after_key, after_id) in the sort order. after_key is the sort key as text
    // (the decimal severity rank for kSeverity, kNoSlaDueKey for a finding without SLA).
    std::optional<std::string> after_key;
    std::string after_id;
    int limit = 50;
};

// The sort key of `f` as FindingFilter::after_key expects it.
std::string SortKeyOf(const FindingRecord& f, FindingSortKey sort);

namespace findings {
void Insert(Tx& tx, const FindingRecord& f);
// Inserts unless the organisation already has the fingerprint (a concurrent ingest won the race: PostgreSQL waits
// for it to commit); false when nothing was inserted.
bool InsertIfAbsent(Tx& tx, const FindingRecord& f);
// Writes every mutable column of `f` (all but id, org_id, fingerprint, created_at); false when no such row.
bool Update(Tx& tx, const FindingRecord& f);
// `for_update`: the row stays locked until the transaction ends (PostgreSQL SELECT ... FOR UPDATE; SQLite's writer
// lock already serialises writes), so a read-modify-write of a finding cannot lose a concurrent change.
std::optional<FindingRecord> Find(Tx& tx, const std::string& org_id, const std::string& id, bool for_update = false);
std::optional<FindingRecord> FindByFingerprint(Tx& tx, const std::string& org_id, const std::string& fingerprint,
                                               bool for_update = false);
// Up to filter.limit rows in the filter's order.
std::vector<FindingRecord> List(Tx& tx, const FindingFilter& filter);

struct ActiveRef {
    std::string id;
    std::string module;
};
// Open and triaged findings of the organisation last seen from `target` (auto-fix candidates).
std::vector<ActiveRef> ListActiveForTarget(Tx& tx, const std::string& org_id, const std::string& target);
// Open and triaged findings of any organisation not yet marked breached whose SLA due date is before `now` (locked
// for update).
std::vector<FindingRecord> ListNewlyBreached(Tx& tx, const std::string& now);
// Accepted risks of any organisation whose accepted_until is at or before `now` (locked for update).
std::vector<FindingRecord> ListExpiredAcceptances(Tx& tx, const std::string& now);

// Open and triaged findings per asset, counted by severity rank (index 0 info .. 4 critical).
std::map<std::string, std::array<long long, 5>> CountOpenByAsset(Tx& tx, const std::string& org_id,
                                                                 const std::vector<std::string>& asset_ids);

// Open and triaged findings by severity rank for every asset of the organisation that has any, with the asset's
// criticality (the inputs of its risk score).
struct AssetOpenCounts {
    std::string criticality;
    std::array<long long, 5> by_rank{};
};
std::map<std::string, AssetOpenCounts> CountOpenForAllAssets(Tx& tx, const std::string& org_id);

// Records that `scan_id` saw the finding (no-op when already recorded); true when newly recorded.
bool AddToScan(Tx& tx, const std::string& scan_id, const std::string& finding_id);

// The dashboard's counts of one organisation (FindingService::Summary).
struct StatusSeverityCount {
    std::string status;
    int severity_rank = 0;
    long long count = 0;
};
std::vector<StatusSeverityCount> CountByStatusSeverity(Tx& tx, const std::string& org_id);
struct SlaCounts {
    long long breached = 0;  // open or triaged, past their due date
    long long due_soon = 0;  // open or triaged, not breached, due at or before `soon`
    long long with_due = 0;  // open or triaged with a due date
};
SlaCounts CountSla(Tx& tx, const std::string& org_id, const std::string& soon);
// Findings first seen (or fixed) per UTC day ("YYYY-MM-DD") since `since` (a core/time.hpp text).
enum class DayColumn { kFirstSeen, kFixedAt };
std::vector<std::pair<std::string, long long>> CountByDay(Tx& tx, const std::string& org_id, DayColumn column,
                                                          const std::string& since);
}  // namespace findings

namespace finding_history {
void Insert(Tx& tx, const FindingHistoryRecord& h);
// Oldest first, after `after_id` (cursor, "" for the first page).
std::vector<FindingHistoryRecord> List(Tx& tx, const std::string& org_id, const std::string& finding_id,
                                       const std::string& after_id, int limit);
}  // namespace finding_history

namespace finding_comments {
void Insert(Tx& tx, const FindingCommentRecord& c);
// Oldest first, after `after_id`.
std::vector<FindingCommentRecord> List(Tx& tx, const std::string& org_id, const std::string& finding_id,
                                       const std::string& after_id, int limit);
}  // namespace finding_comments

namespace finding_ingests {
std::optional<IngestRecord> Find(Tx& tx, const std::string& org_id, const std::string& scan_id);
void Insert(Tx& tx, const IngestRecord& r);
}  // namespace finding_ingests

namespace sla_policies {
std::optional<SlaPolicyRecord> Find(Tx& tx, const std::string& org_id);
// Inserts or replaces the organisation's policy.
void Upsert(Tx& tx, const SlaPolicyRecord& p);
}  // namespace sla_policies

}  // namespace palisade::store

// SPDX-License-Identifier: Apache-2.0
// The findings vocabulary shared by FindingService, AssetService and the API: statuses, severity ranks, the SLA
// policy, list queries, triage changes, and the JSON-text helpers for list-valued columns. Pure; thread-safe.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "store/findings/finding_records.hpp"

namespace palisade::findings {

// Error.detail of a well-formed request the lifecycle rules refuse (accepting a risk without a justification or a
// future expiry, acceptance fields on a finding that is not an accepted risk, an assignee who is not a member): the
// API answers 422 naming Error.field; other kInvalidArgument errors are malformed input (400).
inline constexpr std::string_view kUnprocessable = "unprocessable";
inline tl::unexpected<Error> Unprocessable(std::string field, std::string message) {
    return tl::unexpected<Error>(
        Error{ErrorCode::kInvalidArgument, std::move(message), std::string(kUnprocessable), std::move(field), 0});
}

// Lifecycle states. open and triaged are "active" (SLA runs, auto-fix applies); the others are closed.
enum class FindingStatus { kOpen, kTriaged, kFixed, kAcceptedRisk, kFalsePositive };

std::string_view StatusName(FindingStatus status);  // "open", "triaged", "fixed", "accepted_risk", "false_positive"
std::optional<FindingStatus> ParseStatus(std::string_view text);  // exact, lower case
bool IsActive(std::string_view status);                           // open or triaged
// Whether a person may move a finding from `from` to `to` (see docs: open/triaged -> any other state; a closed
// state -> open). Same state is not a transition.
bool TransitionAllowed(FindingStatus from, FindingStatus to);

// 0 (info) .. 4 (critical) for a lower-case severity name; nullopt when unknown.
std::optional<int> SeverityRank(std::string_view severity);
std::string_view SeverityNameOfRank(int rank);

// The module that produced a check: the check id's first segment, "template.*" -> "templates".
std::string ModuleOfCheck(std::string_view check_id);

// SLA days per severity; nullopt means no SLA for that severity.
struct SlaPolicy {
    std::optional<int> critical = 7;
    std::optional<int> high = 30;
    std::optional<int> medium = 90;
    std::optional<int> low = 180;
    std::optional<int> info;
    bool is_default = true;   // no policy saved: these are the defaults
    std::string updated_at;   // when saved, else ""
    std::optional<std::string> updated_by;

    std::optional<int> DaysFor(int severity_rank) const;
};
inline constexpr int kMaxSlaDays = 3650;
SlaPolicy PolicyFromRecord(const store::SlaPolicyRecord& record);

// Sort orders of the findings list: "severity", "last_seen", "first_seen", "sla_due_at", each optionally prefixed
// by '-' for descending ("-severity" is the default).
struct FindingSort {
    store::FindingSortKey key = store::FindingSortKey::kSeverity;
    bool descending = true;
};
std::optional<FindingSort> ParseSort(std::string_view text);
std::string SortName(const FindingSort& sort);  // canonical text, "-severity"

// A findings list request, already syntax-checked by the API (values are lengths- and UTF-8-clean). The service
// validates names, times, the sort and the cursor again and resolves assignee "me".
struct FindingQuery {
    std::vector<std::string> severities;  // any of
    std::vector<std::string> statuses;    // any of
    std::optional<std::string> asset_id;
    std::optional<std::string> check;     // exact id, or a prefix when it ends with '.' or '*' ("tls.", "tls.*")
    std::optional<std::string> assignee;  // user id, or "me"
    std::optional<std::string> target;
    std::optional<std::string> scan_id;
    std::optional<bool> sla_breached;
    std::optional<std::string> text;             // q: case-insensitive substring of title, location, evidence
    std::optional<std::string> first_seen_from;  // RFC 3339, inclusive
    std::optional<std::string> first_seen_to;    // exclusive
    std::optional<std::string> last_seen_from;
    std::optional<std::string> last_seen_to;
    std::string sort = "-severity";
    std::string cursor;  // next_cursor of the previous page, "" for the first
    int limit = 50;      // 1..200
};

// A triage change (PATCH and bulk). Unset members leave the finding as it is.
struct FindingChange {
    std::optional<std::string> status;
    std::optional<std::optional<std::string>> assignee_id;  // set to nullopt: unassign
    std::optional<std::string> justification;               // required (non-empty) for accepted_risk
    std::optional<std::string> accepted_until;              // RFC 3339, future; required for accepted_risk
    std::optional<std::optional<std::string>> sla_due_at;   // set to nullopt: no SLA
    std::optional<std::string> note;                        // recorded in the history rows of this change
};
inline constexpr std::size_t kMaxBulkIds = 500;
inline constexpr std::size_t kMaxCommentChars = 10000;

struct BulkConflict {
    std::string id;
    std::string message;
};
struct BulkResult {
    std::vector<std::string> updated;    // changed (or already in the requested state)
    std::vector<std::string> not_found;  // unknown ids and other organisations' findings
    std::vector<BulkConflict> conflicts; // transitions not allowed from the finding's state
};

// Canonical stored form of an RFC 3339 UTC time ("YYYY-MM-DDTHH:MM:SS[.fff]Z", the date and time in full);
// nullopt when `text` is not one.
std::optional<std::string> NormalizeTime(std::string_view text);

// JSON text for list columns: ["a","b"]. ParseStringArray returns the strings of a JSON array and skips anything
// else; malformed text gives an empty list.
std::string JsonStringArray(const std::vector<std::string>& items);
std::vector<std::string> ParseStringArray(std::string_view json_text);

// Asset vocabulary.
bool IsAssetType(std::string_view type);         // host, web, domain, other
bool IsCriticality(std::string_view criticality);  // low, medium, high, critical
// Risk score 0..100 of an asset from its open findings per severity rank and its criticality (docs: findings.md).
int RiskScore(const std::array<long long, 5>& open_by_rank, std::string_view criticality);

}  // namespace palisade::findings

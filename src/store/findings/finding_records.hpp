// SPDX-License-Identifier: Apache-2.0
// Plain rows of the findings and assets tables (migration 0003), as the repositories read and write them.
// Times are core/time.hpp text. List-valued columns hold JSON text ("[]" when empty) that the findings library
// writes and reads; the store neither builds nor parses JSON.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace palisade::store {

// The sort orders of the findings list (each with id as the tie-breaker).
enum class FindingSortKey { kSeverity, kLastSeen, kFirstSeen, kSlaDueAt };

struct FindingRecord {
    std::string id;
    std::string org_id;
    std::string fingerprint;
    std::string check_id;
    std::string module;  // "tls", "headers", ..., "templates"
    std::string title;
    std::string severity;   // info | low | medium | high | critical
    int severity_rank = 0;  // 0 (info) .. 4 (critical)
    std::string cvss_vector;
    std::optional<double> cvss_score;
    std::string cwe = "[]";  // JSON array of strings
    std::string cve = "[]";
    std::string location;
    std::string evidence;
    std::string recommendation;
    std::string refs = "[]";
    std::string target;  // the scan target it was last seen from
    std::optional<std::string> asset_id;
    std::string status = "open";  // open | triaged | fixed | accepted_risk | false_positive
    bool regression = false;
    std::string first_seen;
    std::string last_seen;
    int occurrences = 1;
    std::optional<std::string> first_scan_id;
    std::optional<std::string> last_scan_id;
    std::optional<std::string> fixed_scan_id;
    std::optional<std::string> fixed_at;
    std::optional<std::string> sla_due_at;
    bool sla_breached = false;
    std::optional<std::string> assignee_id;
    std::optional<std::string> accepted_until;
    std::string justification;
    std::string created_at;
    std::string updated_at;
};

struct FindingHistoryRecord {
    std::string id;
    std::string org_id;
    std::string finding_id;
    std::string at;
    std::optional<std::string> actor_user_id;  // empty for "system"
    std::string actor_label;                   // e-mail or "system"
    std::string field;                         // status | assignee_id | sla_due_at | accepted_until | ...
    std::string from_value;
    std::string to_value;
    std::string note;
};

struct FindingCommentRecord {
    std::string id;
    std::string org_id;
    std::string finding_id;
    std::optional<std::string> author_id;
    std::string author_label;
    std::string body;
    std::string created_at;
};

// SLA days per severity; nullopt: no SLA for that severity.
struct SlaPolicyRecord {
    std::string org_id;
    std::optional<int> critical_days;
    std::optional<int> high_days;
    std::optional<int> medium_days;
    std::optional<int> low_days;
    std::optional<int> info_days;
    std::optional<std::string> updated_by;
    std::string updated_at;
};

// The counts of the first ingest of a scan (a replay returns them unchanged).
struct IngestRecord {
    std::string org_id;
    std::string scan_id;
    std::string ingested_at;
    int new_findings = 0;
    int seen_again = 0;
    int regressions = 0;
    int fixed = 0;
    int suppressed = 0;
    int assets_created = 0;
    int assets_updated = 0;
};

struct AssetRecord {
    std::string id;
    std::string org_id;
    std::string type;  // host | web | domain | other
    std::string name;
    std::string criticality = "medium";  // low | medium | high | critical
    std::string owner;
    std::string environment;
    std::string source = "manual";    // scan | manual
    std::string addresses = "[]";     // JSON array of address text
    std::string certificates = "[]";  // JSON array of {location, subject, issuer, not_after}
    std::string technologies = "[]";  // JSON array of {name, version}
    std::optional<std::string> first_seen;
    std::optional<std::string> last_seen;
    std::optional<std::string> last_scan_id;
    std::string created_at;
    std::string updated_at;
    std::vector<std::string> tags;  // sorted; kept in asset_tags
};

struct AssetServiceRecord {
    std::string asset_id;
    std::string address;
    int port = 0;
    std::string proto = "tcp";
    std::string service;
    std::string product;
    std::string version;
    bool tls = false;
    std::string first_seen;
    std::string last_seen;
    std::string last_scan_id;
};

}  // namespace palisade::store

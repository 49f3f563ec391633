// SPDX-License-Identifier: Apache-2.0
// The JSON form of findings, their history and comments, the SLA policy and assets (allow-lists: a field appears
// only when named here). Optional values are null when absent. Pure; thread-safe.
#pragma once

#include <boost/json/object.hpp>

#include "findings/asset_service.hpp"
#include "findings/finding_types.hpp"
#include "store/findings/finding_records.hpp"

namespace palisade::api {

// {id, check, title, severity, cvss {version, vector, score} | null, cwe, cve, location, evidence, recommendation,
//  references, module, target, asset_id, fingerprint, status, regression, first_seen, last_seen, occurrences,
//  first_scan_id, last_scan_id, fixed_scan_id, fixed_at, sla_due_at, sla_breached, assignee_id, accepted_until,
//  justification, created_at, updated_at}
boost::json::object FindingJson(const store::FindingRecord& f);
// {id, at, actor_user_id, actor, field, from, to, note}
boost::json::object HistoryJson(const store::FindingHistoryRecord& h);
// {id, author_id, author, text, created_at}
boost::json::object CommentJson(const store::FindingCommentRecord& c);
// {critical_days, high_days, medium_days, low_days, info_days, is_default, updated_at, updated_by}
boost::json::object SlaJson(const findings::SlaPolicy& p);
// {id, type, name, criticality, owner, environment, tags, source, addresses, first_seen, last_seen, last_scan_id,
//  created_at, updated_at, open_findings {critical, high, medium, low, info, total}, risk_score}
boost::json::object AssetJson(const findings::AssetSummary& a);
// AssetJson plus {services, certificates, technologies, scan_ids}
boost::json::object AssetDetailJson(const findings::AssetDetail& d);

}  // namespace palisade::api

// SPDX-License-Identifier: Apache-2.0
// The JSON form of scans, profiles, scope, events and diffs (an allow-list of fields, as json_output.hpp).
#pragma once

#include <boost/json/object.hpp>

#include "scans/scan_service.hpp"
#include "store/scans/scan_repository.hpp"

namespace palisade::api {

// {id, state, targets, profile, modules, options, progress, findings_count, complete, incomplete_reason, error,
//  score, grade, summary, created_by, schedule_id, created_at, started_at, finished_at}
boost::json::object ToJson(const store::ScanRecord& scan);
// {topic, type, data, at, seq}: the WebSocket message shape.
boost::json::object ToJson(const store::ScanEventRecord& event);
// {id, name, description, builtin, modules, options, created_at}
boost::json::object ToJson(const scans::ProfileView& profile);
// {domains, cidrs}
boost::json::object ToJson(const scans::OrgScope& scope);
// {scan_id, base_scan_id, new: [...], fixed: [...], unchanged: [...], counts: {new, fixed, unchanged}}
boost::json::object ToJson(const scans::ScanDiff& diff);

}  // namespace palisade::api

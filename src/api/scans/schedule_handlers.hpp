// SPDX-License-Identifier: Apache-2.0
// /api/v1/scan-schedules: saved scans that run on a cron expression in a time zone
// (docs/fragments/schedules.md). Reading needs scans:read, every change and "run now" scans:run.
#pragma once

#include <boost/json/object.hpp>

#include "server/router.hpp"
#include "store/scans/scan_repository.hpp"

namespace palisade::scans {
class ScheduleService;
}

namespace palisade::api {

struct ScheduleApi {
    scans::ScheduleService& schedules;
};

// GET/POST /api/v1/scan-schedules, GET/PATCH/DELETE /api/v1/scan-schedules/{id},
// POST /api/v1/scan-schedules/{id}/run. The service is only called when a request arrives.
void MountScheduleRoutes(server::Router& router, const ScheduleApi& api);

// {id, name, cron, timezone, targets, profile, modules, options, enabled, next_run_at, last_run_at, last_scan_id,
//  created_by, created_at, updated_at}; profile and the optional fields are null when absent, modules [] when the
// profile's modules are used.
boost::json::object ScheduleToJson(const store::ScanScheduleRecord& schedule);

}  // namespace palisade::api

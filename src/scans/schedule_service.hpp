// SPDX-License-Identifier: Apache-2.0
// ScheduleService: saved scans that run on a 5-field cron expression in a time zone (cron.hpp). It keeps an
// organisation's schedules (create, list, get, patch, delete, run now) and, called periodically by the server's
// maintenance loop, starts one scan per due schedule (Tick). Every lookup is scoped to ctx.principal->org_id (another
// organisation's schedule is kNotFound). Blocking; thread-safe; several nodes may tick the same database.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "identity/context.hpp"
#include "store/scans/scan_repository.hpp"

namespace palisade::scans {

class ScanService;

inline constexpr std::size_t kMaxScheduleNameChars = 100;

struct ScheduleServiceDeps {
    const identity::IdentityDeps& identity;  // store, clock, audit trail
    ScanService& scans;                      // creates the scans
    std::size_t max_targets = 100;           // as ScanLimits: target arguments per schedule
    std::uint64_t max_addresses = 65536;     // addresses per schedule, CIDR ranges expanded
    int tick_batch = 100;                    // due schedules read per batch in Tick (at most 10 batches per call)
};

// A new schedule. `modules` empty = the profile's modules; `profile` is required then.
struct ScheduleInput {
    std::string name;
    std::string cron;
    std::string timezone = "UTC";
    std::vector<std::string> targets;
    std::string profile;
    std::vector<std::string> modules;
    boost::json::object options;
    bool enabled = true;
};

// A PATCH: only the fields that are set change.
struct SchedulePatch {
    std::optional<std::string> name;
    std::optional<std::string> cron;
    std::optional<std::string> timezone;
    std::optional<std::vector<std::string>> targets;
    std::optional<std::string> profile;
    std::optional<std::vector<std::string>> modules;  // [] = back to the profile's modules
    std::optional<boost::json::object> options;
    std::optional<bool> enabled;
};

class ScheduleService {
  public:
    explicit ScheduleService(ScheduleServiceDeps deps);

    // Validates and saves a schedule; next_run_at is the first slot after now (null when disabled). Audited.
    // Errors (kInvalidArgument with a field): "name" (1..100 characters), "cron" (ParseCron's message, or "has no
    // run in the next 50 years"), "timezone", "targets" (unparsable, too many, or detail kOutOfScopeDetail when
    // outside the organisation's scope, naming every such target), "profile" (unknown), "modules"/"options.*".
    Result<store::ScanScheduleRecord> Create(const identity::RequestContext& ctx, const ScheduleInput& input);
    // The organisation's schedules by id (creation order), `limit` clamped to 1..200; cursor = last id seen.
    Result<identity::Page<store::ScanScheduleRecord>> List(const identity::RequestContext& ctx,
                                                           const std::string& cursor, int limit);
    Result<store::ScanScheduleRecord> Get(const identity::RequestContext& ctx, const std::string& id);
    // Applies `patch` and validates the result as Create does. next_run_at is computed again from now when the
    // cron, time zone or enabled flag changes (enabling never catches up on slots missed while disabled). Audited.
    Result<store::ScanScheduleRecord> Update(const identity::RequestContext& ctx, const std::string& id,
                                             const SchedulePatch& patch);
    // Deletes the schedule; its past scans stay. Audited.
    Status Delete(const identity::RequestContext& ctx, const std::string& id);
    // Starts a scan of the schedule now (also when it is disabled), as the caller (ScanService::Create with
    // schedule_id set) and records it as last_scan_id / last_run_at; next_run_at does not move. Audited. Errors:
    // kNotFound, and those of ScanService::Create (the scope may have changed since the schedule was saved).
    Result<store::ScanRecord> RunNow(const identity::RequestContext& ctx, const std::string& id);

    // Starts one scan for each enabled schedule whose next_run_at <= now and moves next_run_at to the first slot
    // strictly after `now`, so slots missed while no server ran are run once, not once each. A slot is claimed by a
    // compare-and-set on next_run_at before its scan is created: two callers (threads or nodes) never both start
    // it. A scan that cannot be created (scope changed, profile deleted...) is recorded as a failed
    // "scan_schedules.run" audit entry and the schedule still moves on. Returns how many scans it started;
    // an error only when the database cannot be read.
    Result<int> Tick(TimePoint now);

  private:
    // Claims and runs one due schedule; true when it started a scan.
    bool RunDue(const store::ScanScheduleRecord& s, TimePoint now, const std::string& now_text);

    ScheduleServiceDeps deps_;
};

}  // namespace palisade::scans

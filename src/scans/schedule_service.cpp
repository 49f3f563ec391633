// SPDX-License-Identifier: Apache-2.0
#include "scans/schedule_service.hpp"

#include <boost/json.hpp>

#include "core/strings.hpp"
#include "core/time.hpp"
#include "identity/common.hpp"
#include "log/log.hpp"
#include "scan/engine/target.hpp"
#include "scans/cron.hpp"
#include "scans/scan_plan.hpp"
#include "scans/scan_service.hpp"
#include "scans/scope.hpp"
#include "store/store.hpp"

namespace palisade::scans {

namespace json = boost::json;

namespace {

constexpr int kMaxTickBatches = 10;
constexpr const char* kObjectType = "scan_schedule";

json::object ParseObject(const std::string& text) {
    boost::system::error_code ec;
    auto v = json::parse(text, ec);
    if (ec || !v.is_object()) return {};
    return v.as_object();
}

std::string Joined(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
    return out;
}

// The scan request a schedule makes.
ScanRequest RequestOf(const store::ScanScheduleRecord& s) {
    ScanRequest r;
    r.targets = FromJsonArray(s.targets_json);
    r.profile = s.profile;
    auto modules = FromJsonArray(s.modules_json);
    if (!modules.empty()) r.modules = std::move(modules);
    r.options = ParseObject(s.options_json);
    r.schedule_id = s.id;
    return r;
}

// What can be checked without the database: name, cron, time zone and the targets' syntax. Fills
// s.targets_json with the canonical targets and returns the parsed targets.
Result<std::vector<scan::Target>> CheckShape(const ScheduleServiceDeps& deps, store::ScanScheduleRecord& s,
                                            const std::vector<std::string>& targets) {
    if (Trim(s.name).empty()) return FailField("name", "is required");
    if (!IsValidUtf8(s.name) || Utf8Length(s.name) > kMaxScheduleNameChars) {
        return FailField("name", "must be at most " + std::to_string(kMaxScheduleNameChars) + " characters");
    }
    if (auto spec = ParseCron(s.cron); !spec) return tl::unexpected<Error>(spec.error());
    if (auto tz = ValidateTimeZone(s.timezone); !tz) return tl::unexpected<Error>(tz.error());
    if (targets.empty()) return FailField("targets", "must name at least one target");
    if (targets.size() > deps.max_targets) {
        return FailField("targets", "must name at most " + std::to_string(deps.max_targets) + " targets");
    }
    auto parsed = scan::ParseTargets(targets, scan::TargetLimits{deps.max_addresses, false});
    if (!parsed) return FailField("targets", parsed.error().message);
    std::vector<std::string> canonical;
    for (const auto& t : *parsed) canonical.push_back(t.ToString());
    s.targets_json = ToJsonArray(canonical);
    if (s.profile.empty() && FromJsonArray(s.modules_json).empty()) {
        return FailField("profile", "is required when no modules are given (quick, standard, full or a saved one)");
    }
    return std::move(*parsed);
}

// What needs the organisation's data, read in the caller's transaction: the targets inside its scope (the same
// 422 refusal as a scan request) and a plan that validates (profile built-in or saved, modules and options).
Status CheckInOrg(store::Tx& tx, const store::ScanScheduleRecord& s, const std::vector<scan::Target>& targets) {
    OrgScope scope;
    if (auto row = store::scopes::Get(tx, s.org_id)) {
        scope.domains = FromJsonArray(row->domains_json);
        scope.cidrs = FromJsonArray(row->cidrs_json);
    }
    if (auto outside = OutOfScope(scope, targets); !outside.empty()) {
        Error e{ErrorCode::kInvalidArgument,
                "outside the organisation's scope: " + Joined(outside) +
                    " (an admin adds domains and CIDR ranges at PUT /api/v1/orgs/current/scope)",
                kOutOfScopeDetail, "targets", 0};
        return tl::unexpected<Error>(e);
    }
    std::vector<std::string> modules;
    json::object options;
    if (!s.profile.empty()) {
        if (const BuiltinProfile* b = FindBuiltinProfile(s.profile)) {
            modules = b->modules;
            options = b->options;
        } else if (auto custom = store::scan_profiles::FindByName(tx, s.org_id, s.profile)) {
            modules = FromJsonArray(custom->modules_json);
            options = ParseObject(custom->options_json);
        } else {
            return FailField("profile", "is not a known profile (quick, standard, full or a saved one)");
        }
    }
    if (auto own = FromJsonArray(s.modules_json); !own.empty()) modules = std::move(own);
    options = MergeOptions(options, ParseObject(s.options_json));
    std::vector<server::FieldError> errors;
    ValidatePlan(modules, options, errors);
    if (!errors.empty()) return FailField(errors.front().field, errors.front().message);
    return Ok();
}

// next_run_at of an enabled schedule: the first slot after `now`. kInvalidArgument ("cron") when there is none.
Result<std::optional<std::string>> NextRunText(const store::ScanScheduleRecord& s, TimePoint now) {
    if (!s.enabled) return std::optional<std::string>();
    auto spec = ParseCron(s.cron);
    if (!spec) return tl::unexpected<Error>(spec.error());
    auto next = NextRun(*spec, s.timezone, now);
    if (!next) {
        return FailField("cron", "has no run in the next " + std::to_string(kCronHorizonYears) + " years");
    }
    return std::optional<std::string>(FormatTime(*next));
}

identity::AuditEvent SchedulerEvent(const store::ScanScheduleRecord& s, std::string outcome, std::string summary) {
    identity::AuditEvent e{"scan_schedules.run", kObjectType, s.id, std::move(outcome), std::move(summary)};
    e.org_id = s.org_id;
    e.actor_label = "scheduler";
    return e;
}

}  // namespace

ScheduleService::ScheduleService(ScheduleServiceDeps deps) : deps_(std::move(deps)) {}

Result<store::ScanScheduleRecord> ScheduleService::Create(const identity::RequestContext& ctx,
                                                          const ScheduleInput& input) {
    auto who = identity::RequirePrincipal(ctx);
    if (!who) return tl::unexpected<Error>(who.error());
    store::ScanScheduleRecord s;
    s.org_id = who->org_id;
    s.name = input.name;
    s.cron = input.cron;
    s.timezone = input.timezone;
    s.profile = input.profile;
    s.modules_json = ToJsonArray(input.modules);
    s.options_json = json::serialize(input.options);
    s.enabled = input.enabled;
    s.created_by = who->user_id;
    auto targets = CheckShape(deps_, s, input.targets);
    if (!targets) return tl::unexpected<Error>(targets.error());
    auto next = NextRunText(s, deps_.identity.clock.Now());
    if (!next) return tl::unexpected<Error>(next.error());
    s.next_run_at = *next;
    s.id = identity::NewId(deps_.identity);
    s.created_at = s.updated_at = identity::NowText(deps_.identity);
    auto written = deps_.identity.store.Write([&](store::Tx& tx) -> Status {
        if (auto ok = CheckInOrg(tx, s, *targets); !ok) return ok;
        store::scan_schedules::Insert(tx, s);
        identity::Audit(tx, deps_.identity, ctx,
                        {"scan_schedules.create", kObjectType, s.id, "success", s.name + " (" + s.cron + ")"});
        return Ok();
    });
    if (!written) return tl::unexpected<Error>(written.error());
    return s;
}

Result<identity::Page<store::ScanScheduleRecord>> ScheduleService::List(const identity::RequestContext& ctx,
                                                                         const std::string& cursor, int limit) {
    auto who = identity::RequirePrincipal(ctx);
    if (!who) return tl::unexpected<Error>(who.error());
    const int n = identity::ClampLimit(limit);
    auto rows = deps_.identity.store.Read([&](store::Tx& tx) -> Result<std::vector<store::ScanScheduleRecord>> {
        return store::scan_schedules::List(tx, who->org_id, cursor, n + 1);
    });
    if (!rows) return tl::unexpected<Error>(rows.error());
    return identity::ToPage(std::move(*rows), n, [](const store::ScanScheduleRecord& s) { return s.id; });
}

Result<store::ScanScheduleRecord> ScheduleService::Get(const identity::RequestContext& ctx, const std::string& id) {
    auto who = identity::RequirePrincipal(ctx);
    if (!who) return tl::unexpected<Error>(who.error());
    return deps_.identity.store.Read([&](store::Tx& tx) -> Result<store::ScanScheduleRecord> {
        auto s = store::scan_schedules::Get(tx, who->org_id, id);
        if (!s) return Fail(ErrorCode::kNotFound, "no such schedule");
        return *s;
    });
}

Result<store::ScanScheduleRecord> ScheduleService::Update(const identity::RequestContext& ctx, const std::string& id,
                                                          const SchedulePatch& patch) {
    auto who = identity::RequirePrincipal(ctx);
    if (!who) return tl::unexpected<Error>(who.error());
    const TimePoint now = deps_.identity.clock.Now();
    auto written = deps_.identity.store.Write([&](store::Tx& tx) -> Status {
        auto found = store::scan_schedules::Get(tx, who->org_id, id);
        if (!found) return Fail(ErrorCode::kNotFound, "no such schedule");
        store::ScanScheduleRecord s = *found;
        if (patch.name) s.name = *patch.name;
        if (patch.cron) s.cron = *patch.cron;
        if (patch.timezone) s.timezone = *patch.timezone;
        if (patch.profile) s.profile = *patch.profile;
        if (patch.modules) s.modules_json = ToJsonArray(*patch.modules);
        if (patch.options) s.options_json = json::serialize(*patch.options);
        if (patch.enabled) s.enabled = *patch.enabled;
        auto targets = CheckShape(deps_, s, patch.targets ? *patch.targets : FromJsonArray(found->targets_json));
        if (!targets) return tl::unexpected<Error>(targets.error());
        // Scope and plan are checked again when they change, and when the schedule is switched on; renaming or
        // disabling a schedule whose targets have since left the scope stays possible.
        const bool enabling = s.enabled && !found->enabled;
        if (patch.targets || patch.profile || patch.modules || patch.options || enabling) {
            if (auto ok = CheckInOrg(tx, s, *targets); !ok) return ok;
        }
        const bool timing = s.cron != found->cron || s.timezone != found->timezone || s.enabled != found->enabled;
        if (timing || (s.enabled && !s.next_run_at)) {
            auto next = NextRunText(s, now);
            if (!next) return tl::unexpected<Error>(next.error());
            s.next_run_at = *next;
        }
        s.updated_at = FormatTime(now);
        if (!store::scan_schedules::UpdateDefinition(tx, s)) return Fail(ErrorCode::kNotFound, "no such schedule");
        identity::Audit(tx, deps_.identity, ctx, {"scan_schedules.update", kObjectType, s.id, "success", s.name});
        return Ok();
    });
    if (!written) return tl::unexpected<Error>(written.error());
    return Get(ctx, id);  // with the run bookkeeping as stored now
}

Status ScheduleService::Delete(const identity::RequestContext& ctx, const std::string& id) {
    auto who = identity::RequirePrincipal(ctx);
    if (!who) return tl::unexpected<Error>(who.error());
    return deps_.identity.store.Write([&](store::Tx& tx) -> Status {
        auto s = store::scan_schedules::Get(tx, who->org_id, id);
        if (!s || !store::scan_schedules::Delete(tx, who->org_id, id)) {
            return Fail(ErrorCode::kNotFound, "no such schedule");
        }
        identity::Audit(tx, deps_.identity, ctx, {"scan_schedules.delete", kObjectType, id, "success", s->name});
        return Ok();
    });
}

Result<store::ScanRecord> ScheduleService::RunNow(const identity::RequestContext& ctx, const std::string& id) {
    auto s = Get(ctx, id);
    if (!s) return tl::unexpected<Error>(s.error());
    auto scan = deps_.scans.Create(ctx, RequestOf(*s));
    if (!scan) return scan;
    const std::string now = identity::NowText(deps_.identity);
    auto recorded = deps_.identity.store.Write([&](store::Tx& tx) -> Status {
        store::scan_schedules::SetLastScan(tx, s->id, scan->id, now, now);
        identity::Audit(tx, deps_.identity, ctx,
                        {"scan_schedules.run", kObjectType, s->id, "success", "run now: scan " + scan->id});
        return Ok();
    });
    if (!recorded) {
        log::Warn("schedule run not recorded", {{"schedule_id", s->id}, {"scan_id", scan->id},
                                                {"error", recorded.error().detail}});
    }
    return scan;
}

Result<int> ScheduleService::Tick(TimePoint now) {
    const std::string now_text = FormatTime(now);
    int started = 0;
    for (int batch = 0; batch < kMaxTickBatches; ++batch) {
        auto due = deps_.identity.store.Read([&](store::Tx& tx) -> Result<std::vector<store::ScanScheduleRecord>> {
            return store::scan_schedules::Due(tx, now_text, deps_.tick_batch);
        });
        if (!due) return tl::unexpected<Error>(due.error());
        for (const auto& s : *due) {
            if (RunDue(s, now, now_text)) ++started;
        }
        if (static_cast<int>(due->size()) < deps_.tick_batch) break;
    }
    return started;
}

bool ScheduleService::RunDue(const store::ScanScheduleRecord& s, TimePoint now, const std::string& now_text) {
    // The next slot first: a schedule whose saved cron or zone no longer reads (edited by hand, zone removed
    // from the tz database) is parked with next_run_at NULL rather than retried on every tick.
    std::optional<std::string> next;
    std::string problem;
    auto spec = ParseCron(s.cron);
    if (!spec) {
        problem = "the saved cron expression is invalid: " + spec.error().message;
    } else if (auto tz = ValidateTimeZone(s.timezone); !tz) {
        problem = "the saved time zone is invalid: " + tz.error().message;
    } else if (auto at = NextRun(*spec, s.timezone, now)) {
        next = FormatTime(*at);
    }

    // Claim the slot: only the caller whose compare-and-set on next_run_at succeeds goes on.
    bool won = false;
    auto claimed = deps_.identity.store.Write([&](store::Tx& tx) -> Status {
        won = store::scan_schedules::Advance(tx, s.id, s.next_run_at, next, now_text, s.last_scan_id.value_or(""));
        if (won && !s.last_scan_id) store::scan_schedules::SetLastScan(tx, s.id, std::nullopt, std::nullopt, now_text);
        return Ok();
    });
    if (!claimed) {
        log::Warn("schedule not claimed", {{"schedule_id", s.id}, {"error", claimed.error().detail}});
        return false;
    }
    if (!won) return false;  // another caller took this slot, or the schedule changed meanwhile

    if (problem.empty()) {
        auto scan = deps_.scans.CreateForOrg(s.org_id, "", RequestOf(s));
        if (scan) {
            auto recorded = deps_.identity.store.Write([&](store::Tx& tx) -> Status {
                store::scan_schedules::SetLastScan(tx, s.id, scan->id, std::nullopt, now_text);
                identity::Audit(tx, deps_.identity, identity::RequestContext{},
                                SchedulerEvent(s, "success", "scan " + scan->id));
                return Ok();
            });
            if (!recorded) {
                log::Warn("schedule run not recorded", {{"schedule_id", s.id}, {"scan_id", scan->id},
                                                        {"error", recorded.error().detail}});
            }
            log::Info("scheduled scan started", {{"schedule_id", s.id}, {"scan_id", scan->id}, {"org_id", s.org_id}});
            return true;
        }
        problem = scan.error().message;
    }
    log::Warn("scheduled scan not started", {{"schedule_id", s.id}, {"org_id", s.org_id}, {"error", problem}});
    identity::AuditAlone(deps_.identity, identity::RequestContext{}, SchedulerEvent(s, "failure", problem));
    return false;
}

}  // namespace palisade::scans

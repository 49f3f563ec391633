// SPDX-License-Identifier: Apache-2.0
#include "scans/scan_service.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <map>
#include <set>

#include "core/crypto.hpp"
#include "core/time.hpp"
#include "identity/common.hpp"
#include "jobs/job_queue.hpp"
#include "log/log.hpp"
#include "scan/engine/target.hpp"
#include "scans/scan_event_log.hpp"
#include "scans/scan_plan.hpp"
#include "store/store.hpp"

namespace palisade::scans {

namespace json = boost::json;

namespace {

bool Ended(const std::string& state) { return state == "done" || state == "failed" || state == "cancelled"; }

json::object ParseObject(const std::string& text) {
    boost::system::error_code ec;
    auto v = json::parse(text, ec);
    if (ec || !v.is_object()) return {};
    return v.as_object();
}

ProfileView ViewOf(const store::ScanProfileRecord& p) {
    return ProfileView{p.id, p.name, p.description, false, FromJsonArray(p.modules_json), ParseObject(p.options_json),
                       p.created_at};
}

std::string Joined(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
    return out;
}

// The findings of a stored contract JSON, by fingerprint.
std::map<std::string, FindingSummary> FindingsOf(const std::string& report_json) {
    std::map<std::string, FindingSummary> out;
    json::object report = ParseObject(report_json);
    const json::value* findings = report.if_contains("findings");
    if (findings == nullptr || !findings->is_array()) return out;
    auto text = [](const json::object& o, std::string_view key) {
        const json::value* v = o.if_contains(key);
        return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
    };
    for (const auto& f : findings->as_array()) {
        if (!f.is_object()) continue;
        const json::object& o = f.as_object();
        FindingSummary s{text(o, "fingerprint"), text(o, "check"), text(o, "title"), text(o, "severity"),
                         text(o, "location")};
        if (!s.fingerprint.empty()) out.emplace(s.fingerprint, std::move(s));
    }
    return out;
}

}  // namespace

ScanService::ScanService(ScanServiceDeps deps) : deps_(std::move(deps)) {}

Result<OrgScope> ScanService::GetScope(const identity::RequestContext& ctx) {
    auto who = identity::RequirePrincipal(ctx);
    if (!who) return tl::unexpected<Error>(who.error());
    return deps_.identity.store.Read([&](store::Tx& tx) -> Result<OrgScope> {
        OrgScope scope;
        if (auto row = store::scopes::Get(tx, who->org_id)) {
            scope.domains = FromJsonArray(row->domains_json);
            scope.cidrs = FromJsonArray(row->cidrs_json);
        }
        return scope;
    });
}

Result<OrgScope> ScanService::PutScope(const identity::RequestContext& ctx, const OrgScope& scope) {
    auto who = identity::RequirePrincipal(ctx);
    if (!who) return tl::unexpected<Error>(who.error());
    return deps_.identity.store.Write([&](store::Tx& tx) -> Result<OrgScope> {
        store::ScopeRecord row{who->org_id, ToJsonArray(scope.domains), ToJsonArray(scope.cidrs), who->user_id,
                               identity::NowText(deps_.identity)};
        store::scopes::Put(tx, row);
        identity::Audit(tx, deps_.identity, ctx,
                        {"scope.update", "organization", who->org_id, "success",
                         std::to_string(scope.domains.size()) + " domains, " + std::to_string(scope.cidrs.size()) +
                             " CIDR ranges"});
        return scope;
    });
}

Result<std::vector<ProfileView>> ScanService::ListProfiles(const identity::RequestContext& ctx) {
    auto who = identity::RequirePrincipal(ctx);
    if (!who) return tl::unexpected<Error>(who.error());
    std::vector<ProfileView> out;
    for (const auto& b : BuiltinProfiles()) out.push_back({b.name, b.name, b.description, true, b.modules, b.options, ""});
    auto custom = deps_.identity.store.Read([&](store::Tx& tx) -> Result<std::vector<store::ScanProfileRecord>> {
        return store::scan_profiles::List(tx, who->org_id);
    });
    if (!custom) return tl::unexpected<Error>(custom.error());
    for (const auto& p : *custom) out.push_back(ViewOf(p));
    return out;
}

Result<ProfileView> ScanService::CreateProfile(const identity::RequestContext& ctx, const std::string& name,
                                               const std::string& description, const std::vector<std::string>& modules,
                                               const json::object& options) {
    auto who = identity::RequirePrincipal(ctx);
    if (!who) return tl::unexpected<Error>(who.error());
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    if (FindBuiltinProfile(lower) != nullptr) return FailField("name", "is the name of a built-in profile");
    std::vector<server::FieldError> errors;
    auto ordered = ValidatePlan(modules, options, errors);
    if (!errors.empty()) return FailField(errors.front().field, errors.front().message);
    store::ScanProfileRecord p;
    p.id = identity::NewId(deps_.identity);
    p.org_id = who->org_id;
    p.name = name;
    p.description = description;
    p.modules_json = ToJsonArray(ordered);
    p.options_json = json::serialize(options);
    p.created_by = who->user_id;
    p.created_at = p.updated_at = identity::NowText(deps_.identity);
    auto written = deps_.identity.store.Write([&](store::Tx& tx) -> Status {
        if (store::scan_profiles::FindByName(tx, p.org_id, name)) {
            Error e{ErrorCode::kAlreadyExists, "a profile of that name exists", {}, "name", 0};
            return tl::unexpected<Error>(e);
        }
        store::scan_profiles::Insert(tx, p);
        identity::Audit(tx, deps_.identity, ctx, {"scan_profiles.create", "scan_profile", p.id, "success", name});
        return Ok();
    });
    if (!written) {
        if (written.error().code == ErrorCode::kConflict) {
            Error e{ErrorCode::kAlreadyExists, "a profile of that name exists", {}, "name", 0};
            return tl::unexpected<Error>(e);
        }
        return tl::unexpected<Error>(written.error());
    }
    return ViewOf(p);
}

Status ScanService::DeleteProfile(const identity::RequestContext& ctx, const std::string& id) {
    auto who = identity::RequirePrincipal(ctx);
    if (!who) return tl::unexpected<Error>(who.error());
    return deps_.identity.store.Write([&](store::Tx& tx) -> Status {
        if (!store::scan_profiles::Delete(tx, who->org_id, id)) return Fail(ErrorCode::kNotFound, "no such profile");
        identity::Audit(tx, deps_.identity, ctx, {"scan_profiles.delete", "scan_profile", id, "success", ""});
        return Ok();
    });
}

Result<store::ScanRecord> ScanService::Create(const identity::RequestContext& ctx, const ScanRequest& request) {
    auto who = identity::RequirePrincipal(ctx);
    if (!who) return tl::unexpected<Error>(who.error());
    return CreateIn(who->org_id, who->user_id, request, &ctx);
}

Result<store::ScanRecord> ScanService::CreateForOrg(const std::string& org_id, const std::string& created_by,
                                                    const ScanRequest& request) {
    std::optional<std::string> by;
    if (!created_by.empty()) by = created_by;
    return CreateIn(org_id, by, request, nullptr);
}

Result<store::ScanRecord> ScanService::CreateIn(const std::string& org_id, const std::optional<std::string>& created_by,
                                                const ScanRequest& request, const identity::RequestContext* ctx) {
    if (request.targets.empty()) return FailField("targets", "must name at least one target");
    if (request.targets.size() > deps_.limits.max_targets) {
        return FailField("targets", "must name at most " + std::to_string(deps_.limits.max_targets) + " targets");
    }
    auto targets = scan::ParseTargets(request.targets, scan::TargetLimits{deps_.limits.max_addresses, false});
    if (!targets) return FailField("targets", targets.error().message);

    // The plan: a profile (built-in or custom) and the request's own modules and options over it.
    std::vector<std::string> modules;
    json::object options;
    if (!request.profile.empty()) {
        if (const BuiltinProfile* b = FindBuiltinProfile(request.profile)) {
            modules = b->modules;
            options = b->options;
        } else {
            auto custom = deps_.identity.store.Read([&](store::Tx& tx) -> Result<std::optional<store::ScanProfileRecord>> {
                return store::scan_profiles::FindByName(tx, org_id, request.profile);
            });
            if (!custom) return tl::unexpected<Error>(custom.error());
            if (!*custom) return FailField("profile", "is not a known profile (quick, standard, full or a saved one)");
            modules = FromJsonArray((*custom)->modules_json);
            options = ParseObject((*custom)->options_json);
        }
    } else if (!request.modules) {
        return FailField("profile", "is required when no modules are given");
    }
    if (request.modules) modules = *request.modules;
    options = MergeOptions(options, request.options);
    std::vector<server::FieldError> errors;
    modules = ValidatePlan(modules, options, errors);
    if (!errors.empty()) return FailField(errors.front().field, errors.front().message);

    std::vector<std::string> canonical;
    for (const auto& t : *targets) canonical.push_back(t.ToString());
    const std::string now = identity::NowText(deps_.identity);
    store::ScanRecord scan;
    scan.id = identity::NewId(deps_.identity);
    scan.org_id = org_id;
    scan.created_by = created_by;
    scan.schedule_id = request.schedule_id;
    scan.profile = request.profile;
    scan.targets_json = ToJsonArray(canonical);
    scan.modules_json = ToJsonArray(modules);
    scan.options_json = json::serialize(options);
    scan.state = "queued";
    scan.created_at = scan.updated_at = now;

    store::ScanEventRecord queued_event;
    auto written = deps_.identity.store.Write([&](store::Tx& tx) -> Status {
        OrgScope scope;
        if (auto row = store::scopes::Get(tx, org_id)) {
            scope.domains = FromJsonArray(row->domains_json);
            scope.cidrs = FromJsonArray(row->cidrs_json);
        }
        auto outside = OutOfScope(scope, *targets);
        if (!outside.empty()) {
            Error e{ErrorCode::kInvalidArgument,
                    "outside the organisation's scope: " + Joined(outside) +
                        " (an admin adds domains and CIDR ranges at PUT /api/v1/orgs/current/scope)",
                    kOutOfScopeDetail, "targets", 0};
            return tl::unexpected<Error>(e);
        }
        store::scans::Insert(tx, scan);
        queued_event = deps_.events.Stage(tx, org_id, scan.id, "state", json::object{{"state", "queued"}});
        if (ctx != nullptr) {
            identity::Audit(tx, deps_.identity, *ctx, {"scans.create", "scan", scan.id, "success", Joined(canonical)});
        }
        return Ok();
    });
    if (!written) return tl::unexpected<Error>(written.error());
    deps_.events.Publish(queued_event);

    // The job goes in after the scan row is committed: a worker that takes it at once finds its scan.
    jobs::JobSpec spec;
    spec.kind = kScanJobKind;
    spec.org_id = org_id;
    spec.payload_json = json::serialize(json::object{{"scan_id", scan.id}});
    spec.priority = request.priority;
    spec.max_attempts = deps_.max_attempts;
    spec.dedup_key = "scan:" + scan.id;
    auto job = deps_.queue.Enqueue(spec);
    if (!job) {
        // Nothing will run it: end the scan rather than leave it queued forever.
        store::ScanRecord failed = scan;
        failed.state = "failed";
        failed.error = "the job could not be queued: " + job.error().message;
        failed.updated_at = identity::NowText(deps_.identity);
        (void)deps_.identity.store.Write([&](store::Tx& tx) -> Status {
            store::scans::Finish(tx, failed);
            return Ok();
        });
        return tl::unexpected<Error>(job.error());
    }
    scan.job_id = job->id;
    (void)deps_.identity.store.Write([&](store::Tx& tx) -> Status {
        store::scans::SetJob(tx, scan.id, job->id, now);
        return Ok();
    });
    if (deps_.job_enqueued) deps_.job_enqueued();
    log::Info("scan queued", {{"scan_id", scan.id}, {"job_id", job->id}, {"org_id", org_id}});
    return scan;
}

Result<identity::Page<store::ScanRecord>> ScanService::List(const identity::RequestContext& ctx,
                                                            store::scans::ListFilter filter) {
    auto who = identity::RequirePrincipal(ctx);
    if (!who) return tl::unexpected<Error>(who.error());
    const int n = identity::ClampLimit(filter.limit);
    filter.limit = n + 1;
    auto rows = deps_.identity.store.Read([&](store::Tx& tx) -> Result<std::vector<store::ScanRecord>> {
        return store::scans::List(tx, who->org_id, filter);
    });
    if (!rows) return tl::unexpected<Error>(rows.error());
    return identity::ToPage(std::move(*rows), n, [](const store::ScanRecord& s) { return s.id; });
}

Result<store::ScanRecord> ScanService::Get(const identity::RequestContext& ctx, const std::string& id) {
    auto who = identity::RequirePrincipal(ctx);
    if (!who) return tl::unexpected<Error>(who.error());
    return deps_.identity.store.Read([&](store::Tx& tx) -> Result<store::ScanRecord> {
        auto scan = store::scans::Get(tx, who->org_id, id);
        if (!scan) return Fail(ErrorCode::kNotFound, "no such scan");
        return *scan;
    });
}

Result<std::map<std::string, long long>> ScanService::LatestGrades(const identity::RequestContext& ctx) {
    auto who = identity::RequirePrincipal(ctx);
    if (!who) return tl::unexpected<Error>(who.error());
    return deps_.identity.store.Read([&](store::Tx& tx) -> Result<std::map<std::string, long long>> {
        return store::scans::LatestGrades(tx, who->org_id);
    });
}

Result<std::string> ScanService::Results(const identity::RequestContext& ctx, const std::string& id, bool sarif) {
    auto scan = Get(ctx, id);
    if (!scan) return tl::unexpected<Error>(scan.error());
    if (!Ended(scan->state)) return Fail(ErrorCode::kConflict, "the scan has not ended yet (state " + scan->state + ")");
    auto result = deps_.identity.store.Read([&](store::Tx& tx) -> Result<std::optional<std::string>> {
        return store::scans::GetResult(tx, id, sarif);
    });
    if (!result) return tl::unexpected<Error>(result.error());
    if (!*result) return Fail(ErrorCode::kConflict, "the scan ended without a result: " + scan->error);
    return std::move(**result);
}

Result<std::vector<store::ScanEventRecord>> ScanService::Events(const identity::RequestContext& ctx,
                                                                const std::string& id, std::int64_t after_seq,
                                                                int limit) {
    auto scan = Get(ctx, id);
    if (!scan) return tl::unexpected<Error>(scan.error());
    return deps_.events.List(id, after_seq, limit);
}

Result<store::ScanRecord> ScanService::Cancel(const identity::RequestContext& ctx, const std::string& id) {
    auto scan = Get(ctx, id);
    if (!scan) return tl::unexpected<Error>(scan.error());
    if (Ended(scan->state)) return scan;
    if (scan->job_id) {
        auto job = deps_.queue.RequestCancel(scan->org_id, *scan->job_id);
        if (!job) return tl::unexpected<Error>(job.error());
        if (job->state == jobs::JobState::kRunning && deps_.cancel_local) deps_.cancel_local(job->id);
        if (job->state == jobs::JobState::kRunning) {
            identity::AuditAlone(deps_.identity, ctx, {"scans.cancel", "scan", id, "success", "stopping"});
            return Get(ctx, id);  // the worker ends it (state cancelled) with the partial result
        }
    }
    // Queued (or its job already gone): nothing runs it, so it ends here.
    store::ScanRecord ended = *scan;
    ended.state = "cancelled";
    ended.complete = false;
    ended.incomplete_reason = "cancelled";
    ended.updated_at = identity::NowText(deps_.identity);
    ended.finished_at = ended.updated_at;
    store::ScanEventRecord event;
    bool changed = false;
    auto written = deps_.identity.store.Write([&](store::Tx& tx) -> Status {
        changed = store::scans::Finish(tx, ended);
        if (changed) {
            event = deps_.events.Stage(tx, scan->org_id, id, "state",
                                       json::object{{"state", "cancelled"}, {"complete", false}});
            identity::Audit(tx, deps_.identity, ctx, {"scans.cancel", "scan", id, "success", "before it started"});
        }
        return Ok();
    });
    if (!written) return tl::unexpected<Error>(written.error());
    if (changed) deps_.events.Publish(event);
    return Get(ctx, id);
}

Status ScanService::Delete(const identity::RequestContext& ctx, const std::string& id) {
    auto scan = Get(ctx, id);
    if (!scan) return tl::unexpected<Error>(scan.error());
    if (!Ended(scan->state)) return Fail(ErrorCode::kConflict, "only ended scans can be deleted; cancel it first");
    return deps_.identity.store.Write([&](store::Tx& tx) -> Status {
        if (!store::scans::Delete(tx, scan->org_id, id)) return Fail(ErrorCode::kNotFound, "no such scan");
        identity::Audit(tx, deps_.identity, ctx, {"scans.delete", "scan", id, "success", scan->targets_json});
        return Ok();
    });
}

Result<ScanDiff> ScanService::Diff(const identity::RequestContext& ctx, const std::string& id,
                                   const std::string& against_id) {
    auto a = Get(ctx, id);
    if (!a) return tl::unexpected<Error>(a.error());
    auto b = Get(ctx, against_id);
    if (!b) {
        if (b.error().code == ErrorCode::kNotFound) return FailField("against", "is not a scan of this organisation");
        return tl::unexpected<Error>(b.error());
    }
    auto ta = FromJsonArray(a->targets_json);
    auto tb = FromJsonArray(b->targets_json);
    std::sort(ta.begin(), ta.end());
    std::sort(tb.begin(), tb.end());
    if (ta != tb) return FailField("against", "scans a different set of targets");
    auto ra = Results(ctx, id, false);
    if (!ra) return tl::unexpected<Error>(ra.error());
    auto rb = Results(ctx, against_id, false);
    if (!rb) return tl::unexpected<Error>(rb.error());
    // The older scan is the base, whichever order they were given in (UUIDv7 ids break ties in creation time).
    const bool a_newer = a->created_at != b->created_at ? a->created_at > b->created_at : a->id > b->id;
    auto newer = FindingsOf(a_newer ? *ra : *rb);
    auto older = FindingsOf(a_newer ? *rb : *ra);
    ScanDiff diff;
    diff.scan_id = a_newer ? a->id : b->id;
    diff.base_scan_id = a_newer ? b->id : a->id;
    for (auto& [fp, f] : newer) {
        if (older.count(fp)) {
            diff.unchanged.push_back(f);
        } else {
            diff.new_findings.push_back(f);
        }
    }
    for (auto& [fp, f] : older) {
        if (!newer.count(fp)) diff.fixed.push_back(f);
    }
    return diff;
}

Result<int> ScanService::ReconcileOrphans() {
    // Scans that are not ended, oldest first; a handful per call is plenty (orphans are rare).
    auto rows = deps_.identity.store.Read([&](store::Tx& tx) -> Result<std::vector<store::ScanRecord>> {
        return store::scans::ListUnended(tx, 200);
    });
    if (!rows) return tl::unexpected<Error>(rows.error());
    int ended = 0;
    for (const auto& scan : *rows) {
        if (!scan.job_id) continue;
        auto job = deps_.queue.GetAny(*scan.job_id);
        if (!job) continue;
        if (job->state != jobs::JobState::kFailed && job->state != jobs::JobState::kCancelled) continue;
        store::ScanRecord out = scan;
        out.state = job->state == jobs::JobState::kFailed ? "failed" : "cancelled";
        out.error = job->error.empty() ? "the scan's job ended without a result" : job->error;
        out.complete = false;
        out.updated_at = identity::NowText(deps_.identity);
        out.finished_at = out.updated_at;
        store::ScanEventRecord event;
        bool changed = false;
        auto written = deps_.identity.store.Write([&](store::Tx& tx) -> Status {
            changed = store::scans::Finish(tx, out);
            if (changed) {
                event = deps_.events.Stage(tx, scan.org_id, scan.id, "state",
                                           json::object{{"state", out.state}, {"error", out.error}});
            }
            return Ok();
        });
        if (written && changed) {
            deps_.events.Publish(event);
            log::Warn("scan ended by its job", {{"scan_id", scan.id}, {"state", out.state}, {"error", out.error}});
            ++ended;
        }
    }
    return ended;
}

}  // namespace palisade::scans

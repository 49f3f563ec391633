// SPDX-License-Identifier: Apache-2.0
#include "scans/scan_job.hpp"

#include <algorithm>
#include <cmath>
#include <boost/json.hpp>
#include <map>
#include <mutex>

#include "core/time.hpp"
#include "log/log.hpp"
#include "scan/output/output.hpp"
#include "scan/runner/scanner.hpp"
#include "scans/scan_event_log.hpp"
#include "scans/scan_plan.hpp"
#include "scans/scan_service.hpp"
#include "scans/scope.hpp"
#include "store/store.hpp"

namespace palisade::scans {

namespace json = boost::json;

namespace {

using SteadyClock = std::chrono::steady_clock;

json::object ParseObject(const std::string& text) {
    boost::system::error_code ec;
    auto v = json::parse(text, ec);
    if (ec || !v.is_object()) return {};
    return v.as_object();
}

// Progress of one running scan: which (target, module) runs, how far, findings so far. Called from the engine's
// threads; writes are throttled.
class ProgressTracker {
  public:
    static constexpr int kMaxStreamedFindings = 200;

    ProgressTracker(const ScanJobDeps& deps, jobs::JobContext& job, const store::ScanRecord& scan,
                    std::vector<std::string> targets, std::vector<std::string> modules)
        : deps_(deps), job_(job), scan_(scan), targets_(std::move(targets)), modules_(std::move(modules)),
          started_(SteadyClock::now()) {}

    void OnProgress(const std::string& target, const std::string& module, double fraction) {
        std::lock_guard lock(mutex_);
        const std::size_t unit = Unit(target, module);
        if (unit != current_unit_) {
            current_unit_ = unit;
            Emit("module_started", json::object{{"target", target}, {"module", module}});
        }
        fraction_ = std::clamp(fraction, 0.0, 1.0);
        if (SteadyClock::now() - last_progress_ >= deps_.progress_interval) EmitProgress(target, module);
    }

    // The first kMaxStreamedFindings findings go out as `finding` events as they are found (the live view lists
    // them); beyond that only the count in `progress` grows, so a noisy scan cannot flood the event log.
    void OnFinding(const std::string& target, const scan::Finding& finding) {
        std::lock_guard lock(mutex_);
        ++findings_;
        const bool first_time = target_of_.emplace(finding.fingerprint, target).second;
        if (!first_time || streamed_ >= kMaxStreamedFindings) return;
        ++streamed_;
        Emit("finding", json::object{{"fingerprint", finding.fingerprint},
                                     {"check", finding.check},
                                     {"title", finding.title},
                                     {"severity", std::string(scan::SeverityName(finding.severity))},
                                     {"location", finding.location},
                                     {"target", target}});
    }

    void OnModuleDone(const std::string& target, const scan::ModuleReport& report) {
        std::lock_guard lock(mutex_);
        current_unit_ = Unit(target, report.name);
        fraction_ = 1.0;
        json::object data{{"target", target},
                          {"module", report.name},
                          {"status", std::string(scan::ModuleStatusName(report.status))},
                          {"duration_ms", report.duration_ms}};
        if (!report.error.empty()) data["error"] = report.error;
        if (report.grade) data["grade"] = *report.grade;
        Emit("module_finished", data);
        EmitProgress(target, report.name);
    }

    std::string TargetOf(const scan::Finding& f) const {
        std::lock_guard lock(mutex_);
        auto it = target_of_.find(f.fingerprint);
        return it != target_of_.end() ? it->second : (targets_.empty() ? std::string() : targets_.front());
    }

  private:
    std::size_t Unit(const std::string& target, const std::string& module) const {
        auto t = std::find(targets_.begin(), targets_.end(), target);
        auto m = std::find(modules_.begin(), modules_.end(), module);
        const std::size_t ti = t == targets_.end() ? 0 : static_cast<std::size_t>(t - targets_.begin());
        const std::size_t mi = m == modules_.end() ? 0 : static_cast<std::size_t>(m - modules_.begin());
        return ti * modules_.size() + mi;
    }

    // REQUIRES mutex_.
    void EmitProgress(const std::string& target, const std::string& module) {
        last_progress_ = SteadyClock::now();
        const double total = static_cast<double>(std::max<std::size_t>(1, targets_.size() * modules_.size()));
        const double done = std::min(1.0, (static_cast<double>(current_unit_) + fraction_) / total);
        const double elapsed_s = std::chrono::duration<double>(SteadyClock::now() - started_).count();
        json::object data{{"percent", static_cast<std::int64_t>(std::floor(done * 100))},
                          {"target", target},
                          {"module", module},
                          {"findings", findings_}};
        if (done >= 0.02 && done < 1.0) {
            data["eta_s"] = static_cast<std::int64_t>(std::ceil(elapsed_s * (1.0 - done) / done));
        }
        Emit("progress", data);
        job_.Progress(done);
        const std::string now = FormatTime(deps_.clock.Now());
        (void)deps_.store.Write([&](store::Tx& tx) -> Status {
            store::scans::SetProgress(tx, scan_.id, done, findings_, now);
            return Ok();
        });
    }

    void Emit(const std::string& type, const json::object& data) {
        auto stored = deps_.events.Append(scan_.org_id, scan_.id, type, data);
        if (!stored) log::Warn("scan event not stored", {{"scan_id", scan_.id}, {"error", stored.error().message}});
    }

    const ScanJobDeps& deps_;
    jobs::JobContext& job_;
    const store::ScanRecord& scan_;
    const std::vector<std::string> targets_;
    const std::vector<std::string> modules_;
    const SteadyClock::time_point started_;
    mutable std::mutex mutex_;
    std::size_t current_unit_ = static_cast<std::size_t>(-1);
    double fraction_ = 0;
    int findings_ = 0;
    int streamed_ = 0;
    SteadyClock::time_point last_progress_{};
    std::map<std::string, std::string> target_of_;
};

// Ends the scan in one transaction with its final event; publishes the event after the commit, then tells
// on_ended (notifications).
void EndScan(const ScanJobDeps& deps, store::ScanRecord ended, json::object event_data,
             const std::vector<std::string>& new_finding_ids = {}) {
    const std::string now = FormatTime(deps.clock.Now());
    ended.updated_at = now;
    ended.finished_at = now;
    store::ScanEventRecord event;
    bool changed = false;
    auto written = deps.store.Write([&](store::Tx& tx) -> Status {
        changed = store::scans::Finish(tx, ended);
        if (changed) event = deps.events.Stage(tx, ended.org_id, ended.id, "state", event_data);
        return Ok();
    });
    if (!written) {
        log::Error("scan end not stored", {{"scan_id", ended.id}, {"error", written.error().message}});
        return;
    }
    if (changed) deps.events.Publish(event);
    if (deps.on_ended) deps.on_ended(ended, new_finding_ids);
}

jobs::JobOutcome FailScan(const ScanJobDeps& deps, const store::ScanRecord& scan, const std::string& error) {
    store::ScanRecord ended = scan;
    ended.state = "failed";
    ended.error = error;
    ended.complete = false;
    EndScan(deps, ended, json::object{{"state", "failed"}, {"error", error}});
    log::Warn("scan failed", {{"scan_id", scan.id}, {"error", error}});
    return jobs::JobOutcome::Failed(error);
}

jobs::JobOutcome RunScanJob(const ScanJobDeps& deps, jobs::JobContext& ctx) {
    const json::object payload = ParseObject(ctx.job.payload_json);
    const json::value* id_value = payload.if_contains("scan_id");
    if (id_value == nullptr || !id_value->is_string()) {
        return jobs::JobOutcome::Failed("payload has no scan_id");
    }
    const std::string scan_id(id_value->as_string());
    auto loaded = deps.store.Read([&](store::Tx& tx) -> Result<std::optional<store::ScanRecord>> {
        return store::scans::GetAny(tx, scan_id);
    });
    if (!loaded) return jobs::JobOutcome::Retry(loaded.error().message);
    if (!*loaded) return jobs::JobOutcome::Failed("the scan was deleted");
    const store::ScanRecord scan = **loaded;
    if (scan.state == "done" || scan.state == "failed" || scan.state == "cancelled") {
        // Ended by an earlier attempt whose worker died before the job was recorded: notify again (idempotent).
        if (deps.on_ended) deps.on_ended(scan, {});
        return jobs::JobOutcome::Done();
    }

    // The plan, and the scope once more: it may have changed since the scan was requested.
    const auto target_texts = FromJsonArray(scan.targets_json);
    auto targets = scan::ParseTargets(target_texts, scan::TargetLimits{UINT64_MAX, true});
    if (!targets) return FailScan(deps, scan, "targets: " + targets.error().message);
    auto scope_row = deps.store.Read([&](store::Tx& tx) -> Result<std::optional<store::ScopeRecord>> {
        return store::scopes::Get(tx, scan.org_id);
    });
    if (!scope_row) return jobs::JobOutcome::Retry(scope_row.error().message);
    OrgScope scope;
    if (*scope_row) {
        scope.domains = FromJsonArray((*scope_row)->domains_json);
        scope.cidrs = FromJsonArray((*scope_row)->cidrs_json);
    }
    if (auto outside = OutOfScope(scope, *targets); !outside.empty()) {
        std::string list;
        for (const auto& t : outside) list += (list.empty() ? "" : ", ") + t;
        return FailScan(deps, scan, "no longer in the organisation's scope: " + list);
    }
    const auto modules = FromJsonArray(scan.modules_json);
    auto options = BuildScanOptions(modules, ParseObject(scan.options_json));
    if (!options) return FailScan(deps, scan, options.error().field + ": " + options.error().message);

    const bool retry = scan.state == "running";
    auto marked = deps.store.Write([&](store::Tx& tx) -> Result<store::ScanEventRecord> {
        store::scans::MarkRunning(tx, scan.id, FormatTime(deps.clock.Now()));
        json::object data{{"state", "running"}, {"attempt", ctx.job.attempts}};
        if (retry) data["resumed"] = true;
        return deps.events.Stage(tx, scan.org_id, scan.id, "state", data);
    });
    if (!marked) return jobs::JobOutcome::Retry(marked.error().message);
    deps.events.Publish(*marked);
    log::Info("scan started", {{"scan_id", scan.id}, {"job_id", ctx.job.id}, {"worker", ctx.WorkerId()}});

    scan::StopSource stop;
    ctx.OnCancel([stop]() mutable { stop.RequestStop(); });
    ProgressTracker tracker(deps, ctx, scan, target_texts, options->modules);
    scan::ScanEvents events;
    events.progress = [&](const std::string& target, const std::string& module, double fraction, const std::string&) {
        tracker.OnProgress(target, module, fraction);
    };
    events.finding = [&](const std::string& target, const scan::Finding& f) { tracker.OnFinding(target, f); };
    events.module_done = [&](const std::string& target, const scan::ModuleReport& r) { tracker.OnModuleDone(target, r); };
    auto report = scan::RunScan(*targets, *options, scan::TargetLimits{UINT64_MAX, true}, stop, events);
    if (!report) return FailScan(deps, scan, report.error().message);
    report->scanner_version = deps.version;
    report->command_line = "palisade scan (server scan " + scan.id + ")";
    // Stopped by a shutdown or because another worker owns the job now: leave the scan running for the attempt
    // that follows (it resumes from the start of the scan; its events continue the sequence).
    if (ctx.Reason() == jobs::CancelReason::kShutdown || ctx.Reason() == jobs::CancelReason::kLeaseLost) {
        log::Info("scan handed back", {{"scan_id", scan.id}, {"job_id", ctx.job.id}});
        return jobs::JobOutcome::Cancelled();
    }
    const bool cancelled = stop.StopRequested();
    if (cancelled) {
        report->complete = false;
        report->incomplete_reason = "cancelled";
    }

    // Findings and assets first, then the result and the end of the scan: a worker that dies in between leaves the
    // scan running, and the next attempt redoes the (idempotent) ingest.
    findings::IngestSummary summary;
    if (deps.ingest) {
        findings::ScanIngest ingest;
        ingest.org_id = scan.org_id;
        ingest.scan_id = scan.id;
        ingest.complete = report->complete;
        ingest.report = &*report;
        for (const auto& f : report->findings) ingest.findings.push_back({tracker.TargetOf(f), f});
        auto ingested = deps.ingest(ingest);
        if (!ingested) {
            log::Warn("scan findings not stored", {{"scan_id", scan.id},
                                                   {"error", ingested.error().message},
                                                   {"detail", ingested.error().detail}});
            return jobs::JobOutcome::Retry(ingested.error().message);
        }
        summary = *ingested;
    }
    const std::string report_json = scan::output::ToJson(*report);
    const std::string sarif = scan::output::ToSarif(*report, scan::AllChecks());
    auto stored = deps.store.Write([&](store::Tx& tx) -> Status {
        store::scans::PutResult(tx, scan.id, report_json, sarif, FormatTime(deps.clock.Now()));
        return Ok();
    });
    if (!stored) return jobs::JobOutcome::Retry(stored.error().message);

    json::object summary_json{{"new", summary.new_findings},       {"seen_again", summary.seen_again},
                              {"regressions", summary.regressions}, {"fixed", summary.fixed},
                              {"suppressed", summary.suppressed},   {"assets_created", summary.assets_created},
                              {"assets_updated", summary.assets_updated}};
    store::ScanRecord ended = scan;
    ended.state = cancelled ? "cancelled" : "done";
    ended.complete = report->complete;
    ended.incomplete_reason = report->incomplete_reason;
    ended.score = report->score;
    ended.grade = report->grade;
    ended.findings_count = static_cast<int>(report->findings.size());
    ended.progress = cancelled ? scan.progress : 1.0;
    ended.summary_json = json::serialize(summary_json);
    json::object event{{"state", ended.state},
                       {"complete", ended.complete},
                       {"findings", ended.findings_count},
                       {"summary", summary_json}};
    if (!ended.incomplete_reason.empty()) event["incomplete_reason"] = ended.incomplete_reason;
    if (report->grade) event["grade"] = *report->grade;
    EndScan(deps, ended, event, summary.new_finding_ids);
    log::Info("scan ended", {{"scan_id", scan.id}, {"state", ended.state},
                             {"findings", std::to_string(ended.findings_count)}});
    const std::string result = json::serialize(json::object{{"scan_id", scan.id}, {"summary", summary_json}});
    return cancelled ? jobs::JobOutcome::Cancelled(result) : jobs::JobOutcome::Done(result);
}

}  // namespace

jobs::JobHandler MakeScanJobHandler(ScanJobDeps deps) {
    return [deps = std::move(deps)](jobs::JobContext& ctx) { return RunScanJob(deps, ctx); };
}

}  // namespace palisade::scans

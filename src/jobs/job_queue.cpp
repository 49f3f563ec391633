// SPDX-License-Identifier: Apache-2.0
#include "jobs/job_queue.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include "core/crypto.hpp"
#include "core/strings.hpp"
#include "core/time.hpp"
#include "jobs/job_events.hpp"
#include "log/log.hpp"
#include "store/jobs/job_repository.hpp"

namespace palisade::jobs {

namespace repo = store::jobs;

namespace {

constexpr std::size_t kMaxKindLength = 64;
constexpr int kRecoverBatch = 100;  // expired leases recovered per claim

Job ToJob(const repo::JobRecord& r) {
    Job j;
    j.id = r.id;
    j.kind = r.kind;
    j.org_id = r.org_id.value_or("");
    j.payload_json = r.payload;
    j.state = ParseJobState(r.state).value_or(JobState::kFailed);
    j.priority = r.priority;
    j.attempts = r.attempts;
    j.max_attempts = r.max_attempts;
    j.progress = r.progress;
    j.error = r.error;
    j.result_json = r.result;
    j.lease_owner = r.lease_owner.value_or("");
    j.lease_expires_at = r.lease_expires_at.value_or("");
    j.run_after = r.run_after;
    j.dedup_key = r.dedup_key.value_or("");
    j.created_at = r.created_at;
    j.started_at = r.started_at.value_or("");
    j.finished_at = r.finished_at.value_or("");
    j.updated_at = r.updated_at;
    j.cancel_requested = r.cancel_requested;
    return j;
}

std::string JsonArray(const std::vector<std::string>& items) {
    boost::json::array a;
    for (const auto& s : items) a.emplace_back(s);
    return boost::json::serialize(a);
}

bool IsForeignKeyViolation(const Error& e) {
    return ToLower(e.detail).find("foreign key") != std::string::npos;
}

tl::unexpected<Error> LostLease(const std::string& job_id) {
    return Fail(ErrorCode::kConflict, "the worker no longer holds the job's lease", "job " + job_id);
}

// The job as it is after a change made in `tx`, for the caller and the event.
Job Reload(store::Tx& tx, const std::string& id) {
    auto r = repo::Find(tx, id);
    return r ? ToJob(*r) : Job{};
}

struct Change {
    Job job;
    std::string_view type;
};

// Recovers expired leases inside a claim's transaction; returns what changed.
std::vector<Change> RecoverExpired(store::Tx& tx, const std::string& now) {
    std::vector<Change> out;
    for (const repo::JobRecord& r : repo::LockExpiredLeases(tx, now, kRecoverBatch)) {
        const std::string owner = r.lease_owner.value_or("");
        bool changed = false;
        if (r.cancel_requested) {
            changed = repo::FinishRunning(tx, r.id, owner, "cancelled", "", "worker lost while cancelling",
                                          r.progress, now);
        } else if (r.attempts < r.max_attempts) {
            changed = repo::RequeueRunning(tx, r.id, owner, now, "worker lost: lease expired", 0, now);
        } else {
            const std::string error =
                "worker lost: lease expired after " + std::to_string(r.attempts) + " attempts";
            changed = repo::FinishRunning(tx, r.id, owner, "failed", "", error, r.progress, now);
        }
        if (!changed) continue;
        Job j = Reload(tx, r.id);
        out.push_back(Change{j, EventTypeFor(j.state)});
    }
    return out;
}

}  // namespace

JobQueue::JobQueue(store::Store& store, const Clock& clock, EventBus* bus)
    : store_(store), clock_(clock), bus_(bus) {}

void JobQueue::Publish(const Job& job, std::string_view type, const std::string& at) {
    if (bus_ != nullptr) bus_->Publish(MakeJobEvent(job, type, at));
}

Result<Job> JobQueue::Enqueue(const JobSpec& spec) {
    if (spec.kind.empty() || spec.kind.size() > kMaxKindLength) {
        return FailField("kind", "job kind must have 1 to 64 characters");
    }
    if (spec.max_attempts < 1) return FailField("max_attempts", "max_attempts must be at least 1");
    const TimePoint now_tp = clock_.Now();
    const std::string now = FormatTime(now_tp);
    repo::JobRecord rec;
    rec.id = NewUuidV7(now_tp);
    if (!spec.org_id.empty()) rec.org_id = spec.org_id;
    rec.kind = spec.kind;
    rec.state = "queued";
    rec.priority = spec.priority;
    rec.payload = spec.payload_json.empty() ? "{}" : spec.payload_json;
    rec.max_attempts = spec.max_attempts;
    rec.run_after = FormatTime(spec.run_after.value_or(now_tp));
    if (!spec.dedup_key.empty()) rec.dedup_key = spec.dedup_key;
    rec.created_at = rec.updated_at = now;

    bool inserted = false;
    auto attempt = [&]() -> Result<Job> {
        return store_.Write([&](store::Tx& tx) -> Result<Job> {
            if (rec.dedup_key) {
                if (auto existing = repo::FindUnfinishedByDedupKey(tx, spec.org_id, *rec.dedup_key)) {
                    inserted = false;
                    return ToJob(*existing);
                }
            }
            repo::Insert(tx, rec);
            inserted = true;
            return Reload(tx, rec.id);
        });
    };
    auto job = attempt();
    // Two enqueuers with the same dedup key raced past the lookup: the unique index stopped the second; its
    // second look finds the first one's job.
    if (!job && job.error().code == ErrorCode::kConflict && rec.dedup_key && !IsForeignKeyViolation(job.error())) {
        job = attempt();
    }
    if (!job) {
        if (job.error().code == ErrorCode::kConflict && IsForeignKeyViolation(job.error())) {
            return palisade::Fail(ErrorCode::kNotFound, "organisation not found");
        }
        return job;
    }
    if (inserted) {
        log::Info("job enqueued", {{"job_id", job->id}, {"kind", job->kind}, {"org_id", job->org_id}});
        Publish(*job, kJobQueued, now);
    }
    return job;
}

Result<std::optional<Job>> JobQueue::Claim(const std::string& worker_id, const std::vector<std::string>& kinds,
                                           std::chrono::milliseconds lease, const Limits& limits) {
    if (kinds.empty()) return std::optional<Job>();
    const TimePoint now_tp = clock_.Now();
    const std::string now = FormatTime(now_tp);
    const std::string until = FormatTime(now_tp + lease);
    const std::string kinds_json = JsonArray(kinds);
    std::vector<Change> recovered;
    auto claimed = store_.Write([&](store::Tx& tx) -> Result<std::optional<Job>> {
        recovered = RecoverExpired(tx, now);
        if (limits.global > 0 || limits.per_org > 0) {
            // Counting running jobs and claiming one must be one step across every process, or two claimers
            // both see room for one more. Claims without limits skip the lock (SKIP LOCKED keeps them apart),
            // and so do idle polls (nothing runnable: nothing to serialise).
            if (!repo::AnyRunnable(tx, kinds_json, now)) return std::optional<Job>();
            repo::LockClaims(tx);
            if (limits.global > 0 && repo::CountRunning(tx) >= limits.global) return std::optional<Job>();
        }
        auto id = repo::PickRunnable(tx, kinds_json, now, std::max(limits.per_org, 0));
        if (!id || !repo::MarkRunning(tx, *id, worker_id, until, now)) return std::optional<Job>();
        return std::optional<Job>(Reload(tx, *id));
    });
    if (!claimed) return claimed;
    for (const Change& c : recovered) {
        log::Warn("job lease expired", {{"job_id", c.job.id},
                                        {"kind", c.job.kind},
                                        {"state", std::string(ToString(c.job.state))},
                                        {"attempts", std::to_string(c.job.attempts)}});
        Publish(c.job, c.type, now);
    }
    if (*claimed) {
        const Job& j = **claimed;
        log::Info("job claimed", {{"job_id", j.id}, {"kind", j.kind}, {"worker", worker_id},
                                  {"attempt", std::to_string(j.attempts)}});
        Publish(j, kJobRunning, now);
    }
    return claimed;
}

Result<JobQueue::Renewal> JobQueue::Renew(const std::string& worker_id, const std::vector<std::string>& job_ids,
                                          std::chrono::milliseconds lease) {
    Renewal out;
    if (job_ids.empty()) return out;
    const TimePoint now_tp = clock_.Now();
    const std::string now = FormatTime(now_tp);
    const std::string until = FormatTime(now_tp + lease);
    const std::string ids_json = JsonArray(job_ids);
    auto rows = store_.Write([&](store::Tx& tx) -> Result<std::vector<repo::LeaseRenewal>> {
        return repo::RenewLeases(tx, worker_id, ids_json, until, now);
    });
    if (!rows) return tl::unexpected<Error>(rows.error());
    std::set<std::string> held;
    for (const auto& r : *rows) {
        held.insert(r.id);
        if (r.cancel_requested) out.cancel_requested.push_back(r.id);
    }
    for (const auto& id : job_ids) {
        if (held.count(id) == 0) out.lost.push_back(id);
    }
    return out;
}

Status JobQueue::SetProgress(const std::string& job_id, const std::string& worker_id, double fraction) {
    const double p = std::isfinite(fraction) ? std::clamp(fraction, 0.0, 1.0) : 0.0;
    const std::string now = FormatTime(clock_.Now());
    auto job = store_.Write([&](store::Tx& tx) -> Result<Job> {
        if (!repo::SetProgress(tx, job_id, worker_id, p, now)) return LostLease(job_id);
        return Reload(tx, job_id);
    });
    if (!job) return tl::unexpected<Error>(job.error());
    Publish(*job, kJobProgress, now);
    return Ok();
}

Status JobQueue::Complete(const std::string& job_id, const std::string& worker_id, const std::string& result_json) {
    const std::string now = FormatTime(clock_.Now());
    auto job = store_.Write([&](store::Tx& tx) -> Result<Job> {
        if (!repo::FinishRunning(tx, job_id, worker_id, "done", result_json, "", 1.0, now)) return LostLease(job_id);
        return Reload(tx, job_id);
    });
    if (!job) return tl::unexpected<Error>(job.error());
    log::Info("job done", {{"job_id", job->id}, {"kind", job->kind}, {"attempt", std::to_string(job->attempts)}});
    Publish(*job, kJobDone, now);
    return Ok();
}

Status JobQueue::Fail(const std::string& job_id, const std::string& worker_id, const std::string& error, bool retry) {
    const TimePoint now_tp = clock_.Now();
    const std::string now = FormatTime(now_tp);
    auto job = store_.Write([&](store::Tx& tx) -> Result<Job> {
        auto r = repo::Find(tx, job_id);
        if (!r || r->state != "running" || r->lease_owner.value_or("") != worker_id) return LostLease(job_id);
        bool changed = false;
        if (r->cancel_requested) {
            changed = repo::FinishRunning(tx, job_id, worker_id, "cancelled", "", error, r->progress, now);
        } else if (retry && r->attempts < r->max_attempts) {
            const std::string run_after = FormatTime(now_tp + RetryBackoff(r->attempts));
            changed = repo::RequeueRunning(tx, job_id, worker_id, run_after, error, 0, now);
        } else {
            changed = repo::FinishRunning(tx, job_id, worker_id, "failed", "", error, r->progress, now);
        }
        if (!changed) return LostLease(job_id);
        return Reload(tx, job_id);
    });
    if (!job) return tl::unexpected<Error>(job.error());
    log::Warn(job->state == JobState::kQueued ? "job failed; retry scheduled" : "job failed",
              {{"job_id", job->id}, {"kind", job->kind}, {"attempt", std::to_string(job->attempts)},
               {"state", std::string(ToString(job->state))}, {"error", error}});
    Publish(*job, EventTypeFor(job->state), now);
    return Ok();
}

Status JobQueue::MarkCancelled(const std::string& job_id, const std::string& worker_id,
                               const std::string& result_json) {
    const std::string now = FormatTime(clock_.Now());
    auto job = store_.Write([&](store::Tx& tx) -> Result<Job> {
        auto r = repo::Find(tx, job_id);
        if (!r || !repo::FinishRunning(tx, job_id, worker_id, "cancelled", result_json, "", r->progress, now)) {
            return LostLease(job_id);
        }
        return Reload(tx, job_id);
    });
    if (!job) return tl::unexpected<Error>(job.error());
    log::Info("job cancelled", {{"job_id", job->id}, {"kind", job->kind}});
    Publish(*job, kJobCancelled, now);
    return Ok();
}

Status JobQueue::Release(const std::string& job_id, const std::string& worker_id) {
    const std::string now = FormatTime(clock_.Now());
    auto job = store_.Write([&](store::Tx& tx) -> Result<Job> {
        if (!repo::RequeueRunning(tx, job_id, worker_id, now, "", -1, now)) return LostLease(job_id);
        return Reload(tx, job_id);
    });
    if (!job) return tl::unexpected<Error>(job.error());
    log::Info("job released", {{"job_id", job->id}, {"kind", job->kind}});
    Publish(*job, kJobQueued, now);
    return Ok();
}

Result<Job> JobQueue::RequestCancel(const std::string& org_id, const std::string& job_id) {
    const std::string now = FormatTime(clock_.Now());
    std::string_view type;
    auto job = store_.Write([&](store::Tx& tx) -> Result<Job> {
        auto r = repo::FindInOrg(tx, org_id, job_id);
        if (!r) return palisade::Fail(ErrorCode::kNotFound, "job not found");
        // A claimer may take the job between the two statements; each re-checks the state it changes.
        if (repo::CancelQueued(tx, job_id, now)) {
            type = kJobCancelled;
        } else if (!r->cancel_requested && repo::RequestCancel(tx, job_id, now)) {
            type = kJobCancelRequested;
        }
        return Reload(tx, job_id);
    });
    if (!job) return job;
    if (!type.empty()) {
        log::Info(type == kJobCancelled ? "job cancelled" : "job cancellation requested",
                  {{"job_id", job->id}, {"kind", job->kind}});
        Publish(*job, type, now);
    }
    return job;
}

Result<Job> JobQueue::Get(const std::string& org_id, const std::string& job_id) {
    return store_.Read([&](store::Tx& tx) -> Result<Job> {
        auto r = repo::FindInOrg(tx, org_id, job_id);
        if (!r) return palisade::Fail(ErrorCode::kNotFound, "job not found");
        return ToJob(*r);
    });
}

Result<Job> JobQueue::GetAny(const std::string& job_id) {
    return store_.Read([&](store::Tx& tx) -> Result<Job> {
        auto r = repo::Find(tx, job_id);
        if (!r) return palisade::Fail(ErrorCode::kNotFound, "job not found");
        return ToJob(*r);
    });
}

Result<std::int64_t> JobQueue::CountByState(JobState state) {
    return store_.Read([&](store::Tx& tx) -> Result<std::int64_t> { return repo::CountByState(tx, ToString(state)); });
}

Result<std::int64_t> JobQueue::Purge(std::chrono::milliseconds older_than) {
    const std::string cutoff = FormatTime(clock_.Now() - older_than);
    return store_.Write(
        [&](store::Tx& tx) -> Result<std::int64_t> { return repo::DeleteFinishedBefore(tx, cutoff); });
}

}  // namespace palisade::jobs

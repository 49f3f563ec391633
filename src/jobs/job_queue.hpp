// SPDX-License-Identifier: Apache-2.0
// JobQueue: the durable queue over store::Store (table jobs, migration 0002). Workers claim jobs under a lease
// that they renew; a job whose worker died is taken again when its lease expires. Every change publishes a job
// event (jobs/job_events.hpp) on the optional EventBus, after the change is committed.
//
// Thread-safe: every call runs in its own Store transaction. Times come from the Clock (tests move a ManualClock).
// Errors: kUnavailable when the database fails; the others are listed per call.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "jobs/event_bus.hpp"
#include "jobs/job.hpp"
#include "store/store.hpp"

namespace palisade::jobs {

class JobQueue {
public:
    // store, clock and bus (may be null: no events) must outlive the queue.
    JobQueue(store::Store& store, const Clock& clock, EventBus* bus = nullptr);

    // Adds a queued job, or returns the organisation's unfinished job with the same non-empty dedup_key.
    // kInvalidArgument for an empty or over-long kind or max_attempts < 1; kNotFound when org_id names no
    // organisation.
    Result<Job> Enqueue(const JobSpec& spec);

    // Takes the best runnable job (state queued, run_after <= now, kind in `kinds`; priority DESC, created_at, id)
    // for `worker_id` with a lease of `lease`, honouring `limits` exactly (PostgreSQL: a transaction-level advisory
    // lock serialises claims made under limits, so several processes never overshoot), or nullopt. Empty `kinds`:
    // nullopt. Before choosing it recovers expired leases: a running job whose lease expired goes back to queued
    // when attempts < max_attempts, becomes cancelled when its cancellation was requested, else becomes failed with
    // error "worker lost: lease expired after N attempts". attempts is incremented on each claim.
    Result<std::optional<Job>> Claim(const std::string& worker_id, const std::vector<std::string>& kinds,
                                     std::chrono::milliseconds lease, const Limits& limits);

    // Extends the leases of `job_ids` held by `worker_id` (one statement); returns the ids among them whose
    // cancellation was requested, and those whose lease this worker lost (recovered, taken by another worker,
    // finished, or unknown).
    struct Renewal {
        std::vector<std::string> cancel_requested;
        std::vector<std::string> lost;
    };
    Result<Renewal> Renew(const std::string& worker_id, const std::vector<std::string>& job_ids,
                          std::chrono::milliseconds lease);

    // Writes progress (clamped to 0..1). kConflict when the worker no longer holds the job.
    Status SetProgress(const std::string& job_id, const std::string& worker_id, double fraction);

    // End a job this worker holds. kConflict when the worker no longer holds the lease (it must then discard its
    // result: another worker owns the job, or it was recovered). Complete sets progress 1.
    Status Complete(const std::string& job_id, const std::string& worker_id, const std::string& result_json);
    // retry = true re-queues with run_after = now + RetryBackoff(attempts) while attempts < max_attempts; else (or
    // when attempts are used up) the job fails with `error`. A job whose cancellation was requested becomes
    // cancelled instead.
    Status Fail(const std::string& job_id, const std::string& worker_id, const std::string& error, bool retry);
    Status MarkCancelled(const std::string& job_id, const std::string& worker_id, const std::string& result_json);
    // Gives a running job back to the queue at once without spending an attempt (a worker shutting down).
    // kConflict as Complete.
    Status Release(const std::string& job_id, const std::string& worker_id);

    // A queued job becomes cancelled at once; a running one gets cancel_requested (its worker sees it on its next
    // Renew, or at once through the job.cancel_requested event). kNotFound when the job is not in `org_id` ("" =
    // system jobs); a finished job is returned unchanged.
    Result<Job> RequestCancel(const std::string& org_id, const std::string& job_id);

    // kNotFound when the job does not exist or belongs to another organisation ("" = system jobs).
    Result<Job> Get(const std::string& org_id, const std::string& job_id);
    // Any organisation (workers, internal callers). kNotFound when it does not exist.
    Result<Job> GetAny(const std::string& job_id);
    // Jobs in `state` over every organisation (metrics).
    Result<std::int64_t> CountByState(JobState state);
    // Deletes jobs that finished more than `older_than` ago; returns how many (retention).
    Result<std::int64_t> Purge(std::chrono::milliseconds older_than);

private:
    void Publish(const Job& job, std::string_view type, const std::string& at);

    store::Store& store_;
    const Clock& clock_;
    EventBus* bus_;
};

}  // namespace palisade::jobs

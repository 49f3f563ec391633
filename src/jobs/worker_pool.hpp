// SPDX-License-Identifier: Apache-2.0
// WorkerPool: runs jobs of the registered kinds on `threads` threads of this process. Each thread claims one job
// at a time from the JobQueue and runs its handler; one renewal thread extends the leases of every local job in
// one statement every min(cancel_poll, lease / 3), delivers cancellations found there and flushes progress.
// Handler exceptions fail the job with their message (logged); kRetry re-queues with RetryBackoff.
//
// With an EventBus the pool wakes at once when a job is queued or a slot frees anywhere (job.queued, job.done,
// job.failed, job.cancelled, bus.reconnected) and stops a local job on job.cancel_requested; without one it polls.
//
// Thread-safe after Start. The queue (and bus) must outlive the pool, or at least Stop().
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "jobs/event_bus.hpp"
#include "jobs/job_context.hpp"
#include "jobs/job_queue.hpp"

namespace palisade::jobs {

struct WorkerOptions {
    int threads = 4;                                    // jobs run at once by this process (>= 1)
    std::chrono::milliseconds lease{30000};             // renewed every min(cancel_poll, lease / 3) while running
    std::chrono::milliseconds poll{1000};               // idle poll when nothing wakes the pool
    std::chrono::milliseconds cancel_poll{500};         // how often running jobs' cancel flags are read (Renew)
    std::chrono::milliseconds progress_interval{1000};  // at most one progress write per job per interval
    std::string worker_id;                              // "" -> hostname:pid:random
    Limits limits;                                      // the same on every node
};

class WorkerPool {
public:
    // bus (may be null): wake-ups and cancel requests from every process.
    WorkerPool(JobQueue& queue, WorkerOptions options, EventBus* bus = nullptr);
    ~WorkerPool();  // Stop(30 s) if still running
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    // Before Start (a programmer error afterwards). Only registered kinds are claimed.
    void Register(std::string kind, JobHandler handler);
    void Start();
    // A job was enqueued in this process: idle threads claim now.
    void Wake();
    // Fast path: when job_id runs here, its cancel arrives now (OnCancel fires); false when it does not run here.
    bool CancelLocal(const std::string& job_id);
    // Stops claiming; asks running jobs to stop (OnCancel, reason kShutdown) when `cancel_running`; waits up to
    // `grace` for them. A handler that returns kCancelled because of the shutdown gives its job back to the queue
    // (no attempt spent). Jobs still running after `grace` keep their lease (no longer renewed) and are recovered
    // by another worker after it expires; their threads are detached and whatever they return is discarded.
    // Idempotent.
    void Stop(std::chrono::milliseconds grace, bool cancel_running = true);
    const std::string& WorkerId() const;
    // Jobs running in this pool now.
    int Running() const;

    struct Core;

private:
    std::shared_ptr<Core> core_;
};

}  // namespace palisade::jobs

// SPDX-License-Identifier: Apache-2.0
// What a job handler gets (JobContext) and returns (JobOutcome). A handler runs on a WorkerPool thread; it should
// check Cancelled() or register OnCancel() and stop soon after a cancel arrives.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "jobs/job.hpp"

namespace palisade::jobs {

struct JobOutcome {
    enum class Kind {
        kDone,       // result_json is stored, the job is done
        kFailed,     // error is stored, the job failed (no retry)
        kRetry,      // re-queued after RetryBackoff(attempts) while attempts remain, else failed with error
        kCancelled,  // the handler stopped because it was cancelled; result_json (partial) is stored
    };
    Kind kind = Kind::kDone;
    std::string result_json = "{}";
    std::string error;

    static JobOutcome Done(std::string result_json = "{}") { return {Kind::kDone, std::move(result_json), {}}; }
    static JobOutcome Failed(std::string error) { return {Kind::kFailed, "{}", std::move(error)}; }
    static JobOutcome Retry(std::string error) { return {Kind::kRetry, "{}", std::move(error)}; }
    static JobOutcome Cancelled(std::string result_json = "{}") {
        return {Kind::kCancelled, std::move(result_json), {}};
    }
};

// Why a job was asked to stop. The first reason is kept; later ones are recorded too (see JobControl).
enum class CancelReason {
    kNone,
    kRequested,  // RequestCancel through the API (seen on Renew, an event, or WorkerPool::CancelLocal)
    kShutdown,   // WorkerPool::Stop: the job is given back to the queue when the handler returns kCancelled
    kLeaseLost,  // another worker owns the job now: whatever the handler returns is discarded
};

class JobControl;  // shared between a JobContext and its WorkerPool (jobs/job_control.hpp)

class JobContext {
public:
    // A context outside any pool (tests, direct calls): progress is kept in memory, WorkerId() is "local".
    explicit JobContext(Job job);
    // The pool's constructor.
    JobContext(Job job, std::shared_ptr<JobControl> control);

    Job job;  // the job as claimed (state running, attempts including this one)

    // True once a cancel arrived (API cancel, shutdown, lost lease). Thread-safe, cheap.
    bool Cancelled() const;
    CancelReason Reason() const;
    // fn runs once when a cancel arrives, on the thread that delivers it (the pool's renewal thread, an EventBus
    // dispatcher, a CancelLocal caller), or at once on this thread if already cancelled. Not after the handler has
    // returned. fn must be quick and must not block on the handler.
    void OnCancel(std::function<void()> fn);
    // Records progress (0..1). Written to jobs.progress at most once per WorkerOptions::progress_interval (the
    // latest value is flushed by the pool), at once for 1.0. Thread-safe.
    void Progress(double fraction);
    double LastProgress() const;
    const std::string& WorkerId() const;
    // Delivers a cancel as if it had arrived from outside (tests and detached contexts).
    void Cancel(CancelReason reason = CancelReason::kRequested);

private:
    std::shared_ptr<JobControl> control_;
};

using JobHandler = std::function<JobOutcome(JobContext&)>;

}  // namespace palisade::jobs

// SPDX-License-Identifier: Apache-2.0
// The events JobQueue publishes, one per change of a job, on topic "job:<id>" with the job's org_id:
//   job.queued           enqueued, or back in the queue (retry, lost worker, released at shutdown)
//   job.running          claimed by a worker
//   job.progress         progress written (throttled by the worker)
//   job.cancel_requested cancellation asked for a running job (its worker stops it)
//   job.done | job.failed | job.cancelled   finished
// data_json: {"id","kind","state","priority","attempts","max_attempts","progress","error","cancel_requested",
// "run_after","lease_owner"}. Payloads and results are never in events. Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "jobs/event_bus.hpp"
#include "jobs/job.hpp"

namespace palisade::jobs {

inline constexpr std::string_view kJobQueued = "job.queued";
inline constexpr std::string_view kJobRunning = "job.running";
inline constexpr std::string_view kJobProgress = "job.progress";
inline constexpr std::string_view kJobCancelRequested = "job.cancel_requested";
inline constexpr std::string_view kJobDone = "job.done";
inline constexpr std::string_view kJobFailed = "job.failed";
inline constexpr std::string_view kJobCancelled = "job.cancelled";

// "job:<id>".
std::string JobTopic(std::string_view job_id);
// The job id of a "job:<id>" topic; nullopt for other topics.
std::optional<std::string> JobIdOfTopic(std::string_view topic);
// The event for `job` having just changed as `type` says; `at` is the change's time.
Event MakeJobEvent(const Job& job, std::string_view type, const std::string& at);
// The event type of a job that just reached `state` (job.queued, job.running, job.done, ...).
std::string_view EventTypeFor(JobState state);

}  // namespace palisade::jobs

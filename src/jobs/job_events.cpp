// SPDX-License-Identifier: Apache-2.0
#include "jobs/job_events.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

namespace palisade::jobs {

namespace {
constexpr std::string_view kTopicPrefix = "job:";
}  // namespace

std::string JobTopic(std::string_view job_id) { return std::string(kTopicPrefix) + std::string(job_id); }

std::optional<std::string> JobIdOfTopic(std::string_view topic) {
    if (topic.size() <= kTopicPrefix.size() || topic.substr(0, kTopicPrefix.size()) != kTopicPrefix) {
        return std::nullopt;
    }
    return std::string(topic.substr(kTopicPrefix.size()));
}

Event MakeJobEvent(const Job& job, std::string_view type, const std::string& at) {
    boost::json::object data;
    data["id"] = job.id;
    data["kind"] = job.kind;
    data["state"] = ToString(job.state);
    data["priority"] = job.priority;
    data["attempts"] = job.attempts;
    data["max_attempts"] = job.max_attempts;
    data["progress"] = job.progress;
    data["error"] = job.error;
    data["cancel_requested"] = job.cancel_requested;
    data["run_after"] = job.run_after;
    data["lease_owner"] = job.lease_owner;
    Event e;
    e.topic = JobTopic(job.id);
    e.type = std::string(type);
    e.data_json = boost::json::serialize(data);
    e.at = at;
    e.org_id = job.org_id;
    return e;
}

std::string_view EventTypeFor(JobState state) {
    switch (state) {
        case JobState::kQueued: return kJobQueued;
        case JobState::kRunning: return kJobRunning;
        case JobState::kDone: return kJobDone;
        case JobState::kFailed: return kJobFailed;
        case JobState::kCancelled: return kJobCancelled;
    }
    return kJobFailed;
}

}  // namespace palisade::jobs

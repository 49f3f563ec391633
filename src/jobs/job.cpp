// SPDX-License-Identifier: Apache-2.0
#include "jobs/job.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace palisade::jobs {

namespace {
constexpr std::array<std::pair<JobState, std::string_view>, 5> kNames{{
    {JobState::kQueued, "queued"},
    {JobState::kRunning, "running"},
    {JobState::kDone, "done"},
    {JobState::kFailed, "failed"},
    {JobState::kCancelled, "cancelled"},
}};
constexpr std::chrono::milliseconds kBackoffBase{1000};
constexpr std::chrono::milliseconds kBackoffCap{5 * 60 * 1000};
}  // namespace

std::string_view ToString(JobState state) {
    for (const auto& [s, name] : kNames) {
        if (s == state) return name;
    }
    return "unknown";
}

std::optional<JobState> ParseJobState(std::string_view text) {
    for (const auto& [s, name] : kNames) {
        if (name == text) return s;
    }
    return std::nullopt;
}

bool IsFinished(JobState state) {
    return state == JobState::kDone || state == JobState::kFailed || state == JobState::kCancelled;
}

std::chrono::milliseconds RetryBackoff(int attempts) {
    const int doublings = std::clamp(attempts - 1, 0, 20);  // 2^20 s is far past the cap
    return std::min(kBackoffBase * (std::int64_t{1} << doublings), kBackoffCap);
}

}  // namespace palisade::jobs

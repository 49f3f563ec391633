// SPDX-License-Identifier: Apache-2.0
// The vocabulary of the job queue: states, what to enqueue, a job as stored, limits and the retry backoff.
// Plain values; thread-compatible.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"

namespace palisade::jobs {

// queued -> running -> done | failed | cancelled; running -> queued again on a retry or a lost worker.
enum class JobState { kQueued, kRunning, kDone, kFailed, kCancelled };

// "queued" "running" "done" "failed" "cancelled".
std::string_view ToString(JobState state);
// The inverse of ToString; nullopt for any other text.
std::optional<JobState> ParseJobState(std::string_view text);
// done, failed and cancelled are final: the job never changes again.
bool IsFinished(JobState state);

struct JobSpec {
    std::string kind;          // "scan", "import", ...: the handler table key (1..64 characters)
    std::string org_id;        // "" for system jobs; otherwise an existing organisation
    std::string payload_json;  // handler input, stored as given ("" is stored as "{}"); never logged
    int priority = 0;          // higher runs first; FIFO by (created_at, id) within a priority
    int max_attempts = 3;      // claims allowed (retries and lost workers count), >= 1
    std::optional<TimePoint> run_after;  // not claimed before this time (schedules, delayed retries)
    // Non-empty: Enqueue returns the unfinished (queued or running) job of the same organisation with this key
    // instead of adding one. Keys are scoped per organisation, so one tenant never sees another's job.
    std::string dedup_key;
};

struct Job {
    std::string id;  // UUIDv7
    std::string kind;
    std::string org_id;  // "" for system jobs
    std::string payload_json;
    JobState state = JobState::kQueued;
    int priority = 0;
    int attempts = 0;  // claims so far, including the running one
    int max_attempts = 3;
    double progress = 0;  // 0..1
    std::string error;    // why it failed (or why the last attempt failed, while it waits for a retry)
    std::string result_json;
    std::string lease_owner;       // worker id of the latest claim ("" before the first)
    std::string lease_expires_at;  // while running; "" otherwise
    std::string run_after;
    std::string dedup_key;
    std::string created_at;   // core/time.hpp text
    std::string started_at;   // start of the latest attempt; "" before the first claim
    std::string finished_at;  // "" until done, failed or cancelled
    std::string updated_at;
    bool cancel_requested = false;
};

// Running jobs at once over every node sharing the database; 0 = unlimited. per_org applies to organisation jobs
// only (system jobs count towards `global` but not towards any organisation).
struct Limits {
    int global = 0;
    int per_org = 0;
};

// Delay before retry number `attempts` (the attempt that just failed, >= 1): 1 s, 2 s, 4 s, ... capped at 5 min.
std::chrono::milliseconds RetryBackoff(int attempts);

}  // namespace palisade::jobs

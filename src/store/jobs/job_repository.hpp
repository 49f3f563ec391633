// SPDX-License-Identifier: Apache-2.0
// The jobs table (migration 0002_jobs): SQL behind jobs::JobQueue. Run inside Store::Read/Write; functions that
// change a running job take the expected lease owner and return false when the row no longer matches (another
// worker holds it, or it finished). Lists of ids and kinds are bound as one JSON array text ('["a","b"]').
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace palisade::store {

class Tx;

namespace jobs {

struct JobRecord {
    std::string id;
    std::optional<std::string> org_id;  // nullopt: a system job
    std::string kind;
    std::string state;  // queued | running | done | failed | cancelled
    int priority = 0;
    std::string payload = "{}";
    int attempts = 0;
    int max_attempts = 3;
    std::optional<std::string> lease_owner;
    std::optional<std::string> lease_expires_at;
    std::string run_after;
    bool cancel_requested = false;
    double progress = 0;
    std::string error;
    std::string result;
    std::optional<std::string> dedup_key;
    std::string created_at;
    std::optional<std::string> started_at;
    std::optional<std::string> finished_at;
    std::string updated_at;
};

void Insert(Tx& tx, const JobRecord& job);
std::optional<JobRecord> Find(Tx& tx, const std::string& id);
// Scoped to one organisation; org_id "" means the system jobs (org_id NULL).
std::optional<JobRecord> FindInOrg(Tx& tx, const std::string& org_id, const std::string& id);
// The queued or running job of (org_id or "" for system jobs, dedup_key), if any.
std::optional<JobRecord> FindUnfinishedByDedupKey(Tx& tx, const std::string& org_id, const std::string& dedup_key);

// Running jobs whose lease expired before `now`, at most `limit`, locked for this transaction (PostgreSQL: FOR
// UPDATE SKIP LOCKED, so concurrent claimers recover disjoint sets and never wait on each other).
std::vector<JobRecord> LockExpiredLeases(Tx& tx, const std::string& now, int limit);

// True when a queued job of one of `kinds_json` may run now (no locks taken).
bool AnyRunnable(Tx& tx, const std::string& kinds_json, const std::string& now);
// PostgreSQL: a transaction-level advisory lock that serialises claims made under limits (released at commit or
// rollback). SQLite: nothing (writers are already serialised).
void LockClaims(Tx& tx);
long long CountRunning(Tx& tx);
// The best runnable queued job (priority DESC, created_at, id) of one of `kinds_json`, skipping organisations that
// already run `per_org_limit` jobs (0: no limit; system jobs are never skipped). PostgreSQL: the row is locked
// FOR UPDATE SKIP LOCKED. nullopt when none.
std::optional<std::string> PickRunnable(Tx& tx, const std::string& kinds_json, const std::string& now,
                                        int per_org_limit);
// queued -> running for `owner` until `lease_until`; attempts + 1, progress 0, error cleared. False if not queued.
bool MarkRunning(Tx& tx, const std::string& id, const std::string& owner, const std::string& lease_until,
                 const std::string& now);

struct LeaseRenewal {
    std::string id;
    bool cancel_requested = false;
};
// One statement: extends the leases of the running jobs among `ids_json` that `owner` holds; returns those rows.
std::vector<LeaseRenewal> RenewLeases(Tx& tx, const std::string& owner, const std::string& ids_json,
                                      const std::string& lease_until, const std::string& now);
bool SetProgress(Tx& tx, const std::string& id, const std::string& owner, double progress, const std::string& now);

// running (held by owner) -> a final state (done, failed, cancelled). progress: the value to store.
bool FinishRunning(Tx& tx, const std::string& id, const std::string& owner, std::string_view state,
                   const std::string& result, const std::string& error, double progress, const std::string& now);
// running (held by owner) -> queued, not before `run_after`; attempts changes by `attempts_delta` (-1 gives back
// the attempt of a job released at shutdown).
bool RequeueRunning(Tx& tx, const std::string& id, const std::string& owner, const std::string& run_after,
                    const std::string& error, int attempts_delta, const std::string& now);
// queued -> cancelled. False if not queued.
bool CancelQueued(Tx& tx, const std::string& id, const std::string& now);
// Sets cancel_requested on a running job. False if not running.
bool RequestCancel(Tx& tx, const std::string& id, const std::string& now);

long long CountByState(Tx& tx, std::string_view state);
// Deletes finished jobs whose finished_at is before `cutoff`; returns how many.
long long DeleteFinishedBefore(Tx& tx, const std::string& cutoff);

}  // namespace jobs
}  // namespace palisade::store

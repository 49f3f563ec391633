// SPDX-License-Identifier: Apache-2.0
#include "store/jobs/job_repository.hpp"

#include "store/tx.hpp"

namespace palisade::store::jobs {

namespace {

constexpr std::string_view kColumns =
    "id, org_id, kind, state, priority, payload, attempts, max_attempts, lease_owner, lease_expires_at, run_after, "
    "cancel_requested, progress, error, result, dedup_key, created_at, started_at, finished_at, updated_at";

// Key of the advisory lock taken by claims under limits (the migrator uses 7261001).
constexpr std::string_view kLockClaims = "SELECT pg_advisory_xact_lock(7261002)";

// A JSON array of text bound as one parameter, expanded to rows in each dialect.
std::string InList(Tx& tx, std::string_view param) {
    if (tx.dialect() == Dialect::kPostgres) {
        return "(SELECT jsonb_array_elements_text(CAST(" + std::string(param) + " AS jsonb)))";
    }
    return "(SELECT value FROM json_each(" + std::string(param) + "))";
}

std::string ForUpdateSkipLocked(Tx& tx) {
    return tx.dialect() == Dialect::kPostgres ? " FOR UPDATE SKIP LOCKED" : "";
}

struct Row {
    JobRecord rec;
    OptText org, owner, expires, dedup, started, finished;
    int cancel = 0;
    void Bind(Query& q) {
        q.Into(rec.id).Into(org.value, org.ind).Into(rec.kind).Into(rec.state).Into(rec.priority).Into(rec.payload);
        q.Into(rec.attempts).Into(rec.max_attempts).Into(owner.value, owner.ind).Into(expires.value, expires.ind);
        q.Into(rec.run_after).Into(cancel).Into(rec.progress).Into(rec.error).Into(rec.result);
        q.Into(dedup.value, dedup.ind).Into(rec.created_at).Into(started.value, started.ind);
        q.Into(finished.value, finished.ind).Into(rec.updated_at);
    }
    JobRecord Get() const {
        JobRecord out = rec;
        out.org_id = org.Get();
        out.lease_owner = owner.Get();
        out.lease_expires_at = expires.Get();
        out.cancel_requested = cancel != 0;
        out.dedup_key = dedup.Get();
        out.started_at = started.Get();
        out.finished_at = finished.Get();
        return out;
    }
};

}  // namespace

void Insert(Tx& tx, const JobRecord& j) {
    Query(tx,
          "INSERT INTO jobs (id, org_id, kind, state, priority, payload, attempts, max_attempts, run_after, "
          "cancel_requested, progress, error, result, dedup_key, created_at, updated_at) VALUES (:id, :o, :k, :s, :p, "
          ":pl, :a, :m, :ra, :c, :pr, :e, :r, :d, :ca, :ua)")
        .Use(j.id).Use(j.org_id).Use(j.kind).Use(j.state).Use(j.priority).Use(j.payload).Use(j.attempts)
        .Use(j.max_attempts).Use(j.run_after).Use(j.cancel_requested).Use(j.progress).Use(j.error).Use(j.result)
        .Use(j.dedup_key).Use(j.created_at).Use(j.updated_at).Exec();
}

std::optional<JobRecord> Find(Tx& tx, const std::string& id) {
    Row row;
    Query q(tx, "SELECT " + std::string(kColumns) + " FROM jobs WHERE id = :id");
    row.Bind(q);
    q.Use(id);
    if (!q.One()) return std::nullopt;
    return row.Get();
}

std::optional<JobRecord> FindInOrg(Tx& tx, const std::string& org_id, const std::string& id) {
    Row row;
    Query q(tx, "SELECT " + std::string(kColumns) + " FROM jobs WHERE id = :id AND COALESCE(org_id, '') = :o");
    row.Bind(q);
    q.Use(id).Use(org_id);
    if (!q.One()) return std::nullopt;
    return row.Get();
}

std::optional<JobRecord> FindUnfinishedByDedupKey(Tx& tx, const std::string& org_id, const std::string& dedup_key) {
    Row row;
    Query q(tx, "SELECT " + std::string(kColumns) +
                    " FROM jobs WHERE COALESCE(org_id, '') = :o AND dedup_key = :d AND state IN ('queued', 'running')");
    row.Bind(q);
    q.Use(org_id).Use(dedup_key);
    if (!q.One()) return std::nullopt;
    return row.Get();
}

std::vector<JobRecord> LockExpiredLeases(Tx& tx, const std::string& now, int limit) {
    std::vector<JobRecord> out;
    Row row;
    Query q(tx, "SELECT " + std::string(kColumns) +
                    " FROM jobs WHERE state = 'running' AND lease_expires_at < :n ORDER BY lease_expires_at LIMIT :l" +
                    ForUpdateSkipLocked(tx));
    row.Bind(q);
    q.Use(now).Use(limit);
    q.Each([&] { out.push_back(row.Get()); });
    return out;
}

bool AnyRunnable(Tx& tx, const std::string& kinds_json, const std::string& now) {
    std::string id;
    return Query(tx, "SELECT id FROM jobs WHERE state = 'queued' AND run_after <= :n AND kind IN " +
                         InList(tx, ":k") + " LIMIT 1")
        .Into(id).Use(now).Use(kinds_json).One();
}

void LockClaims(Tx& tx) {
    if (tx.dialect() == Dialect::kPostgres) tx.sql() << std::string(kLockClaims);
}

long long CountRunning(Tx& tx) {
    long long n = 0;
    Query(tx, "SELECT COUNT(*) FROM jobs WHERE state = 'running'").Into(n).One();
    return n;
}

std::optional<std::string> PickRunnable(Tx& tx, const std::string& kinds_json, const std::string& now,
                                        int per_org_limit) {
    std::string id;
    const std::string sql =
        "SELECT id FROM jobs WHERE state = 'queued' AND run_after <= :n AND kind IN " + InList(tx, ":k") +
        " AND (:l = 0 OR org_id IS NULL OR org_id NOT IN (SELECT org_id FROM jobs WHERE state = 'running' AND "
        "org_id IS NOT NULL GROUP BY org_id HAVING COUNT(*) >= :l2)) ORDER BY priority DESC, created_at, id LIMIT 1" +
        ForUpdateSkipLocked(tx);
    Query q(tx, sql);
    q.Into(id).Use(now).Use(kinds_json).Use(per_org_limit).Use(per_org_limit);
    if (!q.One()) return std::nullopt;
    return id;
}

bool MarkRunning(Tx& tx, const std::string& id, const std::string& owner, const std::string& lease_until,
                 const std::string& now) {
    return Query(tx,
                 "UPDATE jobs SET state = 'running', lease_owner = :o, lease_expires_at = :u, attempts = attempts + 1, "
                 "progress = 0, error = '', started_at = :n, updated_at = :n2 WHERE id = :id AND state = 'queued'")
               .Use(owner).Use(lease_until).Use(now).Use(now).Use(id).Exec() == 1;
}

std::vector<LeaseRenewal> RenewLeases(Tx& tx, const std::string& owner, const std::string& ids_json,
                                      const std::string& lease_until, const std::string& now) {
    std::vector<LeaseRenewal> out;
    std::string id;
    int cancel = 0;
    Query q(tx, "UPDATE jobs SET lease_expires_at = :u, updated_at = :n WHERE state = 'running' AND lease_owner = :o "
                "AND id IN " + InList(tx, ":ids") + " RETURNING id, cancel_requested");
    q.Into(id).Into(cancel).Use(lease_until).Use(now).Use(owner).Use(ids_json);
    q.Each([&] { out.push_back(LeaseRenewal{id, cancel != 0}); });
    return out;
}

bool SetProgress(Tx& tx, const std::string& id, const std::string& owner, double progress, const std::string& now) {
    return Query(tx, "UPDATE jobs SET progress = :p, updated_at = :n WHERE id = :id AND state = 'running' AND "
                     "lease_owner = :o")
               .Use(progress).Use(now).Use(id).Use(owner).Exec() == 1;
}

bool FinishRunning(Tx& tx, const std::string& id, const std::string& owner, std::string_view state,
                   const std::string& result, const std::string& error, double progress, const std::string& now) {
    const std::string s(state);
    return Query(tx,
                 "UPDATE jobs SET state = :s, result = :r, error = :e, progress = :p, lease_expires_at = NULL, "
                 "finished_at = :n, updated_at = :n2 WHERE id = :id AND state = 'running' AND lease_owner = :o")
               .Use(s).Use(result).Use(error).Use(progress).Use(now).Use(now).Use(id).Use(owner).Exec() == 1;
}

bool RequeueRunning(Tx& tx, const std::string& id, const std::string& owner, const std::string& run_after,
                    const std::string& error, int attempts_delta, const std::string& now) {
    return Query(tx,
                 "UPDATE jobs SET state = 'queued', lease_owner = NULL, lease_expires_at = NULL, run_after = :ra, "
                 "error = :e, attempts = attempts + :d, updated_at = :n WHERE id = :id AND state = 'running' AND "
                 "lease_owner = :o")
               .Use(run_after).Use(error).Use(attempts_delta).Use(now).Use(id).Use(owner).Exec() == 1;
}

bool CancelQueued(Tx& tx, const std::string& id, const std::string& now) {
    return Query(tx, "UPDATE jobs SET state = 'cancelled', cancel_requested = 1, finished_at = :n, "
                     "updated_at = :n2 WHERE id = :id AND state = 'queued'")
               .Use(now).Use(now).Use(id).Exec() == 1;
}

bool RequestCancel(Tx& tx, const std::string& id, const std::string& now) {
    return Query(tx, "UPDATE jobs SET cancel_requested = 1, updated_at = :n WHERE id = :id AND state = 'running'")
               .Use(now).Use(id).Exec() == 1;
}

long long CountByState(Tx& tx, std::string_view state) {
    long long n = 0;
    const std::string s(state);
    Query(tx, "SELECT COUNT(*) FROM jobs WHERE state = :s").Into(n).Use(s).One();
    return n;
}

long long DeleteFinishedBefore(Tx& tx, const std::string& cutoff) {
    return Query(tx, "DELETE FROM jobs WHERE finished_at IS NOT NULL AND finished_at < :c").Use(cutoff).Exec();
}

}  // namespace palisade::store::jobs

// SPDX-License-Identifier: Apache-2.0
#include "store/scans/scan_repository.hpp"

#include "store/tx.hpp"

namespace palisade::store {

namespace {

// LIKE pattern matching `text` literally inside a JSON array of strings ("...\"text\"...").
std::string JsonMemberPattern(const std::string& text) {
    std::string out = "%\"";
    for (char c : text) {
        if (c == '%' || c == '_' || c == '\\') out += '\\';
        out += c;
    }
    out += "\"%";
    return out;
}

// Columns of scans in the order ReadScan binds them.
constexpr const char* kScanColumns =
    "id, org_id, created_by, schedule_id, profile, targets, modules, options, state, job_id, progress, "
    "findings_count, complete, incomplete_reason, error, score, grade, summary, created_at, started_at, finished_at, "
    "updated_at";

struct ScanRow {
    ScanRecord r;
    OptText created_by, schedule_id, job_id, grade, started_at, finished_at;
    int complete = 0;
    int score = 0;
    soci::indicator score_ind = soci::i_null;

    void Bind(Query& q) {
        q.Into(r.id).Into(r.org_id).Into(created_by.value, created_by.ind).Into(schedule_id.value, schedule_id.ind);
        q.Into(r.profile).Into(r.targets_json).Into(r.modules_json).Into(r.options_json).Into(r.state);
        q.Into(job_id.value, job_id.ind).Into(r.progress).Into(r.findings_count).Into(complete);
        q.Into(r.incomplete_reason).Into(r.error).Into(score, score_ind).Into(grade.value, grade.ind);
        q.Into(r.summary_json).Into(r.created_at).Into(started_at.value, started_at.ind);
        q.Into(finished_at.value, finished_at.ind).Into(r.updated_at);
    }
    ScanRecord Take() {
        ScanRecord out = r;
        out.created_by = created_by.Get();
        out.schedule_id = schedule_id.Get();
        out.job_id = job_id.Get();
        out.grade = grade.Get();
        out.started_at = started_at.Get();
        out.finished_at = finished_at.Get();
        out.complete = complete != 0;
        out.score = score_ind == soci::i_ok ? std::optional<int>(score) : std::nullopt;
        return out;
    }
};

constexpr const char* kScheduleColumns =
    "id, org_id, name, cron, timezone, targets, profile, modules, options, enabled, next_run_at, last_run_at, "
    "last_scan_id, created_by, created_at, updated_at";

struct ScheduleRow {
    ScanScheduleRecord r;
    int enabled = 1;
    OptText next_run_at, last_run_at, last_scan_id, created_by;

    void Bind(Query& q) {
        q.Into(r.id).Into(r.org_id).Into(r.name).Into(r.cron).Into(r.timezone).Into(r.targets_json).Into(r.profile);
        q.Into(r.modules_json).Into(r.options_json).Into(enabled).Into(next_run_at.value, next_run_at.ind);
        q.Into(last_run_at.value, last_run_at.ind).Into(last_scan_id.value, last_scan_id.ind);
        q.Into(created_by.value, created_by.ind).Into(r.created_at).Into(r.updated_at);
    }
    ScanScheduleRecord Take() {
        ScanScheduleRecord out = r;
        out.enabled = enabled != 0;
        out.next_run_at = next_run_at.Get();
        out.last_run_at = last_run_at.Get();
        out.last_scan_id = last_scan_id.Get();
        out.created_by = created_by.Get();
        return out;
    }
};

}  // namespace

namespace scopes {

std::optional<ScopeRecord> Get(Tx& tx, const std::string& org_id) {
    ScopeRecord s;
    OptText by;
    Query q(tx, "SELECT org_id, domains, cidrs, updated_by, updated_at FROM org_scopes WHERE org_id = :o");
    q.Into(s.org_id).Into(s.domains_json).Into(s.cidrs_json).Into(by.value, by.ind).Into(s.updated_at).Use(org_id);
    if (!q.One()) return std::nullopt;
    s.updated_by = by.Get();
    return s;
}

void Put(Tx& tx, const ScopeRecord& s) {
    Query(tx,
          "INSERT INTO org_scopes (org_id, domains, cidrs, updated_by, updated_at) VALUES (:o, :d, :c, :b, :u) "
          "ON CONFLICT (org_id) DO UPDATE SET domains = excluded.domains, cidrs = excluded.cidrs, "
          "updated_by = excluded.updated_by, updated_at = excluded.updated_at")
        .Use(s.org_id).Use(s.domains_json).Use(s.cidrs_json).Use(s.updated_by).Use(s.updated_at).Exec();
}

}  // namespace scopes

namespace scan_profiles {

namespace {
constexpr const char* kColumns =
    "id, org_id, name, description, modules, options, created_by, created_at, updated_at";
void BindProfile(Query& q, ScanProfileRecord& p, OptText& by) {
    q.Into(p.id).Into(p.org_id).Into(p.name).Into(p.description).Into(p.modules_json).Into(p.options_json);
    q.Into(by.value, by.ind).Into(p.created_at).Into(p.updated_at);
}
}  // namespace

void Insert(Tx& tx, const ScanProfileRecord& p) {
    Query(tx,
          "INSERT INTO scan_profiles (id, org_id, name, description, modules, options, created_by, created_at, "
          "updated_at) VALUES (:i, :o, :n, :d, :m, :op, :b, :c, :u)")
        .Use(p.id).Use(p.org_id).Use(p.name).Use(p.description).Use(p.modules_json).Use(p.options_json)
        .Use(p.created_by).Use(p.created_at).Use(p.updated_at).Exec();
}

std::optional<ScanProfileRecord> Get(Tx& tx, const std::string& org_id, const std::string& id) {
    ScanProfileRecord p;
    OptText by;
    Query q(tx, std::string("SELECT ") + kColumns + " FROM scan_profiles WHERE org_id = :o AND id = :i");
    BindProfile(q, p, by);
    q.Use(org_id).Use(id);
    if (!q.One()) return std::nullopt;
    p.created_by = by.Get();
    return p;
}

std::optional<ScanProfileRecord> FindByName(Tx& tx, const std::string& org_id, const std::string& name) {
    ScanProfileRecord p;
    OptText by;
    Query q(tx, std::string("SELECT ") + kColumns + " FROM scan_profiles WHERE org_id = :o AND lower(name) = lower(:n)");
    BindProfile(q, p, by);
    q.Use(org_id).Use(name);
    if (!q.One()) return std::nullopt;
    p.created_by = by.Get();
    return p;
}

std::vector<ScanProfileRecord> List(Tx& tx, const std::string& org_id) {
    std::vector<ScanProfileRecord> out;
    ScanProfileRecord p;
    OptText by;
    Query q(tx, std::string("SELECT ") + kColumns + " FROM scan_profiles WHERE org_id = :o ORDER BY lower(name) LIMIT 500");
    BindProfile(q, p, by);
    q.Use(org_id);
    q.Each([&] {
        ScanProfileRecord copy = p;
        copy.created_by = by.Get();
        out.push_back(std::move(copy));
    });
    return out;
}

bool Delete(Tx& tx, const std::string& org_id, const std::string& id) {
    return Query(tx, "DELETE FROM scan_profiles WHERE org_id = :o AND id = :i").Use(org_id).Use(id).Exec() == 1;
}

}  // namespace scan_profiles

namespace scans {

void Insert(Tx& tx, const ScanRecord& s) {
    const int complete = s.complete ? 1 : 0;
    Query(tx,
          "INSERT INTO scans (id, org_id, created_by, schedule_id, profile, targets, modules, options, state, job_id, "
          "progress, findings_count, complete, incomplete_reason, error, summary, created_at, updated_at) "
          "VALUES (:i, :o, :cb, :sc, :p, :t, :m, :op, :st, :j, :pr, :f, :c, :ir, :e, :su, :ca, :u)")
        .Use(s.id).Use(s.org_id).Use(s.created_by).Use(s.schedule_id).Use(s.profile).Use(s.targets_json)
        .Use(s.modules_json).Use(s.options_json).Use(s.state).Use(s.job_id).Use(s.progress).Use(s.findings_count)
        .Use(complete).Use(s.incomplete_reason).Use(s.error).Use(s.summary_json).Use(s.created_at).Use(s.updated_at)
        .Exec();
}

std::optional<ScanRecord> Get(Tx& tx, const std::string& org_id, const std::string& id) {
    ScanRow row;
    Query q(tx, std::string("SELECT ") + kScanColumns + " FROM scans WHERE org_id = :o AND id = :i");
    row.Bind(q);
    q.Use(org_id).Use(id);
    if (!q.One()) return std::nullopt;
    return row.Take();
}

std::optional<ScanRecord> GetAny(Tx& tx, const std::string& id) {
    ScanRow row;
    Query q(tx, std::string("SELECT ") + kScanColumns + " FROM scans WHERE id = :i");
    row.Bind(q);
    q.Use(id);
    if (!q.One()) return std::nullopt;
    return row.Take();
}

std::vector<ScanRecord> List(Tx& tx, const std::string& org_id, const ListFilter& filter) {
    std::string sql = std::string("SELECT ") + kScanColumns + " FROM scans WHERE org_id = :o";
    if (filter.state) sql += " AND state = :st";
    if (filter.target) sql += " AND targets LIKE :t ESCAPE '\\'";
    if (filter.profile) sql += " AND profile = :p";
    if (filter.schedule_id) sql += " AND schedule_id = :sc";
    if (!filter.before_id.empty()) sql += " AND id < :b";
    sql += " ORDER BY id DESC LIMIT :l";
    const std::string pattern = filter.target ? JsonMemberPattern(*filter.target) : std::string();
    ScanRow row;
    Query q(tx, sql);
    row.Bind(q);
    q.Use(org_id);
    if (filter.state) q.Use(*filter.state);
    if (filter.target) q.Use(pattern);
    if (filter.profile) q.Use(*filter.profile);
    if (filter.schedule_id) q.Use(*filter.schedule_id);
    if (!filter.before_id.empty()) q.Use(filter.before_id);
    q.Use(filter.limit);
    std::vector<ScanRecord> out;
    q.Each([&] { out.push_back(row.Take()); });
    return out;
}

std::vector<ScanRecord> ListUnended(Tx& tx, int limit) {
    ScanRow row;
    Query q(tx, std::string("SELECT ") + kScanColumns +
                    " FROM scans WHERE state IN ('queued', 'running') ORDER BY id LIMIT :l");
    row.Bind(q);
    q.Use(limit);
    std::vector<ScanRecord> out;
    q.Each([&] { out.push_back(row.Take()); });
    return out;
}

void SetJob(Tx& tx, const std::string& id, const std::string& job_id, const std::string& now) {
    Query(tx, "UPDATE scans SET job_id = :j, updated_at = :u WHERE id = :i").Use(job_id).Use(now).Use(id).Exec();
}

void MarkRunning(Tx& tx, const std::string& id, const std::string& now) {
    Query(tx,
          "UPDATE scans SET state = 'running', started_at = COALESCE(started_at, :s), updated_at = :u "
          "WHERE id = :i AND state IN ('queued', 'running')")
        .Use(now).Use(now).Use(id).Exec();
}

void SetProgress(Tx& tx, const std::string& id, double progress, int findings_count, const std::string& now) {
    Query(tx,
          "UPDATE scans SET progress = :p, findings_count = :f, updated_at = :u WHERE id = :i AND state = 'running'")
        .Use(progress).Use(findings_count).Use(now).Use(id).Exec();
}

bool Finish(Tx& tx, const ScanRecord& s) {
    const int complete = s.complete ? 1 : 0;
    std::optional<std::string> score;
    if (s.score) score = std::to_string(*s.score);
    const std::string finished = s.finished_at.value_or(s.updated_at);
    return Query(tx,
                 "UPDATE scans SET state = :st, complete = :c, incomplete_reason = :ir, error = :e, "
                 "score = CAST(:sc AS INTEGER), grade = :g, summary = :su, findings_count = :f, progress = :pr, "
                 "started_at = COALESCE(started_at, :s2), finished_at = :fi, updated_at = :u "
                 "WHERE id = :i AND state IN ('queued', 'running')")
               .Use(s.state).Use(complete).Use(s.incomplete_reason).Use(s.error).Use(score).Use(s.grade)
               .Use(s.summary_json).Use(s.findings_count).Use(s.progress).Use(finished).Use(finished)
               .Use(s.updated_at).Use(s.id).Exec() == 1;
}

bool Delete(Tx& tx, const std::string& org_id, const std::string& id) {
    return Query(tx,
                 "DELETE FROM scans WHERE org_id = :o AND id = :i AND state IN ('done', 'failed', 'cancelled')")
               .Use(org_id).Use(id).Exec() == 1;
}

void PutResult(Tx& tx, const std::string& scan_id, const std::string& report_json, const std::string& sarif,
               const std::string& now) {
    Query(tx,
          "INSERT INTO scan_results (scan_id, report, sarif, created_at) VALUES (:i, :r, :s, :c) "
          "ON CONFLICT (scan_id) DO UPDATE SET report = excluded.report, sarif = excluded.sarif, "
          "created_at = excluded.created_at")
        .Use(scan_id).Use(report_json).Use(sarif).Use(now).Exec();
}

std::optional<std::string> GetResult(Tx& tx, const std::string& scan_id, bool sarif) {
    std::string out;
    Query q(tx, sarif ? "SELECT sarif FROM scan_results WHERE scan_id = :i"
                      : "SELECT report FROM scan_results WHERE scan_id = :i");
    q.Into(out).Use(scan_id);
    if (!q.One()) return std::nullopt;
    return out;
}

std::map<std::string, long long> LatestGrades(Tx& tx, const std::string& org_id) {
    std::map<std::string, long long> out;
    OptText grade;
    long long count = 0;
    // Window functions: SQLite 3.25+ and PostgreSQL. Ids are UUIDv7, so the highest id is the newest scan.
    Query q(tx,
            "SELECT grade, COUNT(*) FROM ("
            " SELECT grade, ROW_NUMBER() OVER (PARTITION BY targets ORDER BY id DESC) AS latest"
            " FROM scans WHERE org_id = :o AND state = 'done') ranked "
            "WHERE latest = 1 GROUP BY grade");
    q.Use(org_id).Into(grade.value, grade.ind).Into(count);
    q.Each([&] { out[grade.ind == soci::i_null ? std::string() : grade.value] += count; });
    return out;
}

}  // namespace scans

namespace scan_events {

std::int64_t LastSeq(Tx& tx, const std::string& scan_id) {
    long long seq = 0;
    soci::indicator ind = soci::i_null;
    Query q(tx, "SELECT MAX(seq) FROM scan_events WHERE scan_id = :i");
    q.Into(seq, ind).Use(scan_id);
    if (!q.One() || ind != soci::i_ok) return 0;
    return seq;
}

void Insert(Tx& tx, const ScanEventRecord& e) {
    const long long seq = e.seq;
    Query(tx, "INSERT INTO scan_events (scan_id, seq, org_id, type, data, at) VALUES (:i, :s, :o, :t, :d, :a)")
        .Use(e.scan_id).Use(seq).Use(e.org_id).Use(e.type).Use(e.data_json).Use(e.at).Exec();
}

std::vector<ScanEventRecord> List(Tx& tx, const std::string& scan_id, std::int64_t after_seq, int limit) {
    std::vector<ScanEventRecord> out;
    ScanEventRecord e;
    long long seq = 0;
    const long long after = after_seq;
    Query q(tx,
            "SELECT scan_id, seq, org_id, type, data, at FROM scan_events WHERE scan_id = :i AND seq > :a "
            "ORDER BY seq LIMIT :l");
    q.Into(e.scan_id).Into(seq).Into(e.org_id).Into(e.type).Into(e.data_json).Into(e.at);
    q.Use(scan_id).Use(after).Use(limit);
    q.Each([&] {
        e.seq = seq;
        out.push_back(e);
    });
    return out;
}

}  // namespace scan_events

namespace scan_schedules {

void Insert(Tx& tx, const ScanScheduleRecord& s) {
    Query(tx,
          "INSERT INTO scan_schedules (id, org_id, name, cron, timezone, targets, profile, modules, options, enabled, "
          "next_run_at, last_run_at, last_scan_id, created_by, created_at, updated_at) VALUES (:i, :o, :n, :c, :tz, "
          ":t, :p, :m, :op, :e, :nr, :lr, :ls, :cb, :ca, :u)")
        .Use(s.id).Use(s.org_id).Use(s.name).Use(s.cron).Use(s.timezone).Use(s.targets_json).Use(s.profile)
        .Use(s.modules_json).Use(s.options_json).Use(s.enabled).Use(s.next_run_at).Use(s.last_run_at)
        .Use(s.last_scan_id).Use(s.created_by).Use(s.created_at).Use(s.updated_at).Exec();
}

void Update(Tx& tx, const ScanScheduleRecord& s) {
    Query(tx,
          "UPDATE scan_schedules SET name = :n, cron = :c, timezone = :tz, targets = :t, profile = :p, modules = :m, "
          "options = :op, enabled = :e, next_run_at = :nr, last_run_at = :lr, last_scan_id = :ls, updated_at = :u "
          "WHERE org_id = :o AND id = :i")
        .Use(s.name).Use(s.cron).Use(s.timezone).Use(s.targets_json).Use(s.profile).Use(s.modules_json)
        .Use(s.options_json).Use(s.enabled).Use(s.next_run_at).Use(s.last_run_at).Use(s.last_scan_id)
        .Use(s.updated_at).Use(s.org_id).Use(s.id).Exec();
}

std::optional<ScanScheduleRecord> Get(Tx& tx, const std::string& org_id, const std::string& id) {
    ScheduleRow row;
    Query q(tx, std::string("SELECT ") + kScheduleColumns + " FROM scan_schedules WHERE org_id = :o AND id = :i");
    row.Bind(q);
    q.Use(org_id).Use(id);
    if (!q.One()) return std::nullopt;
    return row.Take();
}

std::vector<ScanScheduleRecord> List(Tx& tx, const std::string& org_id, const std::string& after_id, int limit) {
    std::vector<ScanScheduleRecord> out;
    ScheduleRow row;
    Query q(tx, std::string("SELECT ") + kScheduleColumns +
                    " FROM scan_schedules WHERE org_id = :o AND id > :a ORDER BY id LIMIT :l");
    row.Bind(q);
    q.Use(org_id).Use(after_id).Use(limit);
    q.Each([&] { out.push_back(row.Take()); });
    return out;
}

bool Delete(Tx& tx, const std::string& org_id, const std::string& id) {
    return Query(tx, "DELETE FROM scan_schedules WHERE org_id = :o AND id = :i").Use(org_id).Use(id).Exec() == 1;
}

std::vector<ScanScheduleRecord> Due(Tx& tx, const std::string& now, int limit) {
    std::vector<ScanScheduleRecord> out;
    ScheduleRow row;
    Query q(tx, std::string("SELECT ") + kScheduleColumns +
                    " FROM scan_schedules WHERE enabled = 1 AND next_run_at IS NOT NULL AND next_run_at <= :n "
                    "ORDER BY next_run_at, id LIMIT :l");
    row.Bind(q);
    q.Use(now).Use(limit);
    q.Each([&] { out.push_back(row.Take()); });
    return out;
}

bool Advance(Tx& tx, const std::string& id, const std::optional<std::string>& expected_next,
             const std::optional<std::string>& next_run_at, const std::string& ran_at, const std::string& scan_id) {
    if (!expected_next) return false;
    return Query(tx,
                 "UPDATE scan_schedules SET next_run_at = :n, last_run_at = :r, last_scan_id = :s, updated_at = :u "
                 "WHERE id = :i AND next_run_at = :e")
               .Use(next_run_at).Use(ran_at).Use(scan_id).Use(ran_at).Use(id).Use(*expected_next).Exec() == 1;
}

}  // namespace scan_schedules

namespace scan_schedules {

bool UpdateDefinition(Tx& tx, const ScanScheduleRecord& s) {
    return Query(tx,
                 "UPDATE scan_schedules SET name = :n, cron = :c, timezone = :tz, targets = :t, profile = :p, "
                 "modules = :m, options = :op, enabled = :e, next_run_at = :nr, updated_at = :u "
                 "WHERE org_id = :o AND id = :i")
               .Use(s.name).Use(s.cron).Use(s.timezone).Use(s.targets_json).Use(s.profile).Use(s.modules_json)
               .Use(s.options_json).Use(s.enabled).Use(s.next_run_at).Use(s.updated_at).Use(s.org_id).Use(s.id)
               .Exec() == 1;
}

void SetLastScan(Tx& tx, const std::string& id, const std::optional<std::string>& scan_id,
                 const std::optional<std::string>& ran_at, const std::string& now) {
    Query(tx,
          "UPDATE scan_schedules SET last_scan_id = :s, last_run_at = COALESCE(:r, last_run_at), updated_at = :u "
          "WHERE id = :i")
        .Use(scan_id).Use(ran_at).Use(now).Use(id).Exec();
}

}  // namespace scan_schedules

}  // namespace palisade::store

// SPDX-License-Identifier: Apache-2.0
// Scans as a service: the organisation's scope, custom scan profiles, scans, their results and stored events, and
// scan schedules. Every lookup a caller makes on behalf of a user takes the org_id: a row of another organisation
// is simply not found. Run inside Store::Read/Write.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace palisade::store {

class Tx;

struct ScopeRecord {
    std::string org_id;
    std::string domains_json = "[]";
    std::string cidrs_json = "[]";
    std::optional<std::string> updated_by;
    std::string updated_at;
};

struct ScanProfileRecord {
    std::string id;
    std::string org_id;
    std::string name;
    std::string description;
    std::string modules_json = "[]";
    std::string options_json = "{}";
    std::optional<std::string> created_by;
    std::string created_at;
    std::string updated_at;
};

struct ScanRecord {
    std::string id;
    std::string org_id;
    std::optional<std::string> created_by;
    std::optional<std::string> schedule_id;
    std::string profile;
    std::string targets_json = "[]";
    std::string modules_json = "[]";
    std::string options_json = "{}";
    std::string state = "queued";  // queued, running, done, failed, cancelled
    std::optional<std::string> job_id;
    double progress = 0;
    int findings_count = 0;
    bool complete = false;
    std::string incomplete_reason;
    std::string error;
    std::optional<int> score;
    std::optional<std::string> grade;
    std::string summary_json = "{}";
    std::string created_at;
    std::optional<std::string> started_at;
    std::optional<std::string> finished_at;
    std::string updated_at;
};

struct ScanEventRecord {
    std::string scan_id;
    std::int64_t seq = 0;
    std::string org_id;
    std::string type;
    std::string data_json;
    std::string at;
};

struct ScanScheduleRecord {
    std::string id;
    std::string org_id;
    std::string name;
    std::string cron;
    std::string timezone = "UTC";
    std::string targets_json = "[]";
    std::string profile;
    std::string modules_json = "[]";
    std::string options_json = "{}";
    bool enabled = true;
    std::optional<std::string> next_run_at;
    std::optional<std::string> last_run_at;
    std::optional<std::string> last_scan_id;
    std::optional<std::string> created_by;
    std::string created_at;
    std::string updated_at;
};

namespace scopes {
std::optional<ScopeRecord> Get(Tx& tx, const std::string& org_id);
void Put(Tx& tx, const ScopeRecord& scope);  // insert or replace
}  // namespace scopes

namespace scan_profiles {
void Insert(Tx& tx, const ScanProfileRecord& p);  // kConflict (constraint) on a duplicate name in the org
std::optional<ScanProfileRecord> Get(Tx& tx, const std::string& org_id, const std::string& id);
std::optional<ScanProfileRecord> FindByName(Tx& tx, const std::string& org_id, const std::string& name);
std::vector<ScanProfileRecord> List(Tx& tx, const std::string& org_id);  // by name, at most 500
bool Delete(Tx& tx, const std::string& org_id, const std::string& id);
}  // namespace scan_profiles

namespace scans {
void Insert(Tx& tx, const ScanRecord& s);
std::optional<ScanRecord> Get(Tx& tx, const std::string& org_id, const std::string& id);
std::optional<ScanRecord> GetAny(Tx& tx, const std::string& id);  // workers: the scan of a job
struct ListFilter {
    std::optional<std::string> state;
    std::optional<std::string> target;       // scans whose targets include this canonical target
    std::optional<std::string> profile;
    std::optional<std::string> schedule_id;
    std::string before_id;                   // cursor: ids below this one (newest first); "" = from the newest
    int limit = 50;
};
std::vector<ScanRecord> List(Tx& tx, const std::string& org_id, const ListFilter& filter);
// Scans of every organisation still queued or running, oldest first, at most `limit` (reconciliation).
std::vector<ScanRecord> ListUnended(Tx& tx, int limit);
void SetJob(Tx& tx, const std::string& id, const std::string& job_id, const std::string& now);
// queued -> running (also running -> running when a job is taken again after its worker died).
void MarkRunning(Tx& tx, const std::string& id, const std::string& now);
void SetProgress(Tx& tx, const std::string& id, double progress, int findings_count, const std::string& now);
// Ends the scan (state done/failed/cancelled) with its outcome fields from `s` (complete, incomplete_reason, error,
// score, grade, summary_json, findings_count, finished_at). Only scans not yet ended change; true when it changed.
bool Finish(Tx& tx, const ScanRecord& s);
bool Delete(Tx& tx, const std::string& org_id, const std::string& id);  // only ended scans
void PutResult(Tx& tx, const std::string& scan_id, const std::string& report_json, const std::string& sarif,
               const std::string& now);
// The stored contract JSON (sarif = false) or SARIF log (sarif = true).
std::optional<std::string> GetResult(Tx& tx, const std::string& scan_id, bool sarif);
// The grades of the latest done scan of each distinct target list of the organisation: grade -> how many ("" for
// a done scan without a grade).
std::map<std::string, long long> LatestGrades(Tx& tx, const std::string& org_id);
}  // namespace scans

namespace scan_events {
// The highest sequence number stored for the scan (0 when none).
std::int64_t LastSeq(Tx& tx, const std::string& scan_id);
void Insert(Tx& tx, const ScanEventRecord& e);
// Events with seq > after_seq, oldest first, at most `limit`.
std::vector<ScanEventRecord> List(Tx& tx, const std::string& scan_id, std::int64_t after_seq, int limit);
}  // namespace scan_events

namespace scan_schedules {
void Insert(Tx& tx, const ScanScheduleRecord& s);
void Update(Tx& tx, const ScanScheduleRecord& s);  // every field but id, org_id, created_*
std::optional<ScanScheduleRecord> Get(Tx& tx, const std::string& org_id, const std::string& id);
std::vector<ScanScheduleRecord> List(Tx& tx, const std::string& org_id, const std::string& after_id, int limit);
bool Delete(Tx& tx, const std::string& org_id, const std::string& id);
// Enabled schedules whose next_run_at <= now, oldest due first, at most `limit`.
std::vector<ScanScheduleRecord> Due(Tx& tx, const std::string& now, int limit);
// Moves a due schedule on, only if next_run_at is still `expected_next` (so two nodes never both run one slot);
// true when this caller won.
bool Advance(Tx& tx, const std::string& id, const std::optional<std::string>& expected_next,
             const std::optional<std::string>& next_run_at, const std::string& ran_at, const std::string& scan_id);
}  // namespace scan_schedules

// Scan schedules, continued (the scheduler of scans/schedule_service.hpp).
namespace scan_schedules {
// Like Update, but leaves the run bookkeeping (last_run_at, last_scan_id) alone, so that a PATCH racing with a
// scheduled run does not erase the run it did not see. Returns false when no row of the org has the id.
bool UpdateDefinition(Tx& tx, const ScanScheduleRecord& s);
// Records a run: last_scan_id (NULL when the run created no scan), and last_run_at when `ran_at` is set.
void SetLastScan(Tx& tx, const std::string& id, const std::optional<std::string>& scan_id,
                 const std::optional<std::string>& ran_at, const std::string& now);
}  // namespace scan_schedules

}  // namespace palisade::store

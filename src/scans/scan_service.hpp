// SPDX-License-Identifier: Apache-2.0
// ScanService: scans as a service for the API. It keeps the organisation's scope and custom profiles, turns a scan
// request into a queued job (refusing targets outside the scope), lists scans, serves their stored results and
// events, cancels, deletes and compares them. The job that runs a scan is scan_job.hpp. Thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "core/result.hpp"
#include "identity/context.hpp"
#include "scans/scope.hpp"
#include "store/scans/scan_repository.hpp"

namespace palisade::jobs {
class JobQueue;
}

namespace palisade::scans {

class ScanEventLog;

// The job kind of a scan; its payload is {"scan_id": "..."}.
inline constexpr const char* kScanJobKind = "scan";
// Error detail of a refusal because a target lies outside the scope (the API answers 422).
inline constexpr const char* kOutOfScopeDetail = "out-of-scope";

struct ScanLimits {
    std::size_t max_targets = 100;          // target arguments per scan
    std::uint64_t max_addresses = 65536;    // addresses per scan, CIDR ranges expanded
};

struct ScanServiceDeps {
    const identity::IdentityDeps& identity;  // store, clock, audit trail
    jobs::JobQueue& queue;
    ScanEventLog& events;
    ScanLimits limits;
    std::function<void()> job_enqueued;                        // wakes this process's workers; may be empty
    std::function<bool(const std::string& job_id)> cancel_local;  // the job runs here: stop it now; may be empty
    int max_attempts = 3;  // claims of a scan's job before it fails (a worker that died counts)
};

struct ScanRequest {
    std::vector<std::string> targets;
    std::string profile;                              // built-in or custom profile name; "" with explicit modules
    std::optional<std::vector<std::string>> modules;  // replaces the profile's modules
    boost::json::object options;                      // merged over the profile's options
    std::optional<std::string> schedule_id;           // set by the scheduler
    int priority = 0;
};

// A profile as the API shows it: built-in (id = name) or custom.
struct ProfileView {
    std::string id;
    std::string name;
    std::string description;
    bool builtin = false;
    std::vector<std::string> modules;
    boost::json::object options;
    std::string created_at;  // "" for built-ins
};

struct FindingSummary {
    std::string fingerprint;
    std::string check;
    std::string title;
    std::string severity;
    std::string location;
};
struct ScanDiff {
    std::string base_scan_id;   // the older scan
    std::string scan_id;        // the newer scan
    std::vector<FindingSummary> new_findings;  // in the newer scan only
    std::vector<FindingSummary> fixed;         // in the older scan only
    std::vector<FindingSummary> unchanged;     // in both
};

class ScanService {
  public:
    explicit ScanService(ScanServiceDeps deps);

    // The organisation's scope (empty lists when never set: nothing may be scanned).
    Result<OrgScope> GetScope(const identity::RequestContext& ctx);
    // Replaces the scope with `scope` (already normalised by NormalizeScope); audited.
    Result<OrgScope> PutScope(const identity::RequestContext& ctx, const OrgScope& scope);

    Result<std::vector<ProfileView>> ListProfiles(const identity::RequestContext& ctx);
    // A custom profile. kAlreadyExists (field name) when the name is taken or is a built-in's; kInvalidArgument for
    // an invalid plan (the handler validates the shape first).
    Result<ProfileView> CreateProfile(const identity::RequestContext& ctx, const std::string& name,
                                      const std::string& description, const std::vector<std::string>& modules,
                                      const boost::json::object& options);
    Status DeleteProfile(const identity::RequestContext& ctx, const std::string& id);

    // Validates, stores and queues a scan. Errors: kInvalidArgument with field "targets" (unparsable, too many,
    // or detail kOutOfScopeDetail when outside the scope, naming every such target), "profile" (unknown),
    // "modules"/"options.*" (invalid plan).
    Result<store::ScanRecord> Create(const identity::RequestContext& ctx, const ScanRequest& request);
    // Creates a scan for the scheduler (no request context; `created_by` may be empty).
    Result<store::ScanRecord> CreateForOrg(const std::string& org_id, const std::string& created_by,
                                           const ScanRequest& request);

    Result<identity::Page<store::ScanRecord>> List(const identity::RequestContext& ctx,
                                                   store::scans::ListFilter filter);
    Result<store::ScanRecord> Get(const identity::RequestContext& ctx, const std::string& id);
    // The dashboard's grade distribution: the grade of the latest done scan of each distinct target list
    // (grade -> count; "" for scans without a grade).
    Result<std::map<std::string, long long>> LatestGrades(const identity::RequestContext& ctx);
    // The stored contract JSON (or SARIF). kConflict while the scan has not ended, or when it failed before
    // producing a result.
    Result<std::string> Results(const identity::RequestContext& ctx, const std::string& id, bool sarif);
    Result<std::vector<store::ScanEventRecord>> Events(const identity::RequestContext& ctx, const std::string& id,
                                                       std::int64_t after_seq, int limit);
    // Queued: cancelled at once. Running: its worker stops it within about a second and keeps the partial result
    // (state cancelled, complete false). Ended: returned unchanged. Audited.
    Result<store::ScanRecord> Cancel(const identity::RequestContext& ctx, const std::string& id);
    // Ended scans only (kConflict otherwise); their results and events go with them. Audited.
    Status Delete(const identity::RequestContext& ctx, const std::string& id);
    // Findings of two ended scans of the same targets, by fingerprint. kInvalidArgument (field "against") when the
    // targets differ; kConflict when one has no result.
    Result<ScanDiff> Diff(const identity::RequestContext& ctx, const std::string& id, const std::string& against_id);

    // Scans still queued or running whose job has ended (failed after its last attempt, or cancelled) are ended
    // the same way. Called periodically by the server; returns how many scans it ended.
    Result<int> ReconcileOrphans();

  private:
    Result<store::ScanRecord> CreateIn(const std::string& org_id, const std::optional<std::string>& created_by,
                                       const ScanRequest& request, const identity::RequestContext* ctx);

    ScanServiceDeps deps_;
};

}  // namespace palisade::scans

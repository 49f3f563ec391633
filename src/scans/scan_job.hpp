// SPDX-License-Identifier: Apache-2.0
// The "scan" job kind: runs one queued scan with the scan engine on a worker, streaming its progress as scan
// events, then stores its findings and assets (through `ingest`), its contract JSON and SARIF, and ends the scan
// (done, failed or cancelled with the partial result). Safe to run again for the same scan after a worker died:
// the events continue from the last stored seq, the ingest is idempotent per scan and the scan ends once.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "findings/ingest.hpp"
#include "jobs/job_context.hpp"

namespace palisade::store {
class Store;
struct ScanRecord;
}

namespace palisade::scans {

class ScanEventLog;

struct ScanJobDeps {
    store::Store& store;
    const Clock& clock;
    ScanEventLog& events;
    // Stores findings and assets of an ended scan; may be empty (findings then live only in the scan's result).
    std::function<Result<findings::IngestSummary>(const findings::ScanIngest&)> ingest;
    std::string version;  // scanner version written into results
    std::chrono::milliseconds progress_interval{500};  // at most one progress event per interval
    // Called once the scan has ended (done, cancelled or failed), after the commit, with the ended scan and the
    // ids of its new findings and regressions; again if a later attempt finds the scan already ended (a worker that
    // died in between), so the callee must be idempotent (notifications are). May be empty.
    std::function<void(const store::ScanRecord& ended, const std::vector<std::string>& new_finding_ids)> on_ended;
};

// The handler to register for kScanJobKind.
jobs::JobHandler MakeScanJobHandler(ScanJobDeps deps);

}  // namespace palisade::scans

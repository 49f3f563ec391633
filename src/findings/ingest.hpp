// SPDX-License-Identifier: Apache-2.0
// What a finished (or cancelled) scan hands to the findings and assets store. Built by the scan job from the
// engine's ScanReport and the per-target finding events; consumed by FindingService::IngestScan.
#pragma once

#include <string>
#include <vector>

#include "scan/engine/finding.hpp"
#include "scan/engine/report.hpp"

namespace palisade::findings {

// One finding with the scan target it came from (Target::ToString(), e.g. "127.0.0.1", "https://a.test/").
struct TargetFinding {
    std::string target;
    scan::Finding finding;
};

struct ScanIngest {
    std::string org_id;
    std::string scan_id;
    // The scan ran to its end (not cancelled, no module over its budget). Only a complete scan may mark findings
    // fixed: a finding of (module, target) not seen again by a complete scan whose module `done` on that target.
    bool complete = true;
    const scan::ScanReport* report = nullptr;  // targets (modules and their status, hosts), services, findings
    std::vector<TargetFinding> findings;       // every finding of the report, with its target
};

// The outcome, for the scan record, events and notifications.
struct IngestSummary {
    int new_findings = 0;        // fingerprints never seen before in the organisation
    int seen_again = 0;          // open findings seen again (last_seen, occurrences updated)
    int regressions = 0;         // fixed findings seen again (reopened, flagged as a regression)
    int fixed = 0;               // open findings marked fixed by this scan
    int suppressed = 0;          // fingerprints remembered as false positives or accepted risks (not reopened)
    std::vector<std::string> new_finding_ids;  // ids of the new findings and regressions (for notifications)
    int assets_created = 0;
    int assets_updated = 0;
    // The scan had been ingested before: nothing changed, the counts are the first ingest's and new_finding_ids is
    // empty (its notifications went out the first time).
    bool replayed = false;
};

}  // namespace palisade::findings

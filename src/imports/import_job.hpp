// SPDX-License-Identifier: Apache-2.0
// The "import" job kind: reads one stored upload (import_service.hpp) chunk by chunk through the nmap XML or SARIF
// streaming parser and hands the records to `ingest` in batches, each as its own scan id "import:<id>:<batch>" with
// complete = false (an import never marks findings fixed nor closes services). Two passes: the first only
// validates the whole file (a malformed or truncated file fails before anything is ingested, with the parser's
// message and line); the second ingests. Peak memory is one stored chunk, the parser state and one batch, whatever
// the file size. Progress (percent of bytes read: 0-10 validating, 10-100 ingesting) and counts are written to the
// import at most every progress_interval. When done (or failed) the stored chunks are deleted; the SHA-256 stays.
//
// Safe to run again for the same import after a worker died: the counts start from zero on every attempt, and the
// batches already ingested replay (IngestScan is idempotent per scan id) without counting anything twice. A shutdown
// or a lost lease hands the job back (kCancelled with reason kShutdown/kLeaseLost); a cancel request fails the
// import. Database failures are retried (kRetry); the import fails with the job on its last attempt.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "findings/ingest.hpp"
#include "imports/nmap_parser.hpp"
#include "imports/sarif_reader.hpp"
#include "jobs/job_context.hpp"

namespace palisade::store {
class Store;
}

namespace palisade::imports {

struct ImportJobDeps {
    store::Store& store;
    const Clock& clock;
    // FindingService::IngestScan (the platform binds it).
    std::function<Result<findings::IngestSummary>(const findings::ScanIngest&)> ingest;
    std::size_t batch_size = 500;                      // hosts or results per IngestScan call
    std::size_t feed_bytes = 256 * 1024;               // parser input slice
    std::chrono::milliseconds progress_interval{500};  // at most one progress write per interval
    NmapLimits nmap;
    SarifLimits sarif;
};

// The handler to register for kImportJobKind. REQUIRES deps.ingest.
jobs::JobHandler MakeImportJobHandler(ImportJobDeps deps);

}  // namespace palisade::imports

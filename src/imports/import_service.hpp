// SPDX-License-Identifier: Apache-2.0
// ImportService: imports of nmap XML and SARIF 2.1.0 files for the API. Create stores the upload in the database
// (base64 chunks of about 1 MiB, readable by a worker on any node) and queues an "import" job (import_job.hpp) that
// parses it and feeds FindingService::IngestScan in batches. Idempotent per organisation, kind and content: a second
// upload of the same bytes returns the first import (unless that one failed) instead of queueing another.
// Every read is scoped to ctx.principal->org_id: another organisation's import is kNotFound. Blocking (database);
// thread-safe. Docs: docs/fragments/imports.md.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "identity/context.hpp"
#include "store/imports/import_repository.hpp"

namespace palisade::store {
class Store;
}
namespace palisade::jobs {
class JobQueue;
}

namespace palisade::imports {

// The job kind of an import; its payload is {"import_id": "..."}.
inline constexpr const char* kImportJobKind = "import";
// Longest file name kept with an import, in bytes.
inline constexpr std::size_t kMaxFilenameBytes = 255;

struct ImportServiceDeps {
    store::Store& store;
    const Clock& clock;
    jobs::JobQueue& queue;
    std::size_t max_upload_bytes = 256 * 1024 * 1024;  // imports.max_upload_bytes
    std::size_t chunk_bytes = 1024 * 1024;             // stored chunk size (before base64)
    int max_attempts = 3;                              // claims of an import's job before it fails
    std::function<void()> job_enqueued;                // wakes this process's workers; may be empty
};

// What Create returns: the import, and whether it already existed (same organisation, kind and content).
struct CreateOutcome {
    store::ImportRecord record;
    bool duplicate = false;
};

class ImportService {
  public:
    explicit ImportService(ImportServiceDeps deps);

    // Stores `bytes` as an import of `kind` and queues its job (audited as imports.create). kInvalidArgument naming
    // "kind" (not nmap or sarif), "body" (empty, over max_upload_bytes, or not starting like the kind's format:
    // '<' for nmap XML, '{' for SARIF, after an optional UTF-8 BOM and white space) or "filename" (over
    // kMaxFilenameBytes, not UTF-8, control characters). The full validation happens in the job: a malformed file
    // ends as state failed with the parser's message and line. When the job cannot be queued the import stays
    // queued and Reconcile() queues it later.
    Result<CreateOutcome> Create(std::string_view kind, std::string_view bytes, const std::string& filename,
                                 const identity::RequestContext& ctx);
    Result<store::ImportRecord> Get(const std::string& id, const identity::RequestContext& ctx);
    // Newest first; the cursor is the last item's id. kInvalidArgument naming "cursor" when it is not an id.
    Result<identity::Page<store::ImportRecord>> List(const std::string& cursor, int limit,
                                                     const identity::RequestContext& ctx);
    // Removes an ended import (its findings and assets stay); kConflict while it is queued or running. Audited.
    Status Delete(const std::string& id, const identity::RequestContext& ctx);

    // Queues the job of imports left queued without one for over a minute (a crash between storing and queueing;
    // the dedup key "import:<id>" makes a second queueing harmless), and fails imports still queued or running whose
    // job has failed or was cancelled. For a periodic maintenance task; returns how many imports it changed.
    Result<int> Reconcile();

  private:
    Status Enqueue(store::ImportRecord& record);

    ImportServiceDeps deps_;
};

}  // namespace palisade::imports

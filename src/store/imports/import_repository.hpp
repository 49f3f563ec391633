// SPDX-License-Identifier: Apache-2.0
// Imports of nmap XML and SARIF files (tables imports and import_chunks, migration 0006). Every lookup made on
// behalf of a user takes the org_id: another organisation's import is simply not found. The uploaded bytes are
// stored as base64 text chunks (both dialects store TEXT the same way; PostgreSQL TEXT cannot hold NUL bytes).
// Run inside Store::Read/Write; SOCI exceptions propagate to the Store, which turns them into errors.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace palisade::store {

class Tx;

// What an import has counted so far.
struct ImportCounts {
    int hosts = 0;         // nmap: hosts up that were imported
    int services = 0;      // nmap: open ports imported as asset services
    int results = 0;       // SARIF: results imported as findings
    int new_findings = 0;  // fingerprints never seen before in the organisation
    int seen_again = 0;    // findings that existed already (open, suppressed or reopened)
    int assets_created = 0;
    int assets_updated = 0;
    int errors = 0;  // records skipped as unusable (a host without an address, a result without a rule)
};

struct ImportRecord {
    std::string id;
    std::string org_id;
    std::string kind;  // nmap | sarif
    std::string filename;
    std::string sha256;  // 64 lower-case hex digits of the uploaded bytes
    std::int64_t size_bytes = 0;
    std::string state = "queued";  // queued | running | done | failed
    int progress = 0;              // percent 0..100
    ImportCounts counts;
    std::string error;
    std::optional<std::string> created_by;
    std::optional<std::string> job_id;
    std::string created_at;
    std::optional<std::string> started_at;
    std::optional<std::string> finished_at;
    std::string updated_at;
};

namespace imports {

// Inserts the row (every column of `r`). A constraint violation (the same content is already live) throws and the
// Store reports kConflict.
void Insert(Tx& tx, const ImportRecord& r);
std::optional<ImportRecord> Get(Tx& tx, const std::string& org_id, const std::string& id);
// Any organisation (the job, reconciliation).
std::optional<ImportRecord> GetAny(Tx& tx, const std::string& id);
// The organisation's import of `kind` with this content that has not failed, if any.
std::optional<ImportRecord> FindLive(Tx& tx, const std::string& org_id, const std::string& kind,
                                     const std::string& sha256);
// Newest first; before_id "" = from the newest; at most `limit` rows.
std::vector<ImportRecord> List(Tx& tx, const std::string& org_id, const std::string& before_id, int limit);
// Queued or running imports of every organisation, oldest first.
std::vector<ImportRecord> ListUnended(Tx& tx, int limit);

void SetJob(Tx& tx, const std::string& id, const std::string& job_id, const std::string& now);
// queued or running -> running (started_at = now, job_id); false when the import has ended.
bool MarkRunning(Tx& tx, const std::string& id, const std::string& job_id, const std::string& now);
// Progress and counts of a running import; false when it is not running.
bool SetProgress(Tx& tx, const std::string& id, int progress, const ImportCounts& counts, const std::string& now);
// Ends an import that has not ended yet (state done or failed, finished_at = now); false when it had ended.
bool Finish(Tx& tx, const std::string& id, const std::string& state, const std::string& error, int progress,
            const ImportCounts& counts, const std::string& now);
// Deletes the import and its chunks; false when there was none in the organisation.
bool Delete(Tx& tx, const std::string& org_id, const std::string& id);

// Stores chunk `seq` of the upload (base64-encoded here).
void PutChunk(Tx& tx, const std::string& import_id, int seq, std::string_view bytes);
// The decoded bytes of chunk `seq`; nullopt when there is no such chunk or it does not decode.
std::optional<std::string> GetChunk(Tx& tx, const std::string& import_id, int seq);
int CountChunks(Tx& tx, const std::string& import_id);
// Deletes every chunk of the import; returns how many.
long long DeleteChunks(Tx& tx, const std::string& import_id);

// RFC 4648 base64 with padding, and its inverse (nullopt on any character or length outside the alphabet).
std::string Base64Encode(std::string_view bytes);
std::optional<std::string> Base64Decode(std::string_view text);

}  // namespace imports
}  // namespace palisade::store

// SPDX-License-Identifier: Apache-2.0
// The audit trail: append-only and hash-chained. Each entry's hash is SHA-256 over the previous entry's hash and
// the entry's canonical content, and seq numbers have no gaps, so an edited, removed or inserted row is found.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/records.hpp"

namespace palisade::store {

class Tx;

namespace audit {

// The hash of `r` chained to r.prev_hash (fields of r other than seq, prev_hash and hash are hashed).
std::string ComputeHash(const AuditRecord& r);

// Appends `entry` (seq, prev_hash and hash are filled in) and returns it. Must run inside Store::Write;
// concurrent appenders are serialised (PostgreSQL: transaction-scoped advisory lock).
AuditRecord Append(Tx& tx, AuditRecord entry);

struct Filter {
    std::string org_id;                  // required: entries of this organisation only
    std::optional<std::string> action;   // exact, or prefix when it ends with '*' ("auth.*")
    std::optional<std::string> actor_user_id;
    std::optional<std::string> object_id;
    std::optional<std::string> outcome;
    std::optional<std::string> since;    // at >= since
    std::optional<std::string> until;    // at < until
    long long before_seq = 0;            // cursor: entries with seq < before_seq (0 = newest first page)
    int limit = 50;
};
// Newest first.
std::vector<AuditRecord> List(Tx& tx, const Filter& filter);

struct VerifyResult {
    bool ok = true;
    long long entries = 0;       // entries checked
    long long first_bad_seq = 0; // when !ok
    std::string problem;         // "hash mismatch (row altered)", "missing entry", ...
};
// Walks the whole chain in seq order.
VerifyResult Verify(Tx& tx);

}  // namespace audit
}  // namespace palisade::store

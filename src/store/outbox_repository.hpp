// SPDX-License-Identifier: Apache-2.0
// Outgoing mail, written in the same transaction as the token it carries so nothing is lost on a crash.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/records.hpp"

namespace palisade::store {

class Tx;

namespace outbox {
void Insert(Tx& tx, const OutboxRecord& m);
// Admin view of one organisation's mail, newest first; cursor on id.
std::vector<OutboxRecord> List(Tx& tx, const std::string& org_id, const std::string& before_id, int limit);
// Unsent messages whose lease has expired, oldest first.
std::vector<OutboxRecord> Pending(Tx& tx, const std::string& now, int limit);
// Takes a lease on one message so only one deliverer (of any node) sends it; false when another holds it.
bool Lease(Tx& tx, const std::string& id, const std::string& now, const std::string& until);
// After a successful send the body, which may hold a token, is erased.
void MarkSent(Tx& tx, const std::string& id, const std::string& now);
void MarkFailed(Tx& tx, const std::string& id, const std::string& error);
}  // namespace outbox

}  // namespace palisade::store

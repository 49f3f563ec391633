// SPDX-License-Identifier: Apache-2.0
// Helpers shared by FindingService and AssetService (findings-internal): who acts, history rows, audit entries,
// SLA due dates, strict time parsing, paging. Functions taking a Tx run inside the caller's transaction.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/principal.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "findings/finding_types.hpp"
#include "identity/context.hpp"
#include "store/findings/finding_records.hpp"

namespace palisade::store {
class Tx;
}

namespace palisade::findings {

// A UUIDv7 (RFC 9562) that sorts after every id this process made before, even within one millisecond or when
// the clock steps back (method 1: a 12-bit counter in rand_a). History and comments are listed in id order, so the
// rows of one change keep the order they were written in. Thread-safe.
std::string NewId(TimePoint now);

// Who a history row names: a user (id and e-mail) or the system.
struct Actor {
    std::optional<std::string> user_id;
    std::string label = "system";
};
Actor ActorOf(const auth::Principal& principal);

// ctx.principal, or kUnauthenticated (services behind authenticated routes).
Result<auth::Principal> RequirePrincipal(const identity::RequestContext& ctx);
// A page size within 1..200.
int ClampLimit(int limit);

// NormalizeTime (finding_types.hpp), or kInvalidArgument naming `field`.
Result<std::string> RequireTime(std::string_view text, std::string_view field);

// The organisation's policy (the defaults when none is saved).
SlaPolicy LoadPolicy(store::Tx& tx, const std::string& org_id);
// `from` + the policy's days for the severity rank, or nullopt when that severity has no SLA.
std::optional<std::string> SlaDue(TimePoint from, const SlaPolicy& policy, int severity_rank);

// Appends one history row for `finding` (id from the clock).
void AddHistory(store::Tx& tx, const Clock& clock, const store::FindingRecord& finding, const Actor& actor,
                std::string field, std::string from, std::string to, std::string note);

// Appends an audit-trail entry for a change made by ctx.principal (or the system when there is none).
void AddAudit(store::Tx& tx, const Clock& clock, const identity::RequestContext& ctx, const std::string& org_id,
              std::string action, std::string object_type, std::string object_id, std::string summary);

// Items fetched with limit n + 1, trimmed to n; next_cursor from the last kept item when there were more.
template <typename T, typename CursorOf>
identity::Page<T> MakePage(std::vector<T> items, int n, CursorOf cursor_of) {
    identity::Page<T> page;
    page.items = std::move(items);
    if (static_cast<int>(page.items.size()) > n) {
        page.items.resize(static_cast<std::size_t>(n));
        page.next_cursor = cursor_of(page.items.back());
    }
    return page;
}

}  // namespace palisade::findings

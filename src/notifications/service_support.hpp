// SPDX-License-Identifier: Apache-2.0
// Helpers shared by the notification services (notifications-internal): who asks, audit entries, page sizes.
#pragma once

#include <string>

#include "auth/principal.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "identity/context.hpp"

namespace palisade::store {
class Tx;
}

namespace palisade::notifications {

// ctx.principal, or kUnauthenticated (services behind authenticated routes).
Result<auth::Principal> RequirePrincipal(const identity::RequestContext& ctx);
// A page size within 1..200.
int ClampLimit(int limit);
// Appends an audit-trail entry for a change made by ctx.principal, inside the caller's transaction.
void AddAudit(store::Tx& tx, const Clock& clock, const identity::RequestContext& ctx, std::string action,
              std::string object_type, std::string object_id, std::string summary);

}  // namespace palisade::notifications

// SPDX-License-Identifier: Apache-2.0
#include "notifications/service_support.hpp"

#include <algorithm>

#include "core/crypto.hpp"
#include "core/time.hpp"
#include "store/audit_repository.hpp"

namespace palisade::notifications {

Result<auth::Principal> RequirePrincipal(const identity::RequestContext& ctx) {
    if (!ctx.principal) return Fail(ErrorCode::kUnauthenticated, "authentication required");
    return *ctx.principal;
}

int ClampLimit(int limit) { return std::clamp(limit, 1, 200); }

void AddAudit(store::Tx& tx, const Clock& clock, const identity::RequestContext& ctx, std::string action,
              std::string object_type, std::string object_id, std::string summary) {
    store::AuditRecord r;
    r.id = NewUuidV7(clock.Now());
    r.at = FormatTime(clock.Now());
    if (ctx.principal) {
        r.org_id = ctx.principal->org_id;
        r.actor_user_id = ctx.principal->user_id;
        r.actor_label = ctx.principal->email;
        if (!ctx.principal->api_key_id.empty()) r.actor_key_id = ctx.principal->api_key_id;
    } else {
        r.actor_label = "system";
    }
    r.action = std::move(action);
    r.object_type = std::move(object_type);
    r.object_id = std::move(object_id);
    r.client_ip = ctx.client_ip;
    r.request_id = ctx.request_id;
    r.outcome = "success";
    r.summary = std::move(summary);
    store::audit::Append(tx, std::move(r));
}

}  // namespace palisade::notifications

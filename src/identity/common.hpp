// SPDX-License-Identifier: Apache-2.0
// Helpers shared by the identity services (identity-internal).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "identity/context.hpp"
#include "store/records.hpp"

namespace palisade::store {
class Tx;
}

namespace palisade::identity {

// Lower-cased, trimmed address when it looks like one (local@domain, no spaces or control characters,
// at most 254 characters); kInvalidArgument naming `field` otherwise.
Result<std::string> NormalizeEmail(std::string_view raw, std::string_view field = "email");

std::string NowText(const IdentityDeps& deps);
std::string NewId(const IdentityDeps& deps);

// What an audit entry says besides who and where (taken from the context).
struct AuditEvent {
    std::string action;       // "auth.login", "users.deactivate"
    std::string object_type;  // "user", "api_key", ...
    std::string object_id;
    std::string outcome = "success";  // success | failure | denied
    std::string summary;      // short, human; never a secret
    std::string org_id;       // defaults to the principal's organisation
    std::string actor_user_id;  // defaults to the principal's user
    std::string actor_label;    // defaults to the principal's e-mail
};

// Appends an audit entry inside the caller's transaction.
void Audit(store::Tx& tx, const IdentityDeps& deps, const RequestContext& ctx, AuditEvent event);
// Appends an audit entry in a transaction of its own (for failures whose main transaction was rolled back).
void AuditAlone(const IdentityDeps& deps, const RequestContext& ctx, AuditEvent event);

// Queues a mail in the outbox inside the caller's transaction (sent after commit by the deliverer).
void QueueMail(store::Tx& tx, const IdentityDeps& deps, const std::string& org_id, const std::string& to,
               const std::string& subject, const std::string& body);

// Requires ctx.principal (services behind authenticated routes); kUnauthenticated otherwise.
Result<auth::Principal> RequirePrincipal(const RequestContext& ctx);

// kResourceExhausted (with retry_after_seconds) when the account `email` or the client `ip` (when not empty) has
// lockout_threshold failed sign-in attempts within lockout_window.
Status CheckLockout(const IdentityDeps& deps, const std::string& email, const std::string& ip);

// A page size within 1..200.
int ClampLimit(int limit);

// A page from `items` fetched with limit n + 1: trimmed to n, with the next cursor taken from the last item kept
// when there were more.
template <typename T, typename CursorOf>
Page<T> ToPage(std::vector<T> items, int n, CursorOf cursor_of) {
    Page<T> page;
    page.items = std::move(items);
    if (static_cast<int>(page.items.size()) > n) {
        page.items.resize(static_cast<std::size_t>(n));
        page.next_cursor = cursor_of(page.items.back());
    }
    return page;
}

}  // namespace palisade::identity

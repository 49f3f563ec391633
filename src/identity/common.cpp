// SPDX-License-Identifier: Apache-2.0
#include "identity/common.hpp"

#include "core/crypto.hpp"
#include "core/strings.hpp"
#include "core/time.hpp"
#include "log/log.hpp"
#include "store/audit_repository.hpp"
#include "store/credential_repository.hpp"
#include "store/outbox_repository.hpp"
#include "store/store.hpp"

namespace palisade::identity {

Result<std::string> NormalizeEmail(std::string_view raw, std::string_view field) {
    const std::string email = ToLower(Trim(raw));
    const auto at = email.find('@');
    auto bad = [&] { return FailField(std::string(field), "must be a valid e-mail address"); };
    if (email.empty() || email.size() > 254 || !IsValidUtf8(email)) return bad();
    if (at == std::string::npos || at == 0 || at + 1 >= email.size() || email.find('@', at + 1) != std::string::npos) {
        return bad();
    }
    for (unsigned char c : email) {
        if (c <= 0x20 || c == 0x7f || c == '<' || c == '>' || c == ',' || c == ';' || c == '"' || c == '\\') {
            return bad();
        }
    }
    const std::string_view domain = std::string_view(email).substr(at + 1);
    if (domain.front() == '.' || domain.back() == '.' || domain.find("..") != std::string_view::npos) return bad();
    return email;
}

std::string NowText(const IdentityDeps& deps) { return FormatTime(deps.clock.Now()); }
std::string NewId(const IdentityDeps& deps) { return NewUuidV7(deps.clock.Now()); }

namespace {

store::AuditRecord MakeRecord(const IdentityDeps& deps, const RequestContext& ctx, AuditEvent event) {
    store::AuditRecord r;
    r.id = NewId(deps);
    r.at = NowText(deps);
    if (event.org_id.empty() && ctx.principal) event.org_id = ctx.principal->org_id;
    if (event.actor_user_id.empty() && ctx.principal) event.actor_user_id = ctx.principal->user_id;
    if (event.actor_label.empty() && ctx.principal) event.actor_label = ctx.principal->email;
    if (!event.org_id.empty()) r.org_id = event.org_id;
    if (!event.actor_user_id.empty()) r.actor_user_id = event.actor_user_id;
    if (ctx.principal && !ctx.principal->api_key_id.empty()) r.actor_key_id = ctx.principal->api_key_id;
    r.actor_label = event.actor_label;
    r.action = event.action;
    r.object_type = event.object_type;
    r.object_id = event.object_id;
    r.client_ip = ctx.client_ip;
    r.request_id = ctx.request_id;
    r.outcome = event.outcome;
    r.summary = event.summary;
    return r;
}

}  // namespace

void Audit(store::Tx& tx, const IdentityDeps& deps, const RequestContext& ctx, AuditEvent event) {
    store::audit::Append(tx, MakeRecord(deps, ctx, std::move(event)));
}

void AuditAlone(const IdentityDeps& deps, const RequestContext& ctx, AuditEvent event) {
    const std::string action = event.action;
    auto r = deps.store.Write([&](store::Tx& tx) -> Status {
        Audit(tx, deps, ctx, std::move(event));
        return Ok();
    });
    if (!r) {
        log::Error("audit write failed", {{"action", action}, {"request_id", ctx.request_id}, {"error", r.error().detail}});
    }
}

void QueueMail(store::Tx& tx, const IdentityDeps& deps, const std::string& org_id, const std::string& to,
               const std::string& subject, const std::string& body) {
    store::OutboxRecord m;
    m.id = NewId(deps);
    if (!org_id.empty()) m.org_id = org_id;
    m.to_address = to;
    m.subject = subject;
    m.body = body;
    m.created_at = NowText(deps);
    store::outbox::Insert(tx, m);
}

Result<auth::Principal> RequirePrincipal(const RequestContext& ctx) {
    if (!ctx.principal) return Fail(ErrorCode::kUnauthenticated, "authentication required");
    return *ctx.principal;
}

int ClampLimit(int limit) { return limit < 1 ? 50 : (limit > 200 ? 200 : limit); }

namespace {

// Seconds until the oldest failure in the window ages out (at least 1).
long RetryAfterLockout(const IdentityDeps& deps, const std::string& oldest) {
    auto t = ParseTime(oldest);
    if (!t) return static_cast<long>(deps.config.lockout_window.count());
    const auto left = std::chrono::duration_cast<std::chrono::seconds>(*t + deps.config.lockout_window -
                                                                        deps.clock.Now()).count();
    return left < 1 ? 1 : static_cast<long>(left);
}

}  // namespace

// kResourceExhausted when the account or the client IP has too many recent failures.
Status CheckLockout(const IdentityDeps& deps, const std::string& email, const std::string& ip) {
    const std::string since = FormatTime(deps.clock.Now() - deps.config.lockout_window);
    auto counts = deps.store.Read([&](store::Tx& tx) -> Result<std::pair<store::login_attempts::Failures,
                                                                             store::login_attempts::Failures>> {
        return std::make_pair(store::login_attempts::CountFailures(tx, "account", email, since, true),
                              ip.empty() ? store::login_attempts::Failures{}
                                         : store::login_attempts::CountFailures(tx, "ip", ip, since, false));
    });
    if (!counts) return tl::unexpected<Error>(counts.error());
    const long long limit = deps.config.lockout_threshold;
    for (const auto* f : {&counts->first, &counts->second}) {
        if (f->count >= limit) {
            Error e{ErrorCode::kResourceExhausted, "too many failed sign-in attempts; try again later", "", "", 0};
            e.retry_after_seconds = RetryAfterLockout(deps, f->oldest);
            return tl::unexpected<Error>(e);
        }
    }
    return Ok();
}

}  // namespace palisade::identity

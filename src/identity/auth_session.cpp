// SPDX-License-Identifier: Apache-2.0
// AuthService: login (lockout, second factor), refresh rotation with reuse detection, logout, authentication.
#include "auth/jwt.hpp"
#include "auth/password_hasher.hpp"
#include "auth/recovery_codes.hpp"
#include "auth/secret_box.hpp"
#include "auth/token_hash.hpp"
#include "auth/totp.hpp"
#include "core/time.hpp"
#include "identity/auth_service.hpp"
#include "identity/common.hpp"
#include "identity/session_issuer.hpp"
#include "store/credential_repository.hpp"
#include "store/identity_repository.hpp"
#include "store/store.hpp"

namespace palisade::identity {

namespace {

constexpr std::string_view kBadCredentials = "invalid e-mail or password";

void RecordFailure(const IdentityDeps& deps, const RequestContext& ctx, const std::string& email,
                   const std::optional<store::UserRecord>& user, const std::optional<std::string>& org_id,
                   const std::string& why) {
    auto r = deps.store.Write([&](store::Tx& tx) -> Status {
        const std::string now = NowText(deps);
        // Attempts older than the window never count again: dropping them keeps the table (and this scan) small.
        store::login_attempts::Prune(tx, FormatTime(deps.clock.Now() - deps.config.lockout_window));
        store::login_attempts::Insert(tx, NewId(deps), "account", email, "failure", now);
        if (!ctx.client_ip.empty()) store::login_attempts::Insert(tx, NewId(deps), "ip", ctx.client_ip, "failure", now);
        Audit(tx, deps, ctx, {"auth.login", "user", user ? user->id : "", "failure", why, org_id.value_or(""),
                              user ? user->id : "", email});
        return Ok();
    });
    (void)r;  // a failed write here is logged by the store; the caller's answer does not change
}

// Checks a TOTP code or a recovery code; spends what it accepts.
Result<bool> CheckSecondFactor(store::Tx& tx, const IdentityDeps& deps, const store::UserRecord& user,
                               const std::string& code) {
    if (!user.totp_secret) return false;
    auto secret = deps.secrets.Open(*user.totp_secret);
    if (!secret) return tl::unexpected<Error>(secret.error());
    if (auto step = auth::VerifyTotp(*secret, code, deps.clock.Now(), user.totp_last_step)) {
        return store::users::AdvanceTotpStep(tx, user.id, *step);
    }
    return store::recovery_codes::Use(tx, user.id, auth::HashToken(auth::NormalizeRecoveryCode(code)), NowText(deps));
}

}  // namespace

Result<TokenPair> AuthService::Login(const LoginInput& in, const RequestContext& ctx) {
    auto email = NormalizeEmail(in.email);
    if (!email) return Fail(ErrorCode::kUnauthenticated, std::string(kBadCredentials));
    if (auto locked = CheckLockout(deps_, *email, ctx.client_ip); !locked) {
        AuditAlone(deps_, ctx, {"auth.login", "user", "", "denied", "locked out", "", "", *email});
        return tl::unexpected<Error>(locked.error());
    }
    auto found = deps_.store.Read([&](store::Tx& tx) -> Result<std::optional<std::pair<store::UserRecord,
                                                                                          store::MembershipRecord>>> {
        auto user = store::users::FindByEmail(tx, *email);
        if (!user) return std::nullopt;
        auto m = store::memberships::FirstForUser(tx, user->id);
        if (!m) return std::nullopt;
        return std::make_pair(*user, *m);
    });
    if (!found) return tl::unexpected<Error>(found.error());
    if (!found->has_value()) {
        deps_.hasher.DummyVerify();  // same time as a real check: no hint that the account does not exist
        RecordFailure(deps_, ctx, *email, std::nullopt, std::nullopt, "unknown account");
        return Fail(ErrorCode::kUnauthenticated, std::string(kBadCredentials));
    }
    const auto& [user, membership] = **found;
    if (!deps_.hasher.Verify(user.password_hash, in.password)) {
        RecordFailure(deps_, ctx, *email, user, membership.org_id, "wrong password");
        return Fail(ErrorCode::kUnauthenticated, std::string(kBadCredentials));
    }
    if (!user.active) {
        AuditAlone(deps_, ctx, {"auth.login", "user", user.id, "denied", "account deactivated", membership.org_id,
                                user.id, user.email});
        return Fail(ErrorCode::kPermissionDenied, "this account is deactivated");
    }
    if (deps_.config.require_email_verification && !user.email_verified) {
        return Fail(ErrorCode::kPermissionDenied, "verify your e-mail address before signing in");
    }
    if (user.totp_enabled && in.totp_code.empty()) {
        Error e{ErrorCode::kUnauthenticated, "a two-factor code is required", "", "totp_code", 0};
        return tl::unexpected<Error>(e);
    }
    std::optional<std::string> rehash;
    if (deps_.hasher.NeedsRehash(user.password_hash)) {
        if (auto h = deps_.hasher.Hash(in.password)) rehash = *h;
    }
    bool second_factor_failed = false;
    auto pair = deps_.store.Write([&](store::Tx& tx) -> Result<TokenPair> {
        if (user.totp_enabled) {
            auto ok = CheckSecondFactor(tx, deps_, user, in.totp_code);
            if (!ok) return tl::unexpected<Error>(ok.error());
            if (!*ok) {
                second_factor_failed = true;
                Error e{ErrorCode::kUnauthenticated, "the two-factor code is not valid", "", "totp_code", 0};
                return tl::unexpected<Error>(e);
            }
        }
        const std::string now = NowText(deps_);
        if (rehash) store::users::UpdatePassword(tx, user.id, *rehash, user.password_changed_at);
        store::login_attempts::Insert(tx, NewId(deps_), "account", user.email, "success", now);
        auto issued = StartSession(tx, deps_, ctx, user.id, membership.org_id, membership.role);
        if (!issued) return issued;
        Audit(tx, deps_, ctx, {"auth.login", "session", issued->session_id, "success",
                               user.totp_enabled ? "password and second factor" : "password", membership.org_id,
                               user.id, user.email});
        return issued;
    });
    if (!pair && second_factor_failed) RecordFailure(deps_, ctx, *email, user, membership.org_id, "wrong second factor");
    return pair;
}

Result<TokenPair> AuthService::Refresh(const std::string& refresh_token, const RequestContext& ctx) {
    if (refresh_token.empty()) return Fail(ErrorCode::kUnauthenticated, "refresh token required");
    enum class Outcome { kRotated, kReuse, kInvalid };
    Outcome outcome = Outcome::kInvalid;
    auto pair = deps_.store.Write([&](store::Tx& tx) -> Result<std::optional<TokenPair>> {
        const std::string now = NowText(deps_);
        auto token = store::sessions::FindRefreshByHash(tx, auth::HashToken(refresh_token));
        if (!token) return std::nullopt;
        auto session = store::sessions::Find(tx, token->session_id);
        if (!session || session->revoked_at || session->expires_at <= now || token->expires_at <= now) {
            return std::nullopt;
        }
        if (token->used_at || !store::sessions::MarkRefreshUsed(tx, token->id, now)) {
            // A spent token came back: someone holds a copy. End the whole family; commit that, answer 401.
            store::sessions::Revoke(tx, session->id, "refresh_token_reuse", now);
            Audit(tx, deps_, ctx, {"auth.refresh", "session", session->id, "denied",
                                   "refresh token reused; session revoked", session->org_id, session->user_id, ""});
            outcome = Outcome::kReuse;
            return std::nullopt;
        }
        auto user = store::users::Find(tx, session->user_id);
        auto m = store::memberships::Find(tx, session->org_id, session->user_id);
        if (!user || !user->active || !m) return std::nullopt;
        auto next = ContinueSession(tx, deps_, session->id, user->id, m->org_id, m->role);
        if (!next) return tl::unexpected<Error>(next.error());
        Audit(tx, deps_, ctx, {"auth.refresh", "session", session->id, "success", "refresh token rotated",
                               m->org_id, user->id, user->email});
        outcome = Outcome::kRotated;
        return std::optional<TokenPair>(*next);
    });
    if (!pair) return tl::unexpected<Error>(pair.error());
    if (outcome == Outcome::kReuse) return Fail(ErrorCode::kUnauthenticated, "refresh token was already used");
    if (!pair->has_value()) return Fail(ErrorCode::kUnauthenticated, "invalid or expired refresh token");
    return **pair;
}

Status AuthService::Logout(const RequestContext& ctx, const std::string& refresh_token) {
    return deps_.store.Write([&](store::Tx& tx) -> Status {
        std::string session_id;
        if (ctx.principal && !ctx.principal->session_family.empty()) {
            session_id = ctx.principal->session_family;
        } else if (!refresh_token.empty()) {
            if (auto t = store::sessions::FindRefreshByHash(tx, auth::HashToken(refresh_token))) session_id = t->session_id;
        }
        if (session_id.empty()) return Ok();  // nothing to end; logout is idempotent
        auto session = store::sessions::Find(tx, session_id);
        if (!session) return Ok();
        if (store::sessions::Revoke(tx, session_id, "logout", NowText(deps_))) {
            Audit(tx, deps_, ctx, {"auth.logout", "session", session_id, "success", "", session->org_id,
                                   session->user_id, ctx.principal ? ctx.principal->email : ""});
        }
        return Ok();
    });
}

Result<auth::Principal> AuthService::AuthenticateAccessToken(const std::string& token) const {
    auto claims = deps_.jwt.Verify(token);
    if (!claims) return tl::unexpected<Error>(claims.error());
    // One query per request: the session, its user and their current membership.
    return deps_.store.Read([&](store::Tx& tx) -> Result<auth::Principal> {
        const std::string now = NowText(deps_);
        auto s = store::sessions::FindPrincipal(tx, claims->session_family);
        if (!s || s->revoked || s->expires_at <= now || !s->user_active || s->user_id != claims->subject ||
            s->org_id != claims->org_id) {
            return Fail(ErrorCode::kUnauthenticated, "session has ended");
        }
        auto role = auth::ParseRole(s->role);  // the current role: a change applies at once
        if (!role) return Fail(ErrorCode::kInternal, "unknown role", s->role);
        return auth::Principal{s->user_id, s->org_id, s->email, *role, auth::CredentialKind::kAccessToken,
                               claims->session_family, ""};
    });
}

void AuthService::RecordForbidden(const RequestContext& ctx, const std::string& operation,
                                  const std::string& needed) const {
    AuditAlone(deps_, ctx, {"http.forbidden", "route", operation, "denied", "needs " + needed});
}

Result<auth::Principal> AuthService::AuthenticateApiKey(const std::string& key) const {
    if (key.empty() || key.size() > 256) return Fail(ErrorCode::kUnauthenticated, "invalid API key");
    auto principal = deps_.store.Read([&](store::Tx& tx) -> Result<std::pair<auth::Principal, bool>> {
        const std::string now = NowText(deps_);
        auto k = store::api_keys::FindByHash(tx, auth::HashToken(key));
        if (!k || k->revoked_at || (k->expires_at && *k->expires_at <= now)) {
            return Fail(ErrorCode::kUnauthenticated, "invalid API key");
        }
        auto user = store::users::Find(tx, k->created_by);
        auto m = store::memberships::Find(tx, k->org_id, k->created_by);
        if (!user || !user->active || !m) return Fail(ErrorCode::kUnauthenticated, "invalid API key");
        auto key_role = auth::ParseRole(k->role);
        auto holder_role = auth::ParseRole(m->role);
        if (!key_role || !holder_role) return Fail(ErrorCode::kInternal, "unknown role");
        // A key never out-ranks its creator, also after the creator was demoted.
        const auth::Role effective = auth::RoleAtMost(*key_role, *holder_role) ? *key_role : *holder_role;
        // last_used_at is written at most once a minute per key to keep reads cheap.
        const bool touch = !k->last_used_at ||
                           *k->last_used_at < FormatTime(deps_.clock.Now() - std::chrono::seconds(60));
        return std::make_pair(auth::Principal{user->id, k->org_id, user->email, effective,
                                              auth::CredentialKind::kApiKey, "", k->id},
                              touch);
    });
    if (!principal) return tl::unexpected<Error>(principal.error());
    if (principal->second) {
        const std::string id = principal->first.api_key_id;
        (void)deps_.store.Write([&](store::Tx& tx) -> Status {
            store::api_keys::Touch(tx, id, NowText(deps_));
            return Ok();
        });
    }
    return principal->first;
}

}  // namespace palisade::identity

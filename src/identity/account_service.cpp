// SPDX-License-Identifier: Apache-2.0
#include "identity/account_service.hpp"

#include "auth/password_hasher.hpp"
#include "auth/password_policy.hpp"
#include "auth/permissions.hpp"
#include "auth/qr_svg.hpp"
#include "auth/recovery_codes.hpp"
#include "auth/secret_box.hpp"
#include "auth/token_hash.hpp"
#include "auth/totp.hpp"
#include "core/crypto.hpp"
#include "core/strings.hpp"
#include "core/time.hpp"
#include "identity/common.hpp"
#include "store/credential_repository.hpp"
#include "store/identity_repository.hpp"
#include "store/store.hpp"

namespace palisade::identity {

Result<MeView> AccountService::Me(const RequestContext& ctx) const {
    auto p = RequirePrincipal(ctx);
    if (!p) return tl::unexpected<Error>(p.error());
    return deps_.store.Read([&](store::Tx& tx) -> Result<MeView> {
        auto user = store::users::Find(tx, p->user_id);
        auto org = store::orgs::Find(tx, p->org_id);
        if (!user || !org) return Fail(ErrorCode::kNotFound, "account not found");
        return MeView{*user, *org, std::string(auth::ToString(p->role)), store::recovery_codes::CountUnused(tx, user->id)};
    });
}

Status AccountService::UpdateProfile(const std::string& display_name, const RequestContext& ctx) {
    auto p = RequirePrincipal(ctx);
    if (!p) return tl::unexpected<Error>(p.error());
    return deps_.store.Write([&](store::Tx& tx) -> Status {
        store::users::SetDisplayName(tx, p->user_id, std::string(Trim(display_name)), NowText(deps_));
        Audit(tx, deps_, ctx, {"me.update", "user", p->user_id, "success", "display name changed"});
        return Ok();
    });
}

Result<TotpEnrollment> AccountService::TotpEnroll(const RequestContext& ctx) {
    auto p = RequirePrincipal(ctx);
    if (!p) return tl::unexpected<Error>(p.error());
    const std::string secret = auth::NewTotpSecret();
    TotpEnrollment out;
    out.secret_base32 = auth::Base32(secret);
    out.otpauth_uri = auth::OtpauthUri("Palisade", p->email, secret);
    auto svg = auth::QrSvg(out.otpauth_uri);
    if (!svg) return tl::unexpected<Error>(svg.error());
    out.qr_svg = std::move(*svg);
    auto saved = deps_.store.Write([&](store::Tx& tx) -> Status {
        auto user = store::users::Find(tx, p->user_id);
        if (!user) return Fail(ErrorCode::kNotFound, "account not found");
        if (user->totp_enabled) return Fail(ErrorCode::kConflict, "two-factor authentication is already enabled");
        store::users::SetTotp(tx, p->user_id, deps_.secrets.Seal(secret), false, NowText(deps_));
        Audit(tx, deps_, ctx, {"auth.totp.enroll", "user", p->user_id, "success", "enrolment started"});
        return Ok();
    });
    if (!saved) return tl::unexpected<Error>(saved.error());
    return out;
}

Result<std::vector<std::string>> AccountService::TotpConfirm(const std::string& code, const RequestContext& ctx) {
    auto p = RequirePrincipal(ctx);
    if (!p) return tl::unexpected<Error>(p.error());
    std::vector<std::string> codes = auth::NewRecoveryCodes(10);
    std::vector<std::string> hashes, ids;
    for (const auto& c : codes) {
        hashes.push_back(auth::HashToken(auth::NormalizeRecoveryCode(c)));
        ids.push_back(NewId(deps_));
    }
    auto done = deps_.store.Write([&](store::Tx& tx) -> Status {
        auto user = store::users::Find(tx, p->user_id);
        if (!user) return Fail(ErrorCode::kNotFound, "account not found");
        if (user->totp_enabled) return Fail(ErrorCode::kConflict, "two-factor authentication is already enabled");
        if (!user->totp_secret) return Fail(ErrorCode::kConflict, "start enrolment first");
        auto secret = deps_.secrets.Open(*user->totp_secret);
        if (!secret) return tl::unexpected<Error>(secret.error());
        auto step = auth::VerifyTotp(*secret, code, deps_.clock.Now(), user->totp_last_step);
        if (!step || !store::users::AdvanceTotpStep(tx, user->id, *step)) {
            return FailField("code", "the code is not valid");
        }
        const std::string now = NowText(deps_);
        store::users::SetTotp(tx, user->id, user->totp_secret, true, now);
        store::recovery_codes::ReplaceAll(tx, user->id, hashes, ids, now);
        Audit(tx, deps_, ctx, {"auth.totp.confirm", "user", user->id, "success", "two-factor authentication enabled"});
        return Ok();
    });
    if (!done) return tl::unexpected<Error>(done.error());
    return codes;
}

Result<long long> AccountService::ChangePassword(const std::string& current_password, const std::string& new_password,
                                                 const RequestContext& ctx) {
    auto p = RequirePrincipal(ctx);
    if (!p) return tl::unexpected<Error>(p.error());
    if (p->session_family.empty()) return Fail(ErrorCode::kPermissionDenied, "a password is changed from a session");
    if (current_password.empty()) return FailField("current_password", "is required");
    if (auto locked = CheckLockout(deps_, p->email, ctx.client_ip); !locked) return tl::unexpected<Error>(locked.error());
    auto user = deps_.store.Read([&](store::Tx& tx) -> Result<std::optional<store::UserRecord>> {
        return store::users::Find(tx, p->user_id);
    });
    if (!user) return tl::unexpected<Error>(user.error());
    if (!user->has_value()) return Fail(ErrorCode::kNotFound, "account not found");
    const store::UserRecord& u = **user;
    if (!deps_.hasher.Verify(u.password_hash, current_password)) {
        auto r = deps_.store.Write([&](store::Tx& tx) -> Status {
            const std::string now = NowText(deps_);
            store::login_attempts::Insert(tx, NewId(deps_), "account", u.email, "failure", now);
            Audit(tx, deps_, ctx, {"auth.password.change", "user", u.id, "failure", "wrong current password"});
            return Ok();
        });
        if (!r) return tl::unexpected<Error>(r.error());
        return FailField("current_password", "the current password is wrong");
    }
    if (new_password == current_password) return FailField("new_password", "must differ from the current password");
    if (auto policy = auth::CheckPasswordPolicy(new_password, u.email); !policy) {
        Error e = policy.error();
        if (e.field == "password") e.field = "new_password";
        return tl::unexpected<Error>(e);
    }
    auto hash = deps_.hasher.Hash(new_password);
    if (!hash) return tl::unexpected<Error>(hash.error());
    return deps_.store.Write([&](store::Tx& tx) -> Result<long long> {
        const std::string now = NowText(deps_);
        store::users::UpdatePassword(tx, u.id, *hash, now);
        const long long revoked = store::sessions::RevokeOthersForUser(tx, u.id, p->session_family, "password_change", now);
        Audit(tx, deps_, ctx, {"auth.password.change", "user", u.id, "success",
                               std::to_string(revoked) + " other session(s) revoked"});
        return revoked;
    });
}

Status AccountService::TotpDisable(const std::string& password, const std::string& code, const RequestContext& ctx) {
    auto p = RequirePrincipal(ctx);
    if (!p) return tl::unexpected<Error>(p.error());
    auto user = deps_.store.Read([&](store::Tx& tx) -> Result<std::optional<store::UserRecord>> {
        return store::users::Find(tx, p->user_id);
    });
    if (!user) return tl::unexpected<Error>(user.error());
    if (!user->has_value()) return Fail(ErrorCode::kNotFound, "account not found");
    if (!(*user)->totp_enabled) return Fail(ErrorCode::kConflict, "two-factor authentication is not enabled");
    if (!deps_.hasher.Verify((*user)->password_hash, password)) return FailField("password", "the password is wrong");
    return deps_.store.Write([&](store::Tx& tx) -> Status {
        const store::UserRecord& u = **user;
        auto secret = deps_.secrets.Open(u.totp_secret.value_or(""));
        if (!secret) return tl::unexpected<Error>(secret.error());
        bool ok = false;
        if (auto step = auth::VerifyTotp(*secret, code, deps_.clock.Now(), u.totp_last_step)) {
            ok = store::users::AdvanceTotpStep(tx, u.id, *step);
        } else {
            ok = store::recovery_codes::Use(tx, u.id, auth::HashToken(auth::NormalizeRecoveryCode(code)), NowText(deps_));
        }
        if (!ok) return FailField("code", "the code is not valid");
        store::users::SetTotp(tx, u.id, std::nullopt, false, NowText(deps_));
        store::recovery_codes::DeleteAll(tx, u.id);
        Audit(tx, deps_, ctx, {"auth.totp.disable", "user", u.id, "success", "two-factor authentication disabled"});
        return Ok();
    });
}

Result<CreatedApiKey> AccountService::CreateApiKey(const CreateApiKeyInput& in, const RequestContext& ctx) {
    auto p = RequirePrincipal(ctx);
    if (!p) return tl::unexpected<Error>(p.error());
    const std::string name(Trim(in.name));
    if (name.empty()) return FailField("name", "is required");
    auth::Role role = p->role;
    if (in.role) {
        auto parsed = auth::ParseRole(*in.role);
        if (!parsed) return FailField("role", "must be one of admin, analyst, operator, viewer");
        if (!auth::RoleAtMost(*parsed, p->role)) return FailField("role", "cannot be higher than your own role");
        role = *parsed;
    }
    if (in.expires_at) {
        auto t = ParseTime(*in.expires_at);
        if (!t) return FailField("expires_at", "must be an RFC 3339 UTC time such as 2030-01-01T00:00:00Z");
        if (*t <= deps_.clock.Now()) return FailField("expires_at", "must be in the future");
    }
    CreatedApiKey out;
    out.key = RandomToken(32, "pk_");
    store::ApiKeyRecord& k = out.record;
    k.id = NewId(deps_);
    k.org_id = p->org_id;
    k.created_by = p->user_id;
    k.name = name;
    k.prefix = out.key.substr(0, 10);
    k.key_hash = auth::HashToken(out.key);
    k.role = std::string(auth::ToString(role));
    k.created_at = NowText(deps_);
    if (in.expires_at) k.expires_at = FormatTime(*ParseTime(*in.expires_at));
    auto saved = deps_.store.Write([&](store::Tx& tx) -> Status {
        store::api_keys::Insert(tx, k);
        Audit(tx, deps_, ctx, {"api_keys.create", "api_key", k.id, "success", "name=" + k.name + " role=" + k.role});
        return Ok();
    });
    if (!saved) return tl::unexpected<Error>(saved.error());
    return out;
}

Result<Page<store::ApiKeyRecord>> AccountService::ListApiKeys(const std::string& cursor, int limit,
                                                             const RequestContext& ctx) const {
    auto p = RequirePrincipal(ctx);
    if (!p) return tl::unexpected<Error>(p.error());
    const int n = ClampLimit(limit);
    const std::string owner = p->role == auth::Role::kAdmin ? "" : p->user_id;
    return deps_.store.Read([&](store::Tx& tx) -> Result<Page<store::ApiKeyRecord>> {
        return ToPage(store::api_keys::List(tx, p->org_id, owner, cursor, n + 1), n,
                      [](const store::ApiKeyRecord& r) { return r.id; });
    });
}

Status AccountService::RevokeApiKey(const std::string& id, const RequestContext& ctx) {
    auto p = RequirePrincipal(ctx);
    if (!p) return tl::unexpected<Error>(p.error());
    return deps_.store.Write([&](store::Tx& tx) -> Status {
        auto k = store::api_keys::Find(tx, p->org_id, id);
        if (!k || (p->role != auth::Role::kAdmin && k->created_by != p->user_id)) {
            return Fail(ErrorCode::kNotFound, "API key not found");
        }
        if (k->revoked_at) return Ok();
        store::api_keys::Revoke(tx, p->org_id, id, NowText(deps_));
        Audit(tx, deps_, ctx, {"api_keys.revoke", "api_key", id, "success", "name=" + k->name});
        return Ok();
    });
}

}  // namespace palisade::identity

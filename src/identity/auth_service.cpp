// SPDX-License-Identifier: Apache-2.0
// AuthService: sign-up, e-mail verification and password reset. Sessions and logins are in auth_session.cpp.
#include "identity/auth_service.hpp"

#include "auth/password_hasher.hpp"
#include "auth/password_policy.hpp"
#include "auth/permissions.hpp"
#include "auth/token_hash.hpp"
#include "core/crypto.hpp"
#include "core/strings.hpp"
#include "core/time.hpp"
#include "identity/common.hpp"
#include "store/credential_repository.hpp"
#include "store/identity_repository.hpp"
#include "store/store.hpp"

namespace palisade::identity {

namespace {

constexpr std::string_view kVerifyPurpose = "verify_email";
constexpr std::string_view kResetPurpose = "password_reset";

// Creates a single-use e-mail token and returns the plaintext to put in the link.
std::string NewEmailToken(store::Tx& tx, const IdentityDeps& deps, const std::string& user_id, std::string_view purpose,
                          std::chrono::seconds ttl) {
    const std::string token = RandomToken(32);
    store::email_tokens::InvalidateAll(tx, user_id, std::string(purpose), NowText(deps));
    store::EmailTokenRecord t;
    t.id = NewId(deps);
    t.user_id = user_id;
    t.purpose = std::string(purpose);
    t.token_hash = auth::HashToken(token);
    t.created_at = NowText(deps);
    t.expires_at = FormatTime(deps.clock.Now() + ttl);
    store::email_tokens::Insert(tx, t);
    return token;
}

std::string DefaultOrgName(const std::string& email) { return email + "'s organisation"; }

void Notify(const IdentityDeps& deps) {
    if (deps.mail_queued) deps.mail_queued();
}

}  // namespace

Status AuthService::Register(const RegisterInput& in, const RequestContext& ctx) {
    const auto mode = deps_.config.signup;
    if (mode == config::SignupMode::kOff) return Fail(ErrorCode::kPermissionDenied, "sign-up is disabled");
    if (mode == config::SignupMode::kInviteOnly && in.invitation_token.empty()) {
        return Fail(ErrorCode::kPermissionDenied, "sign-up needs an invitation");
    }
    auto email = NormalizeEmail(in.email);
    if (!email) return tl::unexpected<Error>(email.error());
    if (auto policy = auth::CheckPasswordPolicy(in.password, *email); !policy) return policy;
    const std::string org_name = std::string(Trim(in.organization)).empty() ? DefaultOrgName(*email)
                                                                             : std::string(Trim(in.organization));
    // Hashing is slow: do it before taking the write lock.
    auto hash = deps_.hasher.Hash(in.password);
    if (!hash) return tl::unexpected<Error>(hash.error());

    auto result = deps_.store.Write([&](store::Tx& tx) -> Status {
        const std::string now = NowText(deps_);
        std::optional<store::InvitationRecord> invite;
        if (!in.invitation_token.empty()) {
            invite = store::invitations::FindByHash(tx, auth::HashToken(in.invitation_token));
            if (!invite || invite->accepted_at || invite->revoked_at || invite->expires_at <= now) {
                return FailField("invitation_token", "invitation is invalid or has expired");
            }
            if (invite->email != *email) return FailField("email", "must be the address the invitation was sent to");
        }
        if (auto existing = store::users::FindByEmail(tx, *email)) {
            // Same answer as a new sign-up; the owner of the address learns someone tried.
            QueueMail(tx, deps_, "", *email, "Sign-up attempt for your Palisade account",
                      "Someone tried to create a Palisade account with this address, which already has one.\n"
                      "If it was you, sign in or reset your password at " + deps_.public_url +
                          "/reset-password\nIf it was not you, you can ignore this message.\n");
            Audit(tx, deps_, ctx, {"auth.register", "user", existing->id, "failure", "address already registered", "",
                                   existing->id, *email});
            return Ok();
        }
        store::UserRecord user;
        user.id = NewId(deps_);
        user.email = *email;
        user.display_name = std::string(Trim(in.display_name));
        user.password_hash = *hash;
        user.email_verified = invite.has_value();  // the invitation link proved the address
        user.password_changed_at = user.created_at = user.updated_at = now;
        std::string org_id;
        std::string role;
        if (invite) {
            org_id = invite->org_id;
            role = invite->role;
            if (!store::invitations::MarkAccepted(tx, invite->id, now)) {
                return FailField("invitation_token", "invitation is invalid or has expired");
            }
        } else {
            if (store::orgs::FindByName(tx, org_name)) return FailField("organization", "name is already taken");
            store::OrgRecord org{NewId(deps_), org_name, now, now};
            store::orgs::Insert(tx, org);
            org_id = org.id;
            role = "admin";
        }
        store::users::Insert(tx, user);
        store::memberships::Insert(tx, {org_id, user.id, role, now});
        if (!user.email_verified) {
            const std::string token =
                NewEmailToken(tx, deps_, user.id, kVerifyPurpose, deps_.config.email_verification_ttl);
            QueueMail(tx, deps_, org_id, user.email, "Verify your Palisade e-mail address",
                      "Welcome to Palisade.\n\nConfirm your address within 24 hours:\n" + deps_.public_url +
                          "/verify-email?token=" + token + "\n\nOr send this token to POST /api/v1/auth/verify-email:\n" +
                          token + "\n");
        }
        Audit(tx, deps_, ctx,
              {"auth.register", "user", user.id, "success", invite ? "joined by invitation as " + role : "new organisation",
               org_id, user.id, user.email});
        return Ok();
    });
    if (result) Notify(deps_);
    return result;
}

Status AuthService::VerifyEmail(const std::string& token, const RequestContext& ctx) {
    if (token.empty()) return FailField("token", "is required");
    return deps_.store.Write([&](store::Tx& tx) -> Status {
        const std::string now = NowText(deps_);
        auto t = store::email_tokens::FindByHash(tx, auth::HashToken(token));
        if (!t || t->purpose != kVerifyPurpose || t->used_at || t->expires_at <= now ||
            !store::email_tokens::MarkUsed(tx, t->id, now)) {
            return FailField("token", "token is invalid, used or expired");
        }
        store::users::SetEmailVerified(tx, t->user_id, now);
        auto m = store::memberships::FirstForUser(tx, t->user_id);
        auto u = store::users::Find(tx, t->user_id);
        Audit(tx, deps_, ctx, {"auth.verify_email", "user", t->user_id, "success", "", m ? m->org_id : "", t->user_id,
                               u ? u->email : ""});
        return Ok();
    });
}

Status AuthService::RequestPasswordReset(const std::string& raw_email, const RequestContext& ctx) {
    auto email = NormalizeEmail(raw_email);
    if (!email) return tl::unexpected<Error>(email.error());
    auto result = deps_.store.Write([&](store::Tx& tx) -> Status {
        auto user = store::users::FindByEmail(tx, *email);
        if (!user || !user->active) return Ok();  // same answer either way
        auto m = store::memberships::FirstForUser(tx, user->id);
        const std::string token = NewEmailToken(tx, deps_, user->id, kResetPurpose, deps_.config.password_reset_ttl);
        QueueMail(tx, deps_, m ? m->org_id : "", user->email, "Reset your Palisade password",
                  "Someone asked to reset the password of this Palisade account.\n\nChoose a new one within an hour:\n" +
                      deps_.public_url + "/reset-password?token=" + token +
                      "\n\nOr send this token to POST /api/v1/auth/password-reset/confirm:\n" + token +
                      "\n\nIf it was not you, ignore this message: your password stays as it is.\n");
        Audit(tx, deps_, ctx, {"auth.password_reset.request", "user", user->id, "success", "", m ? m->org_id : "",
                               user->id, user->email});
        return Ok();
    });
    if (result) Notify(deps_);
    return result;
}

Status AuthService::ConfirmPasswordReset(const std::string& token, const std::string& new_password,
                                         const RequestContext& ctx) {
    if (token.empty()) return FailField("token", "is required");
    // Find the user first (read) to check the policy against their address and hash outside the write lock.
    auto found = deps_.store.Read([&](store::Tx& tx) -> Result<std::optional<store::UserRecord>> {
        auto t = store::email_tokens::FindByHash(tx, auth::HashToken(token));
        if (!t || t->purpose != kResetPurpose) return std::optional<store::UserRecord>();
        return store::users::Find(tx, t->user_id);
    });
    if (!found) return tl::unexpected<Error>(found.error());
    if (!found->has_value()) return FailField("token", "token is invalid, used or expired");
    const store::UserRecord user = **found;
    if (auto policy = auth::CheckPasswordPolicy(new_password, user.email); !policy) return policy;
    auto hash = deps_.hasher.Hash(new_password);
    if (!hash) return tl::unexpected<Error>(hash.error());
    return deps_.store.Write([&](store::Tx& tx) -> Status {
        const std::string now = NowText(deps_);
        auto t = store::email_tokens::FindByHash(tx, auth::HashToken(token));
        if (!t || t->purpose != kResetPurpose || t->used_at || t->expires_at <= now ||
            !store::email_tokens::MarkUsed(tx, t->id, now)) {
            return FailField("token", "token is invalid, used or expired");
        }
        store::users::UpdatePassword(tx, user.id, *hash, now);
        const long long revoked = store::sessions::RevokeAllForUser(tx, user.id, "password_reset", now);
        store::login_attempts::Insert(tx, NewId(deps_), "account", user.email, "unlock", now);
        auto m = store::memberships::FirstForUser(tx, user.id);
        Audit(tx, deps_, ctx, {"auth.password_reset.confirm", "user", user.id, "success",
                               std::to_string(revoked) + " session(s) revoked", m ? m->org_id : "", user.id, user.email});
        return Ok();
    });
}

}  // namespace palisade::identity

// SPDX-License-Identifier: Apache-2.0
#include "identity/bootstrap.hpp"

#include "auth/password_hasher.hpp"
#include "auth/password_policy.hpp"
#include "auth/permissions.hpp"
#include "core/crypto.hpp"
#include "identity/common.hpp"
#include "store/credential_repository.hpp"
#include "store/identity_repository.hpp"
#include "store/store.hpp"

namespace palisade::identity {

namespace {

constexpr std::string_view kDefaultOrg = "Default";
constexpr std::string_view kBootstrapEmail = "admin@palisade.local";

RequestContext SystemContext() { return RequestContext{"", "", "palisade-cli", std::nullopt}; }

// A random password that passes the policy: 24 characters of base64url (144 bits).
std::string NewPassword() { return RandomToken(18); }

}  // namespace

Result<std::optional<BootstrapResult>> BootstrapIfEmpty(const IdentityDeps& deps) {
    auto empty = deps.store.Read([&](store::Tx& tx) -> Result<bool> { return store::orgs::Count(tx) == 0; });
    if (!empty) return tl::unexpected<Error>(empty.error());
    if (!*empty) return std::nullopt;
    BootstrapResult out{std::string(kDefaultOrg), std::string(kBootstrapEmail), NewPassword()};
    auto hash = deps.hasher.Hash(out.password);
    if (!hash) return tl::unexpected<Error>(hash.error());
    auto created = deps.store.Write([&](store::Tx& tx) -> Result<bool> {
        if (store::orgs::Count(tx) != 0) return false;  // another node won the race
        const std::string now = NowText(deps);
        store::OrgRecord org{NewId(deps), out.org_name, now, now};
        store::orgs::Insert(tx, org);
        store::UserRecord u;
        u.id = NewId(deps);
        u.email = out.email;
        u.display_name = "Administrator";
        u.password_hash = *hash;
        u.email_verified = true;
        u.password_changed_at = u.created_at = u.updated_at = now;
        store::users::Insert(tx, u);
        store::memberships::Insert(tx, {org.id, u.id, "admin", now});
        Audit(tx, deps, SystemContext(), {"system.bootstrap", "user", u.id, "success",
                                          "first start: organisation and admin created", org.id, "", "system"});
        return true;
    });
    if (!created) {
        // With PostgreSQL a concurrent bootstrap may lose on the unique organisation name.
        if (created.error().code == ErrorCode::kConflict) return std::nullopt;
        return tl::unexpected<Error>(created.error());
    }
    if (!*created) return std::nullopt;
    return out;
}

Result<std::string> CreateUser(const IdentityDeps& deps, const CreateUserInput& in) {
    auto email = NormalizeEmail(in.email);
    if (!email) return tl::unexpected<Error>(email.error());
    if (!auth::ParseRole(in.role)) return FailField("role", "must be one of admin, analyst, operator, viewer");
    if (auto policy = auth::CheckPasswordPolicy(in.password, *email); !policy) return tl::unexpected<Error>(policy.error());
    auto hash = deps.hasher.Hash(in.password);
    if (!hash) return tl::unexpected<Error>(hash.error());
    const std::string org_name = in.org_name.empty() ? std::string(kDefaultOrg) : in.org_name;
    return deps.store.Write([&](store::Tx& tx) -> Result<std::string> {
        if (store::users::FindByEmail(tx, *email)) return Fail(ErrorCode::kAlreadyExists, "a user with this e-mail exists");
        const std::string now = NowText(deps);
        auto org = store::orgs::FindByName(tx, org_name);
        if (!org) {
            org = store::OrgRecord{NewId(deps), org_name, now, now};
            store::orgs::Insert(tx, *org);
        }
        store::UserRecord u;
        u.id = NewId(deps);
        u.email = *email;
        u.display_name = in.display_name;
        u.password_hash = *hash;
        u.email_verified = true;
        u.password_changed_at = u.created_at = u.updated_at = now;
        store::users::Insert(tx, u);
        store::memberships::Insert(tx, {org->id, u.id, in.role, now});
        Audit(tx, deps, SystemContext(), {"admin.create_user", "user", u.id, "success", *email + " as " + in.role,
                                          org->id, "", "cli"});
        return u.id;
    });
}

Status ResetPassword(const IdentityDeps& deps, const std::string& raw_email, const std::string& password) {
    auto email = NormalizeEmail(raw_email);
    if (!email) return tl::unexpected<Error>(email.error());
    if (auto policy = auth::CheckPasswordPolicy(password, *email); !policy) return policy;
    auto hash = deps.hasher.Hash(password);
    if (!hash) return tl::unexpected<Error>(hash.error());
    return deps.store.Write([&](store::Tx& tx) -> Status {
        auto user = store::users::FindByEmail(tx, *email);
        if (!user) return Fail(ErrorCode::kNotFound, "no user with this e-mail");
        const std::string now = NowText(deps);
        store::users::UpdatePassword(tx, user->id, *hash, now);
        const long long revoked = store::sessions::RevokeAllForUser(tx, user->id, "password_reset", now);
        store::login_attempts::Insert(tx, NewId(deps), "account", user->email, "unlock", now);
        auto m = store::memberships::FirstForUser(tx, user->id);
        Audit(tx, deps, SystemContext(), {"admin.reset_password", "user", user->id, "success",
                                          std::to_string(revoked) + " session(s) revoked", m ? m->org_id : "", "",
                                          "cli"});
        return Ok();
    });
}

Result<store::audit::VerifyResult> VerifyAudit(const IdentityDeps& deps) {
    return deps.store.Read([](store::Tx& tx) -> Result<store::audit::VerifyResult> { return store::audit::Verify(tx); });
}

}  // namespace palisade::identity

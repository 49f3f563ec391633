// SPDX-License-Identifier: Apache-2.0
// AccountService: what a signed-in user does to their own account: profile, TOTP, API keys.
// Blocking; thread-safe; audited.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "identity/context.hpp"
#include "store/records.hpp"

namespace palisade::identity {

struct MeView {
    store::UserRecord user;
    store::OrgRecord org;
    std::string role;
    long long recovery_codes_left = 0;
};

struct TotpEnrollment {
    std::string secret_base32;
    std::string otpauth_uri;
    std::string qr_svg;
};

struct CreateApiKeyInput {
    std::string name;
    std::optional<std::string> role;        // default: the creator's role; never above it
    std::optional<std::string> expires_at;  // RFC 3339 UTC, in the future
};

struct CreatedApiKey {
    store::ApiKeyRecord record;
    std::string key;  // shown once
};

class AccountService {
public:
    explicit AccountService(IdentityDeps deps) : deps_(std::move(deps)) {}

    Result<MeView> Me(const RequestContext& ctx) const;
    Status UpdateProfile(const std::string& display_name, const RequestContext& ctx);
    // The caller's new password, given the current one (a session credential: ctx.principal->session_family). Every
    // other session of the user is revoked; returns how many. A wrong current password counts as a failed sign-in
    // (the account's lockout applies) and names `current_password`.
    Result<long long> ChangePassword(const std::string& current_password, const std::string& new_password,
                                     const RequestContext& ctx);

    // Starts (or restarts) enrolment: a new secret, not enforced until confirmed. kConflict if already enabled.
    Result<TotpEnrollment> TotpEnroll(const RequestContext& ctx);
    // Confirms with a current code; enables TOTP and returns ten single-use recovery codes (shown once).
    Result<std::vector<std::string>> TotpConfirm(const std::string& code, const RequestContext& ctx);
    // Needs the password and a current code (or a recovery code).
    Status TotpDisable(const std::string& password, const std::string& code, const RequestContext& ctx);

    Result<CreatedApiKey> CreateApiKey(const CreateApiKeyInput& in, const RequestContext& ctx);
    // Admins see every key of the organisation, others their own.
    Result<Page<store::ApiKeyRecord>> ListApiKeys(const std::string& cursor, int limit, const RequestContext& ctx) const;
    // kNotFound for another user's key (unless admin) or another organisation's.
    Status RevokeApiKey(const std::string& id, const RequestContext& ctx);

private:
    IdentityDeps deps_;
};

}  // namespace palisade::identity

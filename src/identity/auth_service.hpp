// SPDX-License-Identifier: Apache-2.0
// AuthService: sign-up, e-mail verification, login (with lockout and TOTP), refresh-token rotation with reuse
// detection, logout, password reset, and turning credentials into a Principal. Blocking (database, argon2id):
// call from the blocking pool. Thread-safe. Every call writes the audit trail.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "core/result.hpp"
#include "identity/context.hpp"

namespace palisade::identity {

struct RegisterInput {
    std::string email;
    std::string password;
    std::string display_name;
    std::string organization;      // open sign-up: the new organisation's name (default derived from the e-mail)
    std::string invitation_token;  // required when sign-up is invite-only
};

struct LoginInput {
    std::string email;
    std::string password;
    std::string totp_code;  // a TOTP code or a recovery code; required when the account has TOTP
};

struct TokenPair {
    std::string access_token;   // JWT, Authorization: Bearer
    std::string refresh_token;  // opaque, single use
    std::chrono::seconds expires_in{0};
    std::string session_id;
};

class AuthService {
public:
    explicit AuthService(IdentityDeps deps) : deps_(std::move(deps)) {}

    // Creates the account and mails a verification link (or, with an invitation for the same address, joins its
    // organisation already verified). An address that already has an account gets a notice mail instead and the
    // caller sees the same success, so sign-up does not reveal who has an account.
    // Errors: kPermissionDenied (sign-up off, or invite-only without invitation), kInvalidArgument (field).
    Status Register(const RegisterInput& in, const RequestContext& ctx);
    // kInvalidArgument ("token") when the token is unknown, used or expired.
    Status VerifyEmail(const std::string& token, const RequestContext& ctx);

    // kUnauthenticated for unknown e-mail or wrong password (one message for both); kUnauthenticated with field
    // "totp_code" when a second factor is needed or wrong; kResourceExhausted (+retry_after) when locked out;
    // kPermissionDenied when the account is deactivated or unverified (only after a correct password).
    Result<TokenPair> Login(const LoginInput& in, const RequestContext& ctx);
    // Rotates: the presented token is spent and a new pair returned. Presenting a spent token revokes the whole
    // session (family). kUnauthenticated for anything invalid.
    Result<TokenPair> Refresh(const std::string& refresh_token, const RequestContext& ctx);
    // Revokes the caller's session (from the principal, or from a refresh token when given).
    Status Logout(const RequestContext& ctx, const std::string& refresh_token);

    // Always succeeds for a well-formed address (no account enumeration); mails a 1 h single-use link if the
    // account exists.
    Status RequestPasswordReset(const std::string& email, const RequestContext& ctx);
    // Sets the password, spends the token, revokes every session, clears the lockout.
    Status ConfirmPasswordReset(const std::string& token, const std::string& new_password, const RequestContext& ctx);

    // Credentials -> Principal, with the user's current role; kUnauthenticated when invalid, expired, revoked or
    // the user is deactivated.
    Result<auth::Principal> AuthenticateAccessToken(const std::string& token) const;
    Result<auth::Principal> AuthenticateApiKey(const std::string& key) const;

    // Audits a request refused for lack of permission: `operation` is "METHOD /route/{pattern}".
    void RecordForbidden(const RequestContext& ctx, const std::string& operation, const std::string& needed) const;

private:
    IdentityDeps deps_;
};

}  // namespace palisade::identity

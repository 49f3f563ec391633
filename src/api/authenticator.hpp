// SPDX-License-Identifier: Apache-2.0
// ApiAuthenticator: turns a request's credentials into a Principal through identity::AuthService.
// Credentials are looked for in this order, and the first kind present is the only one used:
//   1. Authorization: Bearer <access JWT>    (another scheme, or no token, is kUnauthenticated)
//   2. X-API-Key: <key>
//   3. Cookie palisade_access=<access JWT>   (unsafe methods also need X-CSRF-Token == cookie palisade_csrf,
//                                             else kPermissionDenied "missing or invalid CSRF token")
// Thread-safe (as AuthService is).
#pragma once

#include <optional>
#include <string>

#include "auth/principal.hpp"
#include "core/result.hpp"
#include "identity/auth_service.hpp"
#include "server/http.hpp"
#include "server/server.hpp"

namespace palisade::api {

struct Credential {
    auth::CredentialKind kind = auth::CredentialKind::kAccessToken;
    std::string secret;  // the JWT or the API key
};

// The credential a request carries, without checking it against the database: nullopt when there is none;
// kUnauthenticated for a malformed Authorization header or an empty X-API-Key; kPermissionDenied for a cookie on
// an unsafe request without the matching CSRF header.
Result<std::optional<Credential>> ExtractCredential(const server::Request& request);

class ApiAuthenticator final : public server::Authenticator {
public:
    // `auth` must outlive the authenticator.
    explicit ApiAuthenticator(identity::AuthService& auth) : auth_(auth) {}

    Result<std::optional<auth::Principal>> Authenticate(const server::Request& request) override;
    // Records the refusal in the audit trail (action "http.forbidden", outcome "denied").
    void OnForbidden(const server::Request& request, auth::Permission needed) override;

private:
    identity::AuthService& auth_;
};

}  // namespace palisade::api

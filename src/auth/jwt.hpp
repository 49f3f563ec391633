// SPDX-License-Identifier: Apache-2.0
// Short-lived access tokens: HS256 JWTs (libjwt 1.10). libjwt checks only the signature, so every claim is checked
// here: alg must be HS256, typ "access", iss ours, exp in the future, iat/nbf not in the future (60 s leeway).
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace palisade::auth {

// The claims of an access token. Times have whole-second precision (JWT NumericDate).
struct AccessClaims {
    std::string subject;         // "sub": user id
    std::string org_id;          // "org"
    std::string role;            // "role": auth::ToString(Role)
    std::string session_family;  // "sid": refresh-token family, so revoking a session can be checked
    std::string token_id;        // "jti": unique per token
    TimePoint issued_at;         // "iat" (and "nbf")
    TimePoint expires_at;        // "exp"
};

class JwtCodec {
  public:
    static constexpr std::size_t kMinKeyBytes = 32;      // HS256 key; shorter keys make Issue/Verify fail
    static constexpr std::size_t kMaxTokenBytes = 8192;  // longer input is rejected before parsing
    static constexpr std::chrono::seconds kLeeway{60};   // clock skew allowed for iat/nbf

    // `key`: the HS256 secret (raw bytes, at least kMinKeyBytes). `clock` must outlive the codec.
    JwtCodec(std::string key, std::string issuer, const Clock& clock);

    // A signed compact JWT. kInvalidArgument when subject or token_id is empty or expires_at <= issued_at;
    // kInternal when the key is too short or libjwt fails.
    Result<std::string> Issue(const AccessClaims& claims) const;

    // The claims of a token this codec issued and that is still valid now. Every failure is kUnauthenticated:
    // "token expired" when only the expiry is at fault, otherwise "invalid token" (the reason is in `detail`).
    Result<AccessClaims> Verify(std::string_view token) const;

  private:
    std::string key_;
    std::string issuer_;
    const Clock& clock_;
};

}  // namespace palisade::auth

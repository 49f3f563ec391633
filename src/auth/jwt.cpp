// SPDX-License-Identifier: Apache-2.0
#include "auth/jwt.hpp"

#include <jwt.h>

#include <cerrno>
#include <cstdlib>
#include <memory>
#include <optional>

#include "core/time.hpp"

namespace palisade::auth {
namespace {

constexpr const char* kTokenType = "access";

struct JwtDeleter {
    void operator()(jwt_t* jwt) const { jwt_free(jwt); }
};
using JwtPtr = std::unique_ptr<jwt_t, JwtDeleter>;

tl::unexpected<Error> Invalid(std::string detail) {
    return Fail(ErrorCode::kUnauthenticated, "invalid token", std::move(detail));
}

// A string claim, or nullopt when it is missing or not a JSON string.
std::optional<std::string> StringClaim(jwt_t* jwt, const char* name) {
    const char* value = jwt_get_grant(jwt, name);
    if (value == nullptr) return std::nullopt;
    return std::string(value);
}

// An integer claim, or nullopt when it is missing or not a JSON integer (libjwt reports that through errno).
std::optional<long> IntClaim(jwt_t* jwt, const char* name) {
    errno = 0;
    const long value = jwt_get_grant_int(jwt, name);
    if (errno != 0) return std::nullopt;
    return value;
}

int AddClaims(jwt_t* jwt, const std::string& issuer, const AccessClaims& c) {
    const long iat = static_cast<long>(ToUnixSeconds(c.issued_at));
    int rc = 0;
    rc = rc ? rc : jwt_add_grant(jwt, "iss", issuer.c_str());
    rc = rc ? rc : jwt_add_grant(jwt, "typ", kTokenType);
    rc = rc ? rc : jwt_add_grant(jwt, "sub", c.subject.c_str());
    rc = rc ? rc : jwt_add_grant(jwt, "org", c.org_id.c_str());
    rc = rc ? rc : jwt_add_grant(jwt, "role", c.role.c_str());
    rc = rc ? rc : jwt_add_grant(jwt, "sid", c.session_family.c_str());
    rc = rc ? rc : jwt_add_grant(jwt, "jti", c.token_id.c_str());
    rc = rc ? rc : jwt_add_grant_int(jwt, "iat", iat);
    rc = rc ? rc : jwt_add_grant_int(jwt, "nbf", iat);
    rc = rc ? rc : jwt_add_grant_int(jwt, "exp", static_cast<long>(ToUnixSeconds(c.expires_at)));
    return rc;
}

bool HasNul(std::string_view s) { return s.find('\0') != std::string_view::npos; }

}  // namespace

JwtCodec::JwtCodec(std::string key, std::string issuer, const Clock& clock)
    : key_(std::move(key)), issuer_(std::move(issuer)), clock_(clock) {}

Result<std::string> JwtCodec::Issue(const AccessClaims& claims) const {
    if (key_.size() < kMinKeyBytes) return Fail(ErrorCode::kInternal, "cannot issue token", "JWT key too short");
    if (claims.subject.empty() || claims.token_id.empty()) {
        return Fail(ErrorCode::kInvalidArgument, "cannot issue token", "subject and token_id are required");
    }
    if (claims.expires_at <= claims.issued_at) {
        return Fail(ErrorCode::kInvalidArgument, "cannot issue token", "expires_at must be after issued_at");
    }
    // Claims are C strings in libjwt: an embedded NUL would silently truncate one.
    for (const std::string* s :
         {&claims.subject, &claims.org_id, &claims.role, &claims.session_family, &claims.token_id, &issuer_}) {
        if (HasNul(*s)) return Fail(ErrorCode::kInvalidArgument, "cannot issue token", "claim contains NUL");
    }
    jwt_t* raw = nullptr;
    if (jwt_new(&raw) != 0) return Fail(ErrorCode::kInternal, "cannot issue token", "jwt_new failed");
    JwtPtr jwt(raw);
    if (jwt_set_alg(jwt.get(), JWT_ALG_HS256, reinterpret_cast<const unsigned char*>(key_.data()),
                    static_cast<int>(key_.size())) != 0) {
        return Fail(ErrorCode::kInternal, "cannot issue token", "jwt_set_alg failed");
    }
    if (const int rc = AddClaims(jwt.get(), issuer_, claims); rc != 0) {
        return Fail(ErrorCode::kInternal, "cannot issue token", "jwt_add_grant failed: errno " + std::to_string(rc));
    }
    char* encoded = jwt_encode_str(jwt.get());
    if (encoded == nullptr) return Fail(ErrorCode::kInternal, "cannot issue token", "jwt_encode_str failed");
    std::string out(encoded);
    std::free(encoded);  // libjwt 1.10 has no jwt_free_str
    return out;
}

Result<AccessClaims> JwtCodec::Verify(std::string_view token) const {
    if (key_.size() < kMinKeyBytes) return Invalid("JWT key too short");
    if (token.empty() || token.size() > kMaxTokenBytes || HasNul(token)) return Invalid("bad token length or NUL");
    const std::string text(token);
    jwt_t* raw = nullptr;
    // Always with the key: without one, libjwt 1.10 accepts unsigned (alg=none) tokens.
    if (jwt_decode(&raw, text.c_str(), reinterpret_cast<const unsigned char*>(key_.data()),
                   static_cast<int>(key_.size())) != 0 ||
        raw == nullptr) {
        return Invalid("jwt_decode failed (malformed or bad signature)");
    }
    JwtPtr jwt(raw);
    if (jwt_get_alg(jwt.get()) != JWT_ALG_HS256) return Invalid("alg is not HS256");

    const auto iss = StringClaim(jwt.get(), "iss");
    const auto typ = StringClaim(jwt.get(), "typ");
    if (!iss || *iss != issuer_) return Invalid("wrong or missing iss");
    if (!typ || *typ != kTokenType) return Invalid("wrong or missing typ");

    AccessClaims claims;
    const auto sub = StringClaim(jwt.get(), "sub");
    const auto org = StringClaim(jwt.get(), "org");
    const auto role = StringClaim(jwt.get(), "role");
    const auto sid = StringClaim(jwt.get(), "sid");
    const auto jti = StringClaim(jwt.get(), "jti");
    if (!sub || sub->empty() || !jti || jti->empty() || !org || !role || !sid) {
        return Invalid("missing or non-string sub/org/role/sid/jti");
    }
    const auto iat = IntClaim(jwt.get(), "iat");
    const auto exp = IntClaim(jwt.get(), "exp");
    if (!iat || !exp) return Invalid("missing or non-integer iat/exp");
    const auto nbf = IntClaim(jwt.get(), "nbf");  // optional
    if (*exp <= *iat) return Invalid("exp not after iat");

    const std::int64_t now = ToUnixSeconds(clock_.Now());
    const std::int64_t leeway = kLeeway.count();
    if (*iat > now + leeway || (nbf && *nbf > now + leeway)) return Invalid("iat/nbf in the future");
    if (now >= *exp) return Fail(ErrorCode::kUnauthenticated, "token expired", "exp passed");

    claims.subject = *sub;
    claims.org_id = *org;
    claims.role = *role;
    claims.session_family = *sid;
    claims.token_id = *jti;
    claims.issued_at = FromUnixSeconds(*iat);
    claims.expires_at = FromUnixSeconds(*exp);
    return claims;
}

}  // namespace palisade::auth

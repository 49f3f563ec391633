// SPDX-License-Identifier: Apache-2.0
// Browser sessions: the three cookies set at login and refresh, cleared at logout, and the CSRF check that
// cookie-authenticated unsafe requests must pass (double-submit: header X-CSRF-Token == cookie palisade_csrf).
//
//   palisade_access   access JWT       HttpOnly; SameSite=Strict; Path=/;             Max-Age=expires_in
//   palisade_refresh  refresh token    HttpOnly; SameSite=Strict; Path=/api/v1/auth;  Max-Age=refresh TTL
//   palisade_csrf     random token     SameSite=Strict; Path=/  (not HttpOnly: the UI reads it into the header)
//
// Every cookie gets `Secure` when the server runs TLS. Thread-safe.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "identity/auth_service.hpp"
#include "server/http.hpp"

namespace palisade::api {

inline constexpr std::string_view kAccessCookie = "palisade_access";
inline constexpr std::string_view kRefreshCookie = "palisade_refresh";
inline constexpr std::string_view kCsrfCookie = "palisade_csrf";
inline constexpr std::string_view kCsrfHeader = "x-csrf-token";  // lower-case, as Request::Header wants
inline constexpr std::string_view kRefreshCookiePath = "/api/v1/auth";

struct CookieSpec {
    std::string_view name;
    std::string_view value;
    std::string_view path = "/";
    std::chrono::seconds max_age{0};
    bool http_only = true;
    bool secure = false;
};

// "name=value; Path=...; Max-Age=...; HttpOnly; Secure; SameSite=Strict". REQUIRES value to be cookie-safe
// (the tokens we issue are base64url or JWT text).
std::string SetCookieValue(const CookieSpec& cookie);

// A fresh CSRF token (256 bits, base64url). REQUIRES InitCrypto().
std::string NewCsrfToken();

// A CSRF token worth keeping across a refresh: the request's palisade_csrf cookie when it looks like one we issued
// (so tabs holding it keep working), else a new one.
std::string CsrfTokenFor(const server::Request& request);

// Adds the three Set-Cookie headers.
void SetSessionCookies(server::Response& response, const identity::TokenPair& tokens,
                       std::chrono::seconds refresh_ttl, std::string_view csrf_token, bool secure);
// Adds three Set-Cookie headers that delete them (empty value, Max-Age=0, same Path).
void ClearSessionCookies(server::Response& response, bool secure);

// True for the methods that change state (POST, PUT, PATCH, DELETE).
bool IsUnsafeMethod(server::Method method);
// kPermissionDenied "missing or invalid CSRF token" unless the X-CSRF-Token header equals the palisade_csrf
// cookie (both present and non-empty; compared in constant time). Call only for cookie-carried credentials.
Status CheckCsrf(const server::Request& request);

}  // namespace palisade::api

// SPDX-License-Identifier: Apache-2.0
#include "api/cookies.hpp"

#include <algorithm>

#include "core/crypto.hpp"
#include "core/strings.hpp"

namespace palisade::api {

namespace {

constexpr std::size_t kCsrfBytes = 32;
constexpr std::size_t kCsrfTokenChars = 43;  // base64url of 32 bytes, no padding

bool LooksLikeCsrfToken(std::string_view s) {
    return s.size() == kCsrfTokenChars && std::all_of(s.begin(), s.end(), [](char c) {
               return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                      c == '_';
           });
}

}  // namespace

std::string SetCookieValue(const CookieSpec& cookie) {
    std::string out;
    out.reserve(cookie.name.size() + cookie.value.size() + 96);
    out.append(cookie.name).append("=").append(cookie.value);
    out.append("; Path=").append(cookie.path);
    out.append("; Max-Age=").append(std::to_string(std::max<long long>(0, cookie.max_age.count())));
    if (cookie.http_only) out.append("; HttpOnly");
    if (cookie.secure) out.append("; Secure");
    out.append("; SameSite=Strict");
    return out;
}

std::string NewCsrfToken() { return Base64UrlEncode(RandomBytes(kCsrfBytes)); }

std::string CsrfTokenFor(const server::Request& request) {
    auto current = request.Cookie(kCsrfCookie);
    if (current && LooksLikeCsrfToken(*current)) return *current;
    return NewCsrfToken();
}

void SetSessionCookies(server::Response& response, const identity::TokenPair& tokens,
                       std::chrono::seconds refresh_ttl, std::string_view csrf_token, bool secure) {
    response.AddHeader("Set-Cookie", SetCookieValue({kAccessCookie, tokens.access_token, "/", tokens.expires_in,
                                                     true, secure}));
    response.AddHeader("Set-Cookie", SetCookieValue({kRefreshCookie, tokens.refresh_token, kRefreshCookiePath,
                                                     refresh_ttl, true, secure}));
    // The CSRF cookie outlives the access token so the UI can still send it with the refresh request.
    response.AddHeader("Set-Cookie", SetCookieValue({kCsrfCookie, csrf_token, "/", refresh_ttl, false, secure}));
}

void ClearSessionCookies(server::Response& response, bool secure) {
    const std::chrono::seconds zero{0};
    response.AddHeader("Set-Cookie", SetCookieValue({kAccessCookie, "", "/", zero, true, secure}));
    response.AddHeader("Set-Cookie", SetCookieValue({kRefreshCookie, "", kRefreshCookiePath, zero, true, secure}));
    response.AddHeader("Set-Cookie", SetCookieValue({kCsrfCookie, "", "/", zero, false, secure}));
}

bool IsUnsafeMethod(server::Method method) {
    return method == server::Method::kPost || method == server::Method::kPut || method == server::Method::kPatch ||
           method == server::Method::kDelete;
}

Status CheckCsrf(const server::Request& request) {
    const std::string* header = request.Header(kCsrfHeader);
    const auto cookie = request.Cookie(kCsrfCookie);
    if (header == nullptr || !cookie || header->empty() || cookie->empty() || !ConstantTimeEquals(*header, *cookie)) {
        return Fail(ErrorCode::kPermissionDenied, "missing or invalid CSRF token");
    }
    return Ok();
}

}  // namespace palisade::api

// SPDX-License-Identifier: Apache-2.0
#include "scan/modules/headers/set_cookie_parser.hpp"

#include <algorithm>
#include <limits>

#include "core/strings.hpp"

namespace palisade::scan::headers {
namespace {

constexpr std::size_t kMaxNameValueBytes = 4096;
constexpr std::size_t kMaxAttributeValueBytes = 1024;

// RFC 6265bis trims WSP (SP / HTAB) only, not every ASCII whitespace.
std::string_view TrimWsp(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

bool HasForbiddenControl(std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](char c) {
        auto u = static_cast<unsigned char>(c);
        return (u <= 0x1f && u != '\t') || u == 0x7f;
    });
}

bool StartsWithI(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && IEquals(s.substr(0, prefix.size()), prefix);
}

// §5.6.2: Max-Age = [ "-" ] 1*DIGIT, anything else is ignored. Overflow saturates.
std::optional<std::int64_t> ParseMaxAge(std::string_view v) {
    bool negative = !v.empty() && v.front() == '-';
    if (negative) v.remove_prefix(1);
    if (v.empty() || !std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return std::nullopt;
    }
    constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
    std::int64_t n = 0;
    for (char c : v) {
        int digit = c - '0';
        if (n > (kMax - digit) / 10) {
            n = kMax;
            break;
        }
        n = n * 10 + digit;
    }
    return negative ? -n : n;
}

SameSite ClassifySameSite(std::string_view v) {
    if (IEquals(v, "strict")) return SameSite::kStrict;
    if (IEquals(v, "lax")) return SameSite::kLax;
    if (IEquals(v, "none")) return SameSite::kNone;
    return SameSite::kInvalid;
}

void ApplyAttribute(SetCookie& cookie, std::string_view name, std::string_view value) {
    if (IEquals(name, "expires")) {
        cookie.expires = std::string(value);
    } else if (IEquals(name, "max-age")) {
        if (auto age = ParseMaxAge(value)) cookie.max_age = age;
    } else if (IEquals(name, "domain")) {
        // An empty Domain is ignored (SHOULD in §5.6.3); a leading '.' is dropped.
        if (!value.empty() && value.front() == '.') value.remove_prefix(1);
        if (!value.empty()) cookie.domain = ToLower(value);
    } else if (IEquals(name, "path")) {
        // A value not starting with '/' means the default path, which replaces an earlier Path.
        if (!value.empty() && value.front() == '/') {
            cookie.path = std::string(value);
        } else {
            cookie.path.reset();
        }
    } else if (IEquals(name, "secure")) {
        cookie.secure = true;
    } else if (IEquals(name, "httponly")) {
        cookie.http_only = true;
    } else if (IEquals(name, "partitioned")) {
        cookie.partitioned = true;
    } else if (IEquals(name, "samesite")) {
        cookie.same_site = ClassifySameSite(value);
        cookie.same_site_raw = std::string(value);
    }
}

}  // namespace

Result<SetCookie> ParseSetCookie(std::string_view header) {
    if (header.size() > kMaxHeaderBytes) {
        return Fail(ErrorCode::kInvalidArgument, "Set-Cookie header too large", std::to_string(header.size()));
    }
    if (HasForbiddenControl(header)) {
        return Fail(ErrorCode::kInvalidArgument, "Set-Cookie header holds a control character");
    }
    std::size_t semi = header.find(';');
    std::string_view name_value = header.substr(0, semi);
    std::string_view attributes = semi == std::string_view::npos ? std::string_view{} : header.substr(semi);

    SetCookie cookie;
    std::size_t eq = name_value.find('=');
    if (eq == std::string_view::npos) {
        cookie.value = std::string(TrimWsp(name_value));  // §5.6 step 3: no '=' means an empty name
    } else {
        cookie.name = std::string(TrimWsp(name_value.substr(0, eq)));
        cookie.value = std::string(TrimWsp(name_value.substr(eq + 1)));
    }
    if (cookie.name.empty() && cookie.value.empty()) {
        return Fail(ErrorCode::kInvalidArgument, "Set-Cookie header has neither a name nor a value");
    }
    if (cookie.name.size() + cookie.value.size() > kMaxNameValueBytes) {
        return Fail(ErrorCode::kInvalidArgument, "Set-Cookie name and value exceed 4096 bytes");
    }
    if (cookie.name.empty() && (StartsWithI(cookie.value, "__Secure-") || StartsWithI(cookie.value, "__Host-"))) {
        return Fail(ErrorCode::kInvalidArgument, "Set-Cookie nameless cookie value imitates a prefixed name");
    }

    while (!attributes.empty()) {
        attributes.remove_prefix(1);  // the ';'
        std::size_t next = attributes.find(';');
        std::string_view av = attributes.substr(0, next);
        attributes = next == std::string_view::npos ? std::string_view{} : attributes.substr(next);
        std::size_t av_eq = av.find('=');
        std::string_view name = TrimWsp(av.substr(0, av_eq));
        std::string_view value = av_eq == std::string_view::npos ? std::string_view{} : TrimWsp(av.substr(av_eq + 1));
        if (value.size() > kMaxAttributeValueBytes) continue;
        ApplyAttribute(cookie, name, value);
    }
    return cookie;
}

bool PrefixRulesSatisfied(const SetCookie& cookie) {
    if (StartsWithI(cookie.name, "__Secure-")) return cookie.secure;
    if (StartsWithI(cookie.name, "__Host-")) {
        return cookie.secure && !cookie.domain.has_value() && cookie.path.has_value() && *cookie.path == "/";
    }
    return true;
}

}  // namespace palisade::scan::headers

// SPDX-License-Identifier: Apache-2.0
#include "server/middleware.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>

#include "core/crypto.hpp"
#include "core/strings.hpp"

namespace palisade::server {

namespace {

constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";
constexpr std::string_view kCorsAllowMethods = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";
constexpr std::string_view kCorsAllowHeaders = "Authorization, Content-Type, X-API-Key, X-CSRF-Token, X-Request-ID";
constexpr std::string_view kCorsMaxAgeSeconds = "600";

// Parsed address: 4 or 16 bytes. IPv4-mapped IPv6 is folded to IPv4 so "::ffff:10.0.0.1" matches "10.0.0.0/8".
struct Address {
    std::array<std::uint8_t, 16> bytes{};
    bool v6 = false;
};

std::optional<Address> ParseAddress(std::string_view text) {
    if (text.empty() || text.size() > 64) return std::nullopt;
    const std::string s(text);
    Address a;
    if (inet_pton(AF_INET, s.c_str(), a.bytes.data()) == 1) return a;
    if (inet_pton(AF_INET6, s.c_str(), a.bytes.data()) != 1) return std::nullopt;
    static constexpr std::uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::memcmp(a.bytes.data(), kMapped, sizeof kMapped) == 0) {
        std::memmove(a.bytes.data(), a.bytes.data() + 12, 4);
        std::fill(a.bytes.begin() + 4, a.bytes.end(), std::uint8_t{0});
        return a;
    }
    a.v6 = true;
    return a;
}

std::string FormatAddress(const Address& a) {
    char buf[INET6_ADDRSTRLEN] = {};
    inet_ntop(a.v6 ? AF_INET6 : AF_INET, a.bytes.data(), buf, sizeof buf);
    return buf;
}

bool IsRequestIdChar(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
           c == '-';
}

void SetIfAbsent(Response& response, std::string_view name, std::string_view value) {
    if (response.Header(name) == nullptr) response.SetHeader(name, value);
}

}  // namespace

bool IsValidRequestId(std::string_view id) {
    return !id.empty() && id.size() <= 128 && std::all_of(id.begin(), id.end(), IsRequestIdChar);
}

std::string ResolveRequestId(const std::string* header, TimePoint now) {
    if (header != nullptr && IsValidRequestId(*header)) return *header;
    return NewUuidV7(now);
}

std::optional<std::string> NormalizeIp(std::string_view text) {
    auto a = ParseAddress(text);
    if (!a) return std::nullopt;
    return FormatAddress(*a);
}

Result<TrustedProxies> TrustedProxies::Parse(const std::vector<std::string>& entries) {
    TrustedProxies out;
    for (const std::string& entry : entries) {
        std::string_view text = Trim(entry);
        const std::size_t slash = text.find('/');
        auto address = ParseAddress(text.substr(0, slash));
        if (!address) return Fail(ErrorCode::kInvalidArgument, "trusted proxy is not an IP address or CIDR: " + entry);
        const int max_prefix = address->v6 ? 128 : 32;
        int prefix = max_prefix;
        if (slash != std::string_view::npos) {
            const std::string_view digits = text.substr(slash + 1);
            if (digits.empty() || digits.size() > 3 ||
                !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
                return Fail(ErrorCode::kInvalidArgument, "trusted proxy has a bad prefix length: " + entry);
            }
            prefix = std::stoi(std::string(digits));
            if (prefix > max_prefix) {
                return Fail(ErrorCode::kInvalidArgument, "trusted proxy has a bad prefix length: " + entry);
            }
        }
        out.blocks_.push_back(Block{address->bytes, address->v6, prefix});
    }
    return out;
}

bool TrustedProxies::Contains(std::string_view ip) const {
    auto a = ParseAddress(ip);
    if (!a) return false;
    for (const Block& b : blocks_) {
        if (b.v6 != a->v6) continue;
        const int full = b.prefix / 8;
        const int rest = b.prefix % 8;
        if (std::memcmp(b.bytes.data(), a->bytes.data(), static_cast<std::size_t>(full)) != 0) continue;
        if (rest != 0) {
            const auto mask = static_cast<std::uint8_t>(0xff << (8 - rest));
            if ((b.bytes[full] & mask) != (a->bytes[full] & mask)) continue;
        }
        return true;
    }
    return false;
}

std::string ResolveClientIp(std::string_view peer, const std::string* forwarded_for, const TrustedProxies& trusted) {
    std::string client = NormalizeIp(peer).value_or(std::string(peer));
    if (forwarded_for == nullptr || !trusted.Contains(client)) return client;
    const std::vector<std::string_view> hops = Split(*forwarded_for, ',');
    for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
        auto hop = NormalizeIp(Trim(*it));
        if (!hop) break;  // garbage written by an untrusted party: the last trusted hop is all we know
        client = std::move(*hop);
        if (!trusted.Contains(client)) break;
    }
    return client;
}

const std::string* AllowedOrigin(const Request& request, const std::vector<std::string>& allowed) {
    const std::string* origin = request.Header("origin");
    if (origin == nullptr) return nullptr;
    return std::find(allowed.begin(), allowed.end(), *origin) != allowed.end() ? origin : nullptr;
}

bool IsPreflight(const Request& request) {
    return request.method == Method::kOptions && request.Header("origin") != nullptr &&
           request.Header("access-control-request-method") != nullptr;
}

Response PreflightResponse(std::string_view origin) {
    Response r;
    r.status = 204;
    r.SetHeader("Access-Control-Allow-Origin", origin);
    r.SetHeader("Access-Control-Allow-Credentials", "true");
    r.SetHeader("Access-Control-Allow-Methods", kCorsAllowMethods);
    r.SetHeader("Access-Control-Allow-Headers", kCorsAllowHeaders);
    r.SetHeader("Access-Control-Max-Age", kCorsMaxAgeSeconds);
    r.SetHeader("Vary", "Origin");
    return r;
}

void ApplyCors(const Request& request, Response& response, const std::vector<std::string>& allowed) {
    const std::string* origin = AllowedOrigin(request, allowed);
    if (origin == nullptr) return;
    response.SetHeader("Access-Control-Allow-Origin", *origin);
    response.SetHeader("Access-Control-Allow-Credentials", "true");
    response.SetHeader("Access-Control-Expose-Headers", "X-Request-ID");
    const std::string* vary = response.Header("Vary");
    if (vary == nullptr) {
        response.SetHeader("Vary", "Origin");
    } else if (vary->find("Origin") == std::string::npos) {
        response.SetHeader("Vary", *vary + ", Origin");
    }
}

void ApplySecurityHeaders(std::string_view path, bool tls, Response& response) {
    SetIfAbsent(response, "Content-Security-Policy", kContentSecurityPolicy);
    SetIfAbsent(response, "X-Content-Type-Options", "nosniff");
    SetIfAbsent(response, "X-Frame-Options", "DENY");
    SetIfAbsent(response, "Referrer-Policy", "no-referrer");
    SetIfAbsent(response, "Cross-Origin-Opener-Policy", "same-origin");
    if (StartsWith(path, "/api/")) SetIfAbsent(response, "Cache-Control", "no-store");
    if (tls) SetIfAbsent(response, "Strict-Transport-Security", "max-age=63072000; includeSubDomains");
}

}  // namespace palisade::server

// SPDX-License-Identifier: Apache-2.0
// The request and response steps that need no socket: request id, client IP behind trusted proxies, CORS and
// the security headers. Pure functions on Request/Response, so they are tested without a server.
// Everything here is thread-safe (TrustedProxies is immutable after Parse()).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "server/http.hpp"

namespace palisade::server {

// 1 to 128 characters of [A-Za-z0-9._-].
bool IsValidRequestId(std::string_view id);
// The client's X-Request-ID when it is valid, otherwise a new UUIDv7.
std::string ResolveRequestId(const std::string* header, TimePoint now);

// The canonical text form of an IPv4 or IPv6 address ("::ffff:10.0.0.1" becomes "10.0.0.1"); nullopt if `text`
// is not an address.
std::optional<std::string> NormalizeIp(std::string_view text);

// The set of proxies whose X-Forwarded-For header is believed: addresses and CIDR blocks, IPv4 and IPv6.
class TrustedProxies {
  public:
    // Errors: kInvalidArgument naming the first entry that is neither an address nor a CIDR block.
    static Result<TrustedProxies> Parse(const std::vector<std::string>& entries);
    bool Contains(std::string_view ip) const;
    bool Empty() const { return blocks_.empty(); }

  private:
    struct Block {
        std::array<std::uint8_t, 16> bytes{};  // IPv4 in the first 4 bytes
        bool v6 = false;
        int prefix = 0;
    };
    std::vector<Block> blocks_;
};

// The client's address. It is `peer` unless `peer` is a trusted proxy; then X-Forwarded-For is read from the
// right (the hop nearest to us) and the first address that is not itself a trusted proxy is the client.
// Reading from the right matters: the left-most entries are whatever the client chose to send.
// An entry that is not an address stops the walk at the last trusted hop.
std::string ResolveClientIp(std::string_view peer, const std::string* forwarded_for, const TrustedProxies& trusted);

// The request's Origin when it is one of `allowed` (exact, case-sensitive match), else null.
const std::string* AllowedOrigin(const Request& request, const std::vector<std::string>& allowed);
// OPTIONS with Origin and Access-Control-Request-Method.
bool IsPreflight(const Request& request);
// 204 answering a preflight from `origin`: allowed methods and headers, credentials, max-age.
Response PreflightResponse(std::string_view origin);
// Adds Access-Control-Allow-Origin (the origin itself), Vary: Origin, Allow-Credentials and Expose-Headers when
// the request's origin is allowed; leaves the response untouched otherwise.
void ApplyCors(const Request& request, Response& response, const std::vector<std::string>& allowed);

// CSP, nosniff, frame denial, referrer and opener policies on every response; Cache-Control: no-store under
// /api/; Strict-Transport-Security when `tls`. A header the handler already set is kept.
void ApplySecurityHeaders(std::string_view path, bool tls, Response& response);

}  // namespace palisade::server

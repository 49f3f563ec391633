// SPDX-License-Identifier: Apache-2.0
#include "server/ws_upgrade.hpp"

#include <algorithm>
#include <exception>
#include <utility>
#include <vector>

#include "core/strings.hpp"
#include "log/log.hpp"
#include "server/problem.hpp"

namespace palisade::server::detail {

namespace {

// Every value of header `name` (lower case), joined with ", " as RFC 9110 5.3 allows.
std::string Joined(const Request& request, std::string_view name) {
    std::string out;
    for (const auto& [header, value] : request.headers) {
        if (header != name) continue;
        if (!out.empty()) out += ", ";
        out += value;
    }
    return out;
}

// The trimmed, non-empty elements of a comma-separated list.
std::vector<std::string_view> ListItems(std::string_view list) {
    std::vector<std::string_view> out;
    for (std::string_view item : Split(list, ',')) {
        item = Trim(item);
        if (!item.empty()) out.push_back(item);
    }
    return out;
}

bool HasToken(const Request& request, std::string_view header, std::string_view token) {
    const std::string value = Joined(request, header);
    const auto items = ListItems(value);
    return std::any_of(items.begin(), items.end(), [&](std::string_view item) { return IEquals(item, token); });
}

// Sec-WebSocket-Key: the base64 form of 16 bytes (RFC 6455 4.2.1), so 22 characters and "==".
bool ValidKey(std::string_view key) {
    if (key.size() != 24 || key.substr(22) != "==") return false;
    return std::all_of(key.begin(), key.begin() + 22, [](unsigned char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
    });
}

Response Unauthenticated(std::string_view detail) {
    Response r = Problem(401, "unauthenticated", "Authentication required", detail);
    r.SetHeader("WWW-Authenticate", "Bearer");
    return r;
}

// "HTTPS://Example.com:443/" -> "https://example.com".
std::string NormalizeOrigin(std::string_view origin) {
    origin = Trim(origin);
    while (!origin.empty() && origin.back() == '/') origin.remove_suffix(1);
    std::string out = ToLower(origin);
    if (StartsWith(out, "https://") && out.size() > 4 && out.compare(out.size() - 4, 4, ":443") == 0) {
        out.resize(out.size() - 4);
    } else if (StartsWith(out, "http://") && out.size() > 3 && out.compare(out.size() - 3, 3, ":80") == 0) {
        out.resize(out.size() - 3);
    }
    return out;
}

// "https://palisade.example.com:8443/base" -> "https://palisade.example.com:8443"; "" when not a URL.
std::string_view OriginOfUrl(std::string_view url) {
    const std::size_t scheme = url.find("://");
    if (scheme == std::string_view::npos) return {};
    return url.substr(0, url.find('/', scheme + 3));
}

Admission Refused(Response response) {
    Admission a;
    a.refusal = std::move(response);
    return a;
}

Admission AdmitOrThrow(Authenticator& authenticator, WsPolicy& policy, const config::ServerConfig& config,
                       const Request& credentials) {
    auto authenticated = authenticator.Authenticate(credentials);
    if (!authenticated) {
        const Error& e = authenticated.error();
        switch (e.code) {
            case ErrorCode::kUnauthenticated:
                return Refused(Unauthenticated(e.message));
            case ErrorCode::kPermissionDenied:
                return Refused(Problem(403, "forbidden", "Forbidden", e.message));
            case ErrorCode::kResourceExhausted: {
                Response r = Problem(429, "rate-limited", "Too many requests", e.message);
                if (e.retry_after_seconds > 0) r.SetHeader("Retry-After", std::to_string(e.retry_after_seconds));
                return Refused(std::move(r));
            }
            default:
                log::Error("websocket authentication failed", {{"request_id", credentials.request_id},
                                                               {"code", std::string(ToString(e.code))},
                                                               {"detail", e.detail}});
                if (e.code == ErrorCode::kUnavailable || e.code == ErrorCode::kTimeout) {
                    return Refused(Problem(503, "unavailable", "Service unavailable"));
                }
                return Refused(Problem(500, "internal", "Internal server error"));
        }
    }
    if (!authenticated->has_value()) return Refused(Unauthenticated("This endpoint needs credentials."));
    Admission admission;
    admission.principal = std::move(**authenticated);
    const auth::Principal& p = admission.principal;
    if (!auth::Allows(p.role, p.credential, auth::Permission::kAuthenticated)) {
        return Refused(Problem(403, "forbidden", "Forbidden", "Your role does not allow this."));
    }
    // A browser attaches cookies to a WebSocket handshake from any site; only the Origin tells ours apart.
    if (p.credential == auth::CredentialKind::kCookie && !OriginAllowed(config, credentials.Header("origin"))) {
        log::Info("websocket upgrade refused: origin not allowed",
                  {{"request_id", credentials.request_id}, {"user_id", p.user_id}});
        return Refused(Problem(403, "origin-not-allowed", "Forbidden",
                               "A cookie-authenticated WebSocket must come from an allowed Origin."));
    }
    admission.expiry = policy.CredentialExpiry(admission.principal, credentials);
    return admission;
}

}  // namespace

std::optional<Response> CheckHandshake(const Request& request, bool http11) {
    if (request.method != Method::kGet) {
        Response r = Problem(405, "method-not-allowed", "Method not allowed");
        r.SetHeader("Allow", "GET");
        return r;
    }
    if (!http11 || !HasToken(request, "connection", "upgrade") || !HasToken(request, "upgrade", "websocket")) {
        return Problem(426, "upgrade-required", "Upgrade required", "This endpoint speaks WebSocket only.");
    }
    const std::string* version = request.Header("sec-websocket-version");
    if (version == nullptr || Trim(*version) != "13") {
        Response r = Problem(426, "upgrade-required", "Upgrade required", "Only WebSocket version 13 is supported.");
        r.SetHeader("Sec-WebSocket-Version", "13");
        return r;
    }
    const std::string* key = request.Header("sec-websocket-key");
    if (request.Header("host") == nullptr || key == nullptr || !ValidKey(Trim(*key))) {
        return Problem(400, "bad-request", "Bad request", "Not a valid WebSocket opening handshake.");
    }
    return std::nullopt;
}

Response TooManyUpgrades(const RateLimiter::Decision& decision) {
    Response r = Problem(429, "rate-limited", "Too many requests", "Slow down and retry after the indicated delay.");
    r.SetHeader("Retry-After", std::to_string(decision.retry_after.count()));
    return r;
}

Upgrade PrepareCredentials(const Request& request) {
    Upgrade out;
    out.credentials = request;
    const std::string protocols = Joined(request, "sec-websocket-protocol");
    const auto items = ListItems(protocols);
    const auto bearer = std::find(items.begin(), items.end(), kBearerSubprotocol);
    if (bearer == items.end()) return out;
    if (bearer + 1 == items.end()) {
        out.refusal = Problem(400, "bad-request", "Bad request", "The bearer subprotocol needs a token after it.");
        return out;
    }
    if (request.Header("authorization") != nullptr) {
        out.refusal = Problem(400, "bad-request", "Bad request",
                              "Send the token either in Authorization or in Sec-WebSocket-Protocol, not both.");
        return out;
    }
    auto& headers = out.credentials.headers;
    headers.erase(std::remove_if(headers.begin(), headers.end(),
                                 [](const auto& h) { return h.first == "sec-websocket-protocol"; }),
                  headers.end());
    headers.emplace_back("authorization", "Bearer " + std::string(*(bearer + 1)));
    out.bearer = true;
    return out;
}

Admission Admit(Authenticator& authenticator, WsPolicy& policy, const config::ServerConfig& config,
                const Request& credentials) {
    try {
        return AdmitOrThrow(authenticator, policy, config, credentials);
    } catch (const std::exception& e) {
        log::Error("websocket authentication threw", {{"request_id", credentials.request_id}, {"error", e.what()}});
    } catch (...) {
        log::Error("websocket authentication threw",
                   {{"request_id", credentials.request_id}, {"error", "unknown exception"}});
    }
    return Refused(Problem(500, "internal", "Internal server error"));
}

bool OriginAllowed(const config::ServerConfig& config, const std::string* origin) {
    if (origin == nullptr) return false;
    const std::string normal = NormalizeOrigin(*origin);
    if (normal.empty() || normal == "null") return false;
    if (!config.public_url.empty() && normal == NormalizeOrigin(OriginOfUrl(config.public_url))) return true;
    return std::any_of(config.cors_allowed_origins.begin(), config.cors_allowed_origins.end(),
                       [&](const std::string& allowed) { return normal == NormalizeOrigin(allowed); });
}

}  // namespace palisade::server::detail

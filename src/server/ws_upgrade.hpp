// SPDX-License-Identifier: Apache-2.0
// Internal to the server library: the decisions of a WebSocket upgrade that need no sockets (handshake headers,
// credentials in the subprotocol, authentication, Origin), kept out of ws_session.cpp so they compile fast and can
// be tested alone. Protocol: docs/fragments/websocket.md.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "auth/principal.hpp"
#include "config/config.hpp"
#include "server/http.hpp"
#include "server/rate_limiter.hpp"
#include "server/server.hpp"
#include "server/ws_hub.hpp"

namespace palisade::server::detail {

// The subprotocol that carries an access token: "Sec-WebSocket-Protocol: bearer, <token>" (echoed: "bearer").
inline constexpr std::string_view kBearerSubprotocol = "bearer";

// A refusal for a request to the WebSocket endpoint that is not a valid RFC 6455 opening handshake: 405 (not GET,
// with Allow: GET), 426 (not an upgrade to websocket, or HTTP/1.0; Sec-WebSocket-Version other than 13, with
// Sec-WebSocket-Version: 13), 400 (no Host, missing or malformed Sec-WebSocket-Key). nullopt when it is valid.
// `http11`: the request is HTTP/1.1.
std::optional<Response> CheckHandshake(const Request& request, bool http11);

// 429 with Retry-After.
Response TooManyUpgrades(const RateLimiter::Decision& decision);

struct Upgrade {
    std::optional<Response> refusal;  // 400: a token both in Authorization and in the subprotocol, or "bearer"
                                      // without a token
    Request credentials;              // the request as the Authenticator sees it (the subprotocol token moved
                                      // into Authorization: Bearer)
    bool bearer = false;              // the token came as a subprotocol: echo "bearer"
};
Upgrade PrepareCredentials(const Request& request);

struct Admission {
    std::optional<Response> refusal;  // 401 (with WWW-Authenticate: Bearer), 403, 429, 500, 503
    auth::Principal principal;
    std::optional<std::chrono::system_clock::time_point> expiry;  // WsPolicy::CredentialExpiry
};
// Authenticates `credentials` (blocking: run it on the pool). No credentials, or bad ones: 401. A principal that
// may not use the API (Permission::kAuthenticated): 403. A cookie credential whose Origin is not the server's
// public origin (server.public_url) nor in server.cors_allowed_origins: 403 (cross-site WebSocket hijacking).
// Authenticator errors map as for HTTP requests. Never throws (an exception is a 500, logged).
Admission Admit(Authenticator& authenticator, WsPolicy& policy, const config::ServerConfig& config,
                const Request& credentials);

// True when `origin` is the scheme://host[:port] of config.public_url or one of config.cors_allowed_origins
// (scheme and host compared case-insensitively, default ports and a trailing slash ignored). Null, empty and
// "null" are never allowed.
bool OriginAllowed(const config::ServerConfig& config, const std::string* origin);

}  // namespace palisade::server::detail

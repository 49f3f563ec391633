// SPDX-License-Identifier: Apache-2.0
// HttpServer: Boost.Beast HTTP/1.1 (optionally TLS) with keep-alive, limits, middleware and graceful shutdown.
// I/O threads only parse, route and write; handlers (and Authenticator) run on a separate blocking pool unless
// the route is marked Inline(). Beast types never appear in this header.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>

#include "auth/principal.hpp"
#include "config/config.hpp"
#include "core/result.hpp"
#include "server/http.hpp"
#include "server/metrics.hpp"
#include "server/router.hpp"

namespace palisade::server {

class Authenticator {
public:
    virtual ~Authenticator() = default;
    // Runs on the blocking pool, once per request to a non-public route, and for public routes when the request
    // carries credentials. Returns nullopt when the request carries no credentials at all;
    // kUnauthenticated when it carries bad or expired ones; kPermissionDenied when a cookie-authenticated unsafe
    // request lacks a valid CSRF token. Must be thread-safe.
    virtual Result<std::optional<auth::Principal>> Authenticate(const Request& request) = 0;
    // Runs on the blocking pool when an authenticated principal (request.principal) is refused a route its role or
    // credential does not allow, before the 403 goes out: the place to record it in the audit trail. Default: nothing.
    virtual void OnForbidden(const Request& request, auth::Permission needed) {
        (void)request;
        (void)needed;
    }
};

class WsHub;
class WsPolicy;

class HttpServer {
public:
    // `router`, `authenticator`, `metrics` and, when given, `hub` and `policy` must outlive the server. With a hub
    // and a policy the server answers WebSocket upgrades at GET /api/v1/ws (server/ws_hub.hpp,
    // docs/fragments/websocket.md); without them (or with only one) that path is routed like any other.
    HttpServer(const config::ServerConfig& config, const Router& router, Authenticator& authenticator,
               Metrics& metrics, WsHub* hub = nullptr, WsPolicy* policy = nullptr);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    // Binds, listens and starts the I/O and blocking threads. Errors: kInvalidArgument (bad listen address,
    // unreadable certificate or key, bad trusted_proxies entry, already started), kUnavailable (address in use;
    // the message names the address). A server starts at most once.
    Status Start();
    // The bound port (useful with "127.0.0.1:0").
    std::uint16_t Port() const;
    // Blocks until SIGINT or SIGTERM arrives, or Shutdown() is called from another thread; then shuts down.
    // Returns at once if the server is not running.
    void RunUntilSignal();
    // Stops accepting, lets in-flight requests finish within shutdown_grace (their responses carry
    // Connection: close), closes idle keep-alive connections and WebSocket sessions (close code 1001), then stops and joins the I/O threads and the
    // blocking pool. A handler still running after the grace period delays the join until it returns.
    // Idempotent; safe from any thread except the server's own (I/O threads and handlers), which would deadlock.
    // The destructor calls it.
    void Shutdown();

private:
    class Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace palisade::server

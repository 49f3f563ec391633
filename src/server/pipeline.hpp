// SPDX-License-Identifier: Apache-2.0
// RequestPipeline: what the server does with a parsed request, minus the sockets. The session calls, in order:
//   Identify   (I/O thread)  request id, client IP, path and query
//   Prepare    (I/O thread)  IP rate limit, CORS preflight, routing: an early answer, or the route to run
//   Run        (blocking pool, or the I/O thread for Inline() routes) authentication, permission, principal
//              rate limit, the handler
//   Decorate   (any)         X-Request-ID, security headers, CORS, default Content-Type
//   Record     (any)         the access log line and the request metrics
// Keeping this free of Beast lets it be tested without a server and compile in seconds.
// Thread-safety: every member is safe to call concurrently; the rate limiters lock internally.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string_view>

#include "config/config.hpp"
#include "server/http.hpp"
#include "server/metrics.hpp"
#include "server/middleware.hpp"
#include "server/rate_limiter.hpp"
#include "server/router.hpp"
#include "server/server.hpp"

namespace palisade::server {

class RequestPipeline {
  public:
    using SteadyTime = std::chrono::steady_clock::time_point;

    struct Prepared {
        const Route* route = nullptr;      // set when the request goes on to Run()
        std::optional<Response> response;  // set when the answer is already known
        // Run() may be called on the I/O thread: the route is Inline(), public, and the request carries no
        // credentials (so no authenticator call, which could block, is needed).
        bool run_inline = false;
    };

    // `router`, `authenticator` and `metrics` must outlive the pipeline.
    RequestPipeline(const config::ServerConfig& config, TrustedProxies trusted, const Router& router,
                    Authenticator& authenticator, Metrics& metrics);

    // Sets request_id, client_ip (from `peer_ip` and X-Forwarded-For), path (percent-decoded when it decodes,
    // else raw) and query from target. Safe on a partly parsed request (used for 4xx answers from the parser).
    void Identify(Request& request, std::string_view peer_ip) const;
    // REQUIRES Identify(). 429 (IP rate limit, with Retry-After), 204 (CORS preflight), 400 (target not
    // origin-form or path not decodable), 404, 405 (with Allow), 403 (route without a permission); otherwise
    // the route, with route_pattern and path_params filled in.
    Prepared Prepare(Request& request, SteadyTime now);
    // Authenticates, checks the route's permission and the principal's rate limit, then calls the handler.
    // The authenticator is called when the route is not public or the request carries credentials
    // (Authorization, X-API-Key or a Cookie); on a public route a failed authentication leaves the request
    // anonymous. 401 (with WWW-Authenticate: Bearer), 403, 429, 503 (authenticator unavailable). Never throws:
    // an exception from the authenticator or handler is logged with the request id and answered 500 without
    // its text.
    Response Run(const Route& route, Request& request, SteadyTime now);
    // X-Request-ID, security headers, CORS, default Content-Type. A status outside 100-599 (a handler bug) is
    // replaced by a 500 problem first.
    void Decorate(const Request& request, Response& response) const;
    // `body_bytes`: bytes of body written (0 for HEAD); `elapsed`: from the complete request to the response.
    void Record(const Request& request, int status, std::size_t body_bytes,
                std::chrono::steady_clock::duration elapsed) const;

  private:
    // A refusal (401/403/429/503), or nullopt with request.principal set when the request may proceed.
    std::optional<Response> Authorize(const Route& route, Request& request, SteadyTime now);

    config::ServerConfig config_;
    TrustedProxies trusted_;
    const Router& router_;
    Authenticator& authenticator_;
    Metrics& metrics_;
    RateLimiter ip_limiter_;
    RateLimiter principal_limiter_;
};

}  // namespace palisade::server

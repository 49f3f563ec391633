// SPDX-License-Identifier: Apache-2.0
// Internal to the server library (not for other libraries: it includes Asio). The state shared by the listener
// (server.cpp) and the sessions (http_session.cpp).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "net/asio.hpp"
#include "net/blocking_pool.hpp"
#include "server/pipeline.hpp"
#include "server/rate_limiter.hpp"
#include "server/ws_hub.hpp"

namespace palisade::server::detail {

// One open connection, as Shutdown() sees it. Only `strand` may be read off the strand; `stream` and `idle`
// are read and written on it.
struct Connection {
    explicit Connection(net::any_io_executor executor) : strand(std::move(executor)) {}
    net::any_io_executor strand;
    beast::tcp_stream* stream = nullptr;  // the session's lowest layer while the session runs
    bool idle = false;                    // between requests (or in the TLS handshake): safe to close
    std::function<void()> going_away;     // set by a WebSocket session: starts its 1001 close (shutdown)
};

// Owned by HttpServer::Impl and shared with every session coroutine. The blocking pool is joined before the
// state is destroyed, so pool tasks may use a plain ServerState*.
class ServerState {
  public:
    // `hub` and `policy`: both or neither (then there is no WebSocket endpoint).
    ServerState(const config::ServerConfig& config, TrustedProxies trusted, const Router& router,
                Authenticator& authenticator, Metrics& metrics, std::size_t blocking_threads, WsHub* hub = nullptr,
                WsPolicy* policy = nullptr);

    const config::ServerConfig config;
    const Router& router;
    const std::size_t largest_body;  // the largest body any route accepts (uploads), for reading request headers
    Metrics& metrics;
    RequestPipeline pipeline;
    BlockingPool pool;
    Authenticator& authenticator;  // WebSocket upgrades and re-checks (HTTP requests go through the pipeline)
    WsHub* const hub;
    WsPolicy* const policy;
    RateLimiter ws_limiter;  // WebSocket upgrades per client IP (the pipeline's IP limit, as its own bucket)
    std::shared_ptr<ssl::context> tls;  // null: plain HTTP. Set before the first session starts.
    std::atomic<bool> stopping{false};  // set once by Shutdown(): finish the current request, then close

    // Connection registry, for max_connections and for closing idle connections at shutdown.
    std::size_t Register(std::shared_ptr<Connection> connection);
    void Unregister(std::size_t id);
    std::size_t ConnectionCount() const;
    // Posts to every connection's strand: cancel its I/O if it is idle.
    void CloseIdleConnections();
    // True when the last connection ended before `deadline`.
    bool WaitForNoConnections(std::chrono::steady_clock::time_point deadline);

  private:
    mutable std::mutex mutex_;
    std::condition_variable drained_;
    std::unordered_map<std::size_t, std::shared_ptr<Connection>> connections_;
    std::size_t next_id_ = 1;
};

// Conversions between Beast messages and the server's Request/Response (http_session.cpp). ToRequest moves the
// body out of `message` and copies the rest. ToBeast REQUIRES a decorated response (status within 100-599); it
// drops hop-by-hop headers and headers that would not be valid.
Request ToRequest(http::request<http::string_body>& message, bool tls);
http::response<http::string_body> ToBeast(Response& response, unsigned version, bool keep_alive, bool head);

// Runs one accepted connection (plain or TLS, per state->tls) to its end, on the socket's executor, which must
// be a strand. Registers the connection synchronously. Never throws.
void StartSession(std::shared_ptr<ServerState> state, tcp::socket socket);

}  // namespace palisade::server::detail

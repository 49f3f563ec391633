// SPDX-License-Identifier: Apache-2.0
// Internal to the server library (it includes Asio): the WebSocket endpoint GET /api/v1/ws, as http_session.cpp
// calls it. Beast's websocket headers stay in ws_session.cpp, the only translation unit that pays for them.
#pragma once

#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "log/log.hpp"
#include "server/server_state.hpp"

namespace palisade::server::detail {

inline constexpr std::string_view kWsPath = "/api/v1/ws";

// True when the server has a hub and a policy and `target` (as received, query allowed) is kWsPath. Otherwise a
// request there goes to the router like any other (and is a 404).
bool IsWebSocketTarget(const ServerState& state, std::string_view target);

enum class WsOutcome {
    kKeepAlive,  // refused with an HTTP answer; the connection may serve the next request
    kClose,      // refused; close the connection
    kUpgraded,   // the stream was moved into a WebSocket session, which has ended: do not touch the stream again
};

using RequestParser = http::request_parser<http::string_body>;

// Runs `work` on the blocking pool and resumes on the caller's strand (the executor of the awaiting coroutine) with
// its result; nullopt when it threw (logged with `what`) or did not finish within handler_timeout (its late result is
// dropped). `work` must be copyable. Pass a named lambda, moved: g++ 12 destroys a lambda temporary written inside
// the co_await expression twice (seen as a double free).
template <typename F>
net::awaitable<std::optional<std::invoke_result_t<F&>>> OnPool(ServerState& state, F work, const char* what) {
    using R = std::invoke_result_t<F&>;
    struct Pending {
        explicit Pending(const net::any_io_executor& ex) : timer(ex) {}
        net::steady_timer timer;
        std::optional<R> result;  // strand only
        bool finished = false;    // strand only
    };
    const net::any_io_executor strand = co_await net::this_coro::executor;
    auto pending = std::make_shared<Pending>(strand);
    state.pool.Post([pending, strand, work = std::move(work), what]() mutable {
        std::optional<R> result;
        try {
            result.emplace(work());
        } catch (const std::exception& e) {
            log::Error("websocket task threw", {{"task", what}, {"error", e.what()}});
        } catch (...) {
            log::Error("websocket task threw", {{"task", what}, {"error", "unknown exception"}});
        }
        net::post(strand, [pending, result = std::move(result)]() mutable {
            if (pending->finished) return;
            pending->finished = true;
            pending->result = std::move(result);
            pending->timer.cancel();
        });
    });
    pending->timer.expires_after(state.config.handler_timeout);
    co_await pending->timer.async_wait(net::as_tuple(net::use_awaitable));
    pending->finished = true;
    if (!pending->result) log::Warn("websocket task failed or timed out", {{"task", what}});
    co_return std::move(pending->result);
}

// Answers a complete request for kWsPath: a refusal (problem+json: 400 bad handshake, 401, 403 (role, or an Origin
// not allowed for a cookie), 405, 426 (no upgrade, or a WebSocket version other than 13), 429, 503), or the upgrade
// and then the whole WebSocket session, which ends with the connection. Authentication runs on the blocking pool.
// Runs on the connection's strand; `connection` is its registry entry. Never throws.
net::awaitable<WsOutcome> ServeWebSocket(ServerState& state, Connection& connection, beast::tcp_stream& stream,
                                         RequestParser& parser, bool tls, const std::string& peer);
net::awaitable<WsOutcome> ServeWebSocket(ServerState& state, Connection& connection,
                                         beast::ssl_stream<beast::tcp_stream>& stream, RequestParser& parser, bool tls,
                                         const std::string& peer);

}  // namespace palisade::server::detail

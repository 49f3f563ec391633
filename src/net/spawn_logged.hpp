// SPDX-License-Identifier: Apache-2.0
// SpawnLogged: co_spawn with a completion handler that logs an escaping exception instead of dropping it
// (net::detached swallows it silently). Use it for every coroutine that is started and not awaited.
#pragma once

#include <exception>
#include <string>
#include <string_view>
#include <utility>

#include "log/log.hpp"
#include "net/asio.hpp"

namespace palisade {

// Logs `e`, if set, as "coroutine failed" with task = `task`. Never throws.
inline void LogCoroutineException(std::exception_ptr e, std::string_view task) noexcept {
    if (!e) return;
    try {
        std::rethrow_exception(e);
    } catch (const std::exception& ex) {
        log::Error("coroutine failed", {{"task", std::string(task)}, {"error", ex.what()}});
    } catch (...) {
        log::Error("coroutine failed", {{"task", std::string(task)}, {"error", "unknown exception"}});
    }
}

// Starts `awaitable` (a net::awaitable<void>) on `executor`. `task` names it in the log line if it ends with an
// exception.
template <typename Executor, typename Awaitable>
void SpawnLogged(Executor&& executor, Awaitable&& awaitable, std::string task) {
    net::co_spawn(std::forward<Executor>(executor), std::forward<Awaitable>(awaitable),
                  [task = std::move(task)](std::exception_ptr e) { LogCoroutineException(e, task); });
}

}  // namespace palisade

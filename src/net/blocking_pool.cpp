// SPDX-License-Identifier: Apache-2.0
#include "net/blocking_pool.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <shared_mutex>
#include <thread>

#include "log/log.hpp"
#include "net/asio.hpp"

namespace palisade {

struct BlockingPool::State {
    explicit State(std::size_t n) : threads(n), pool(n) {}
    std::size_t threads;
    net::thread_pool pool;
    std::atomic<std::size_t> busy{0};
    std::atomic<std::size_t> queued{0};
    bool joined = false;      // guarded by mutex
    std::shared_mutex mutex;  // Post() shares it; Join() takes it only to set `joined`
    std::mutex join_mutex;    // serialises Join() callers
};

namespace {

std::size_t DefaultThreads() {
    const std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
    return std::max<std::size_t>(4, 2 * cores);
}

}  // namespace

BlockingPool::BlockingPool(std::size_t threads)
    : state_(std::make_unique<State>(threads == 0 ? DefaultThreads() : threads)) {}

BlockingPool::~BlockingPool() { Join(); }

void BlockingPool::Post(std::function<void()> task) {
    std::shared_lock lock(state_->mutex);
    if (state_->joined) {
        log::Warn("blocking pool: task posted after join was dropped");
        return;
    }
    state_->queued.fetch_add(1);
    net::post(state_->pool, [state = state_.get(), task = std::move(task)]() {
        state->queued.fetch_sub(1);
        state->busy.fetch_add(1);
        // An exception escaping into the thread_pool would end the process; the task owns its errors.
        try {
            task();
        } catch (const std::exception& e) {
            log::Error("blocking pool task threw", {{"error", e.what()}});
        } catch (...) {
            log::Error("blocking pool task threw", {{"error", "unknown exception"}});
        }
        state->busy.fetch_sub(1);
    });
}

void BlockingPool::Join() {
    std::lock_guard join_lock(state_->join_mutex);
    {
        // Not held while joining: a running task may still call Post() (and see its task dropped).
        std::unique_lock lock(state_->mutex);
        if (state_->joined) return;
        state_->joined = true;
    }
    // Without stop(), join() returns once the pool has run out of work: queued tasks still run.
    state_->pool.join();
}

std::size_t BlockingPool::ThreadCount() const { return state_->threads; }
std::size_t BlockingPool::Busy() const { return state_->busy.load(); }
std::size_t BlockingPool::Queued() const { return state_->queued.load(); }

}  // namespace palisade

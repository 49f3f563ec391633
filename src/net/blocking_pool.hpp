// SPDX-License-Identifier: Apache-2.0
// BlockingPool: a fixed set of threads for work that may block (database queries, password hashing, file reads),
// so that it never runs on an I/O thread. A thin wrapper over net::thread_pool; this header needs no Asio.
//
// Thread-safety: every member is safe to call from any thread. Post() after Join() drops the task (logged).
// A task that throws is logged and the pool keeps running; a task must not block forever, or Join() waits forever.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>

namespace palisade {

class BlockingPool {
  public:
    // `threads` == 0 picks max(4, 2 x hardware cores).
    explicit BlockingPool(std::size_t threads = 0);
    // Joins (see Join()).
    ~BlockingPool();
    BlockingPool(const BlockingPool&) = delete;
    BlockingPool& operator=(const BlockingPool&) = delete;

    // Queues `task` to run on one of the pool's threads. Never runs it inline.
    void Post(std::function<void()> task);

    // Waits until every queued and running task has finished, then stops the threads. Idempotent.
    void Join();

    // For metrics: the number of threads, tasks running now, tasks waiting for a thread.
    std::size_t ThreadCount() const;
    std::size_t Busy() const;
    std::size_t Queued() const;

  private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace palisade

// SPDX-License-Identifier: Apache-2.0
#include "net/blocking_pool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>

#include "log/log.hpp"

namespace palisade {
namespace {

using namespace std::chrono_literals;

template <typename F>
bool Eventually(F&& condition, std::chrono::milliseconds timeout = 5s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!condition()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(2ms);
    }
    return true;
}

TEST(BlockingPool, RunsTasksOnItsOwnThreads) {
    BlockingPool pool(3);
    EXPECT_EQ(pool.ThreadCount(), 3u);
    std::mutex mutex;
    std::set<std::thread::id> threads;
    std::atomic<int> done{0};
    for (int i = 0; i < 50; ++i) {
        pool.Post([&] {
            std::lock_guard lock(mutex);
            threads.insert(std::this_thread::get_id());
            ++done;
        });
    }
    pool.Join();
    EXPECT_EQ(done.load(), 50);
    EXPECT_EQ(threads.count(std::this_thread::get_id()), 0u);
    EXPECT_LE(threads.size(), 3u);
}

TEST(BlockingPool, DefaultSizeIsAtLeastFour) {
    BlockingPool pool;
    EXPECT_GE(pool.ThreadCount(), 4u);
}

TEST(BlockingPool, CountsBusyAndQueuedTasks) {
    BlockingPool pool(1);
    std::mutex mutex;
    std::condition_variable cv;
    bool release = false;
    std::atomic<bool> started{false};
    pool.Post([&] {
        started = true;
        std::unique_lock lock(mutex);
        cv.wait(lock, [&] { return release; });
    });
    pool.Post([] {});
    pool.Post([] {});
    ASSERT_TRUE(Eventually([&] { return started.load(); }));
    EXPECT_EQ(pool.Busy(), 1u);
    EXPECT_EQ(pool.Queued(), 2u);
    {
        std::lock_guard lock(mutex);
        release = true;
    }
    cv.notify_all();
    pool.Join();
    EXPECT_EQ(pool.Busy(), 0u);
    EXPECT_EQ(pool.Queued(), 0u);
}

TEST(BlockingPool, ThrowingTaskDoesNotStopThePool) {
    log::Init("error", "json");
    BlockingPool pool(1);
    std::atomic<int> after{0};
    pool.Post([] { throw std::runtime_error("boom"); });
    pool.Post([&] { ++after; });
    pool.Join();
    EXPECT_EQ(after.load(), 1);
    EXPECT_EQ(pool.Busy(), 0u);
    log::Init("info", "json");
}

TEST(BlockingPool, JoinWaitsForQueuedWorkAndIsIdempotent) {
    BlockingPool pool(2);
    std::atomic<int> done{0};
    for (int i = 0; i < 4; ++i) {
        pool.Post([&] {
            std::this_thread::sleep_for(20ms);
            ++done;
        });
    }
    pool.Join();
    EXPECT_EQ(done.load(), 4);
    pool.Join();
}

TEST(BlockingPool, PostAfterJoinIsDropped) {
    log::Init("error", "json");
    BlockingPool pool(1);
    pool.Join();
    std::atomic<bool> ran{false};
    pool.Post([&] { ran = true; });
    std::this_thread::sleep_for(20ms);
    EXPECT_FALSE(ran.load());
    EXPECT_EQ(pool.Queued(), 0u);
    log::Init("info", "json");
}

TEST(BlockingPool, TaskMayPostMoreWork) {
    BlockingPool pool(2);
    std::atomic<int> done{0};
    pool.Post([&] {
        pool.Post([&] { ++done; });
        ++done;
    });
    ASSERT_TRUE(Eventually([&] { return done.load() == 2; }));
    pool.Join();
}

}  // namespace
}  // namespace palisade

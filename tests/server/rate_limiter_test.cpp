// SPDX-License-Identifier: Apache-2.0
#include "server/rate_limiter.hpp"

#include <gtest/gtest.h>

#include <string>

namespace palisade::server {
namespace {

using namespace std::chrono_literals;
const RateLimiter::TimePoint kT0 = RateLimiter::TimePoint() + 1000s;

TEST(RateLimiter, AllowsBurstThenRefuses) {
    RateLimiter limiter(60, 3);  // one token a second, three in the bucket
    for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.Take("1.2.3.4", kT0).allowed) << i;
    const auto d = limiter.Take("1.2.3.4", kT0);
    EXPECT_FALSE(d.allowed);
    EXPECT_EQ(d.retry_after, 1s);
}

TEST(RateLimiter, RefillsOverTime) {
    RateLimiter limiter(60, 1);
    EXPECT_TRUE(limiter.Take("k", kT0).allowed);
    EXPECT_FALSE(limiter.Take("k", kT0 + 500ms).allowed);
    EXPECT_TRUE(limiter.Take("k", kT0 + 1001ms).allowed);
}

TEST(RateLimiter, RetryAfterRoundsUpToWholeSeconds) {
    RateLimiter limiter(6, 1);  // one token every ten seconds
    EXPECT_TRUE(limiter.Take("k", kT0).allowed);
    EXPECT_EQ(limiter.Take("k", kT0).retry_after, 10s);
    EXPECT_EQ(limiter.Take("k", kT0 + 2500ms).retry_after, 8s);
}

TEST(RateLimiter, KeysAreIndependent) {
    RateLimiter limiter(60, 1);
    EXPECT_TRUE(limiter.Take("a", kT0).allowed);
    EXPECT_FALSE(limiter.Take("a", kT0).allowed);
    EXPECT_TRUE(limiter.Take("b", kT0).allowed);
}

TEST(RateLimiter, ZeroRateDisables) {
    RateLimiter limiter(0, 1);
    EXPECT_FALSE(limiter.Enabled());
    for (int i = 0; i < 100; ++i) EXPECT_TRUE(limiter.Take("k", kT0).allowed);
    EXPECT_EQ(limiter.KeyCount(), 0u);
}

TEST(RateLimiter, MemoryStaysBounded) {
    RateLimiter limiter(60, 5, 160);
    for (int i = 0; i < 5000; ++i) limiter.Take("key-" + std::to_string(i), kT0 + std::chrono::milliseconds(i));
    EXPECT_LE(limiter.KeyCount(), 160u);
}

TEST(RateLimiter, EvictsRefilledBucketsBeforeActiveOnes) {
    RateLimiter limiter(60, 2, 1600);  // about 100 keys per shard
    for (int i = 0; i < 1600; ++i) limiter.Take("old-" + std::to_string(i), kT0);
    // An hour later the old buckets are full again; "hot" is emptied and must survive the next round of eviction.
    const auto later = kT0 + 1h;
    EXPECT_TRUE(limiter.Take("hot", later).allowed);
    EXPECT_TRUE(limiter.Take("hot", later).allowed);
    for (int i = 0; i < 800; ++i) limiter.Take("new-" + std::to_string(i), later);
    EXPECT_LE(limiter.KeyCount(), 1600u);
    EXPECT_FALSE(limiter.Take("hot", later).allowed);  // a forgotten bucket would have allowed this
}

}  // namespace
}  // namespace palisade::server

// SPDX-License-Identifier: Apache-2.0
// RateLimiter: one token bucket per key (a client IP, a user id, an API key id). Each bucket holds up to `burst`
// tokens and refills at `per_minute` tokens per minute; a request takes one token or is refused with the time
// until the next token. Memory is bounded: past `max_keys` keys, buckets that have refilled completely (and so
// carry no state) are dropped, and if that is not enough the oldest half of the shard is reset.
// Thread-safe (sharded locks). Time is passed in so tests need no sleeps.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string_view>

namespace palisade::server {

class RateLimiter {
  public:
    using TimePoint = std::chrono::steady_clock::time_point;

    struct Decision {
        bool allowed = true;
        std::chrono::seconds retry_after{0};  // when refused: whole seconds until a token is available (>= 1)
    };

    // per_minute <= 0 disables the limiter: every Take() is allowed. burst < 1 counts as 1.
    RateLimiter(int per_minute, int burst, std::size_t max_keys = 100'000);
    ~RateLimiter();
    RateLimiter(const RateLimiter&) = delete;
    RateLimiter& operator=(const RateLimiter&) = delete;

    bool Enabled() const { return per_second_ > 0; }
    Decision Take(std::string_view key, TimePoint now);
    std::size_t KeyCount() const;

  private:
    struct Shard;
    double per_second_;
    double burst_;
    std::size_t max_keys_per_shard_;
    std::unique_ptr<Shard[]> shards_;
};

}  // namespace palisade::server

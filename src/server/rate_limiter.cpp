// SPDX-License-Identifier: Apache-2.0
#include "server/rate_limiter.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace palisade::server {

namespace {

constexpr std::size_t kShards = 16;

struct Bucket {
    double tokens = 0;
    RateLimiter::TimePoint updated;
};

}  // namespace

struct RateLimiter::Shard {
    std::mutex mutex;
    std::unordered_map<std::string, Bucket> buckets;
};

RateLimiter::RateLimiter(int per_minute, int burst, std::size_t max_keys)
    : per_second_(per_minute > 0 ? per_minute / 60.0 : 0.0),
      burst_(std::max(1, burst)),
      max_keys_per_shard_(std::max<std::size_t>(1, max_keys / kShards)),
      shards_(std::make_unique<Shard[]>(kShards)) {}

RateLimiter::~RateLimiter() = default;

RateLimiter::Decision RateLimiter::Take(std::string_view key, TimePoint now) {
    if (!Enabled()) return {};
    Shard& shard = shards_[std::hash<std::string_view>{}(key) % kShards];
    std::lock_guard lock(shard.mutex);
    auto it = shard.buckets.find(std::string(key));
    if (it == shard.buckets.end()) {
        if (shard.buckets.size() >= max_keys_per_shard_) {
            // A bucket that has refilled to `burst` is the same as no bucket: dropping it loses nothing.
            const auto full_after = std::chrono::duration<double>(burst_ / per_second_);
            std::erase_if(shard.buckets, [&](const auto& kv) { return now - kv.second.updated >= full_after; });
            if (shard.buckets.size() >= max_keys_per_shard_) {
                // Still full (a flood of distinct keys): forget the least recently used half rather than grow.
                std::vector<TimePoint> times;
                times.reserve(shard.buckets.size());
                for (const auto& kv : shard.buckets) times.push_back(kv.second.updated);
                auto mid = times.begin() + static_cast<std::ptrdiff_t>(times.size() / 2);
                std::nth_element(times.begin(), mid, times.end());
                const TimePoint cutoff = *mid;
                std::erase_if(shard.buckets, [&](const auto& kv) { return kv.second.updated <= cutoff; });
            }
        }
        it = shard.buckets.emplace(std::string(key), Bucket{burst_, now}).first;
    }
    Bucket& b = it->second;
    if (now > b.updated) {
        const double elapsed = std::chrono::duration<double>(now - b.updated).count();
        b.tokens = std::min(burst_, b.tokens + elapsed * per_second_);
        b.updated = now;
    }
    if (b.tokens >= 1.0) {
        b.tokens -= 1.0;
        return {};
    }
    const double wait = (1.0 - b.tokens) / per_second_;
    const auto seconds = static_cast<std::int64_t>(std::ceil(wait));
    return Decision{false, std::chrono::seconds(std::max<std::int64_t>(1, seconds))};
}

std::size_t RateLimiter::KeyCount() const {
    std::size_t n = 0;
    for (std::size_t i = 0; i < kShards; ++i) {
        std::lock_guard lock(shards_[i].mutex);
        n += shards_[i].buckets.size();
    }
    return n;
}

}  // namespace palisade::server

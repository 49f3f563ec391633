// SPDX-License-Identifier: Apache-2.0
// Clock: every component that needs the time takes one, so tests can move it by hand.
#pragma once

#include <atomic>
#include <chrono>

namespace palisade {

using TimePoint = std::chrono::system_clock::time_point;

class Clock {
public:
    virtual ~Clock() = default;
    virtual TimePoint Now() const = 0;
};

class SystemClock final : public Clock {
public:
    TimePoint Now() const override { return std::chrono::system_clock::now(); }
};

// A clock that only moves when told. Thread-safe.
class ManualClock final : public Clock {
public:
    explicit ManualClock(TimePoint start) : now_(start.time_since_epoch().count()) {}
    TimePoint Now() const override { return TimePoint(TimePoint::duration(now_.load())); }
    void Advance(std::chrono::system_clock::duration d) { now_ += d.count(); }
    void Set(TimePoint t) { now_ = t.time_since_epoch().count(); }

private:
    std::atomic<TimePoint::duration::rep> now_;
};

}  // namespace palisade

// SPDX-License-Identifier: Apache-2.0
// Cooperative cancellation for scan work. A token is stopped when the scan is cancelled (Ctrl-C, API cancel) or when
// its deadline (the module's time budget) has passed. It also carries the scan's per-host connection pacing
// (host_pacer.hpp), since every piece of code that opens a connection already holds the token. Blocking probe code checks it at least every 200 ms (see
// probe/conn.hpp), so a cancelled scan stops within a second. Cheap to copy; thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <string_view>

#include "scan/engine/host_pacer.hpp"

namespace palisade::scan {

class StopSource {
  public:
    StopSource() : flag_(std::make_shared<std::atomic<bool>>(false)) {}
    void RequestStop() { flag_->store(true, std::memory_order_relaxed); }
    bool StopRequested() const { return flag_->load(std::memory_order_relaxed); }
    std::shared_ptr<const std::atomic<bool>> Flag() const { return flag_; }

  private:
    std::shared_ptr<std::atomic<bool>> flag_;
};

class CancelToken {
  public:
    using TimePoint = std::chrono::steady_clock::time_point;

    CancelToken() = default;  // never stops
    CancelToken(const StopSource& source, TimePoint deadline = TimePoint::max())
        : flag_(source.Flag()), deadline_(deadline) {}

    bool Stopped() const {
        return (flag_ && flag_->load(std::memory_order_relaxed)) || std::chrono::steady_clock::now() >= deadline_;
    }
    // True when stopped by the source (cancel), false when only the deadline passed.
    bool Cancelled() const { return flag_ && flag_->load(std::memory_order_relaxed); }
    TimePoint Deadline() const { return deadline_; }
    // The same token, pacing new connections with `pacer` (shared by the whole scan).
    CancelToken WithPacer(std::shared_ptr<HostPacer> pacer) const {
        CancelToken t = *this;
        t.pacer_ = std::move(pacer);
        return t;
    }
    // Waits for the pacer's permission to open a new connection to `host` (address text); false if stopped first.
    // Without a pacer: true unless stopped.
    bool PaceConnection(std::string_view host) const { return pacer_ ? pacer_->Acquire(host, *this) : !Stopped(); }

    // The same source with an earlier deadline.
    CancelToken WithDeadline(TimePoint deadline) const {
        CancelToken t = *this;
        if (deadline < t.deadline_) t.deadline_ = deadline;
        return t;
    }

  private:
    std::shared_ptr<const std::atomic<bool>> flag_;
    TimePoint deadline_ = TimePoint::max();
    std::shared_ptr<HostPacer> pacer_;
};

}  // namespace palisade::scan

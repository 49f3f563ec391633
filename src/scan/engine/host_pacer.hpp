// SPDX-License-Identifier: Apache-2.0
// Per-host pacing of new connections (`--rate N`: at most N new connections per second to one address), shared by
// every module and thread of a scan. The connect scan paces itself inside its event loop; the dialogues (service
// probes, TLS handshakes, HTTP requests) call Acquire() before each connection, through the CancelToken they carry.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace palisade::scan {

class CancelToken;

class HostPacer {
  public:
    explicit HostPacer(double connections_per_second);

    // Waits until a new connection to `host` (an address text) may start, in slices of at most 100 ms that check
    // `cancel`. Returns false when the token stopped first. Thread-safe; callers are served in arrival order.
    bool Acquire(std::string_view host, const CancelToken& cancel);

    double rate() const { return rate_; }

  private:
    using Clock = std::chrono::steady_clock;
    double rate_;
    Clock::duration interval_;
    std::mutex mutex_;
    std::map<std::string, Clock::time_point, std::less<>> next_;  // the next free start time per host
};

}  // namespace palisade::scan

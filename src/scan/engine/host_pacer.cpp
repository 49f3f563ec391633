// SPDX-License-Identifier: Apache-2.0
#include "scan/engine/host_pacer.hpp"

#include <algorithm>
#include <thread>

#include "scan/engine/cancel.hpp"

namespace palisade::scan {

HostPacer::HostPacer(double connections_per_second)
    : rate_(connections_per_second),
      interval_(connections_per_second > 0
                    ? std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / connections_per_second))
                    : Clock::duration::zero()) {}

bool HostPacer::Acquire(std::string_view host, const CancelToken& cancel) {
    if (rate_ <= 0) return !cancel.Stopped();
    Clock::time_point slot;
    {
        std::lock_guard lock(mutex_);
        auto now = Clock::now();
        auto it = next_.find(host);
        if (it == next_.end()) it = next_.emplace(std::string(host), now).first;
        slot = std::max(now, it->second);
        it->second = slot + interval_;
    }
    for (;;) {
        if (cancel.Stopped()) return false;
        auto now = Clock::now();
        if (now >= slot) return true;
        std::this_thread::sleep_for(std::min<Clock::duration>(slot - now, std::chrono::milliseconds(100)));
    }
}

}  // namespace palisade::scan

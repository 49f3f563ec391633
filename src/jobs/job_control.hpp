// SPDX-License-Identifier: Apache-2.0
// JobControl: the state one running job shares between its handler (through JobContext) and the WorkerPool that
// runs it: cancel flags and callbacks, throttled progress. jobs-internal. Thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "jobs/job_context.hpp"

namespace palisade::jobs {

class JobControl {
public:
    using ProgressSink = std::function<void(double)>;  // writes progress (called on any thread, serialised)

    JobControl(std::string worker_id, ProgressSink sink, std::chrono::milliseconds progress_interval);

    bool Cancelled() const { return cancelled_.load(); }
    CancelReason Reason() const;
    bool Has(CancelReason reason) const;
    // Records `reason`; the first call also runs the OnCancel callbacks (here, outside the state lock) unless
    // Close() ran.
    void Cancel(CancelReason reason);
    void OnCancel(std::function<void()> fn);
    void Progress(double fraction);
    // Writes the latest value when one is pending and the interval has passed (the pool's renewal thread).
    void FlushProgress();
    double LastProgress() const;
    // The handler returned: waits for a callback in progress; none runs afterwards.
    void Close();
    const std::string& worker_id() const { return worker_id_; }

private:
    void WriteLatest();

    const std::string worker_id_;
    const ProgressSink sink_;
    const std::chrono::milliseconds interval_;
    std::atomic<bool> cancelled_{false};
    mutable std::mutex mu_;  // everything below
    unsigned reasons_ = 0;   // bit per CancelReason
    CancelReason first_ = CancelReason::kNone;
    bool closed_ = false;
    std::vector<std::function<void()>> callbacks_;
    double last_ = 0;
    bool pending_ = false;
    std::chrono::steady_clock::time_point last_write_{};
    std::recursive_mutex invoke_mu_;  // held while callbacks run; Close waits on it (a callback may Cancel again)
    std::mutex write_mu_;             // one progress write at a time, always the latest value
};

}  // namespace palisade::jobs

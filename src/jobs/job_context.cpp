// SPDX-License-Identifier: Apache-2.0
#include "jobs/job_context.hpp"

#include <algorithm>
#include <cmath>

#include "jobs/job_control.hpp"
#include "log/log.hpp"

namespace palisade::jobs {

JobControl::JobControl(std::string worker_id, ProgressSink sink, std::chrono::milliseconds progress_interval)
    : worker_id_(std::move(worker_id)), sink_(std::move(sink)), interval_(progress_interval) {}

CancelReason JobControl::Reason() const {
    std::lock_guard<std::mutex> lock(mu_);
    return first_;
}

bool JobControl::Has(CancelReason reason) const {
    std::lock_guard<std::mutex> lock(mu_);
    return (reasons_ & (1u << static_cast<unsigned>(reason))) != 0;
}

void JobControl::Cancel(CancelReason reason) {
    // invoke_mu_ first: Close() either waits for these callbacks or runs before and makes us skip them.
    std::lock_guard<std::recursive_mutex> invoking(invoke_mu_);
    std::vector<std::function<void()>> fns;
    {
        std::lock_guard<std::mutex> lock(mu_);
        reasons_ |= 1u << static_cast<unsigned>(reason);
        if (cancelled_.load()) return;
        first_ = reason;
        cancelled_ = true;
        if (closed_) return;
        fns.swap(callbacks_);
    }
    for (auto& fn : fns) {
        try {
            fn();
        } catch (const std::exception& e) {
            log::Error("job cancel callback threw", {{"error", e.what()}});
        } catch (...) {
            log::Error("job cancel callback threw");
        }
    }
}

void JobControl::OnCancel(std::function<void()> fn) {
    {
        std::lock_guard<std::mutex> lock(mu_);
        if (closed_) return;
        if (!cancelled_.load()) {
            callbacks_.push_back(std::move(fn));
            return;
        }
    }
    fn();  // already cancelled: at once, on the caller's thread
}

void JobControl::Progress(double fraction) {
    const double p = std::isfinite(fraction) ? std::clamp(fraction, 0.0, 1.0) : 0.0;
    bool write = false;
    {
        std::lock_guard<std::mutex> lock(mu_);
        last_ = p;
        write = p >= 1.0 || std::chrono::steady_clock::now() - last_write_ >= interval_;
        pending_ = !write;
    }
    if (write) WriteLatest();
}

void JobControl::FlushProgress() {
    bool write = false;
    {
        std::lock_guard<std::mutex> lock(mu_);
        write = pending_ && std::chrono::steady_clock::now() - last_write_ >= interval_;
    }
    if (write) WriteLatest();
}

void JobControl::WriteLatest() {
    std::lock_guard<std::mutex> writing(write_mu_);
    double value = 0;
    {
        std::lock_guard<std::mutex> lock(mu_);
        value = last_;
        pending_ = false;
        last_write_ = std::chrono::steady_clock::now();
    }
    if (sink_) sink_(value);
}

double JobControl::LastProgress() const {
    std::lock_guard<std::mutex> lock(mu_);
    return last_;
}

void JobControl::Close() {
    std::lock_guard<std::recursive_mutex> invoking(invoke_mu_);
    std::lock_guard<std::mutex> lock(mu_);
    closed_ = true;
    callbacks_.clear();
}

JobContext::JobContext(Job j)
    : job(std::move(j)), control_(std::make_shared<JobControl>("local", nullptr, std::chrono::milliseconds(0))) {}

JobContext::JobContext(Job j, std::shared_ptr<JobControl> control) : job(std::move(j)), control_(std::move(control)) {}

bool JobContext::Cancelled() const { return control_->Cancelled(); }
CancelReason JobContext::Reason() const { return control_->Reason(); }
void JobContext::OnCancel(std::function<void()> fn) { control_->OnCancel(std::move(fn)); }
void JobContext::Progress(double fraction) { control_->Progress(fraction); }
double JobContext::LastProgress() const { return control_->LastProgress(); }
const std::string& JobContext::WorkerId() const { return control_->worker_id(); }
void JobContext::Cancel(CancelReason reason) { control_->Cancel(reason); }

}  // namespace palisade::jobs

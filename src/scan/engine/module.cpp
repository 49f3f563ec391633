// SPDX-License-Identifier: Apache-2.0
#include "scan/engine/module.hpp"

#include <algorithm>
#include <atomic>
#include <thread>

namespace palisade::scan {

void ModuleContext::Report(Finding finding) {
    std::function<void(const Finding&)> callback;
    {
        std::lock_guard lock(mutex_);
        findings_.push_back(finding);
        callback = on_finding_;
    }
    if (callback) callback(finding);
}

void ModuleContext::AddService(Service service) {
    std::lock_guard lock(mutex_);
    for (auto& existing : state_.services) {
        if (existing.host == service.host && existing.port == service.port && existing.proto == service.proto) {
            existing = std::move(service);
            return;
        }
    }
    state_.services.push_back(std::move(service));
}

void ModuleContext::SetScore(int score, std::string grade) {
    std::lock_guard lock(mutex_);
    score_ = score;
    grade_ = std::move(grade);
}

void ModuleContext::SetGrade(std::string grade) {
    std::lock_guard lock(mutex_);
    grade_ = std::move(grade);
}

void ModuleContext::SetDetails(std::string json) {
    std::lock_guard lock(mutex_);
    details_ = std::move(json);
}

void ModuleContext::Progress(double fraction, std::string message) {
    {
        std::lock_guard lock(mutex_);
        progress_ = std::clamp(fraction, 0.0, 1.0);
        progress_message_ = message;
    }
    if (on_progress_) on_progress_(std::clamp(fraction, 0.0, 1.0), message);
}

double ModuleContext::progress() const {
    std::lock_guard lock(mutex_);
    return progress_;
}

std::vector<Finding> ModuleContext::TakeFindings() {
    std::lock_guard lock(mutex_);
    return std::move(findings_);
}

void ParallelFor(std::size_t count, int threads, const CancelToken& cancel,
                 const std::function<void(std::size_t)>& fn) {
    if (count == 0) return;
    std::atomic<std::size_t> next{0};
    auto worker = [&] {
        for (;;) {
            if (cancel.Stopped()) return;
            std::size_t i = next.fetch_add(1);
            if (i >= count) return;
            fn(i);
        }
    };
    std::size_t extra = std::min<std::size_t>(count, static_cast<std::size_t>(std::max(threads, 1))) - 1;
    std::vector<std::thread> pool;
    pool.reserve(extra);
    for (std::size_t t = 0; t < extra; ++t) pool.emplace_back(worker);
    worker();
    for (auto& t : pool) t.join();
}

}  // namespace palisade::scan

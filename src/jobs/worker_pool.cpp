// SPDX-License-Identifier: Apache-2.0
#include "jobs/worker_pool.hpp"

#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <thread>

#include "core/crypto.hpp"
#include "core/strings.hpp"
#include "jobs/job_control.hpp"
#include "jobs/job_events.hpp"
#include "log/log.hpp"

namespace palisade::jobs {

namespace {

using std::chrono::milliseconds;

std::string DefaultWorkerId() {
    char host[256] = {};
    if (::gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
    return std::string(host[0] != '\0' ? host : "worker") + ":" + std::to_string(::getpid()) + ":" +
           HexEncode(RandomBytes(4));
}

bool WakesWorkers(std::string_view type) {
    return type == kJobQueued || type == kJobDone || type == kJobFailed || type == kJobCancelled ||
           type == "bus.reconnected";
}

}  // namespace

struct WorkerPool::Core {
    Core(JobQueue& q, WorkerOptions o, EventBus* b) : queue(q), options(std::move(o)), bus(b) {}

    JobQueue& queue;
    WorkerOptions options;
    EventBus* bus;
    std::map<std::string, JobHandler> handlers;
    std::vector<std::string> kinds;

    struct Run {
        std::shared_ptr<JobControl> control;
        std::uint64_t generation = 0;
    };
    mutable std::mutex mu;  // everything below, except queue_use/abandoned
    std::condition_variable wake_cv;
    std::condition_variable done_cv;
    std::condition_variable renew_cv;
    std::uint64_t wake_seq = 0;
    bool started = false;
    bool stopping = false;
    bool stopped = false;
    bool renew_stop = false;
    std::map<std::string, Run> running;
    std::uint64_t next_generation = 1;
    std::vector<bool> exited;  // per worker thread
    std::vector<std::thread> workers;
    std::thread renewer;
    std::uint64_t subscription = 0;

    // Stop() takes it exclusively to abandon the queue: no thread touches the queue afterwards.
    std::shared_mutex queue_use;
    bool abandoned = false;

    // Runs fn() on the queue unless the pool gave it up; nullopt then.
    template <typename F>
    auto Guarded(F&& fn) -> std::optional<decltype(fn())> {
        std::shared_lock<std::shared_mutex> lock(queue_use);
        if (abandoned) return std::nullopt;
        return fn();
    }

    void Wake() {
        {
            std::lock_guard<std::mutex> lock(mu);
            ++wake_seq;
        }
        wake_cv.notify_all();
    }

    bool CancelLocal(const std::string& job_id, CancelReason reason) {
        std::shared_ptr<JobControl> control;
        {
            std::lock_guard<std::mutex> lock(mu);
            auto it = running.find(job_id);
            if (it == running.end()) return false;
            control = it->second.control;
        }
        control->Cancel(reason);
        return true;
    }

    // Waits for a wake-up after `seen`, Stop, or the poll interval.
    void WaitIdle(std::uint64_t seen) {
        std::unique_lock<std::mutex> lock(mu);
        wake_cv.wait_for(lock, options.poll, [&] { return stopping || wake_seq != seen; });
    }

    void Finish(const Job& job, const JobControl& control, const JobOutcome& outcome) {
        const log::Field id{"job_id", job.id};
        const log::Field kind{"kind", job.kind};
        if (control.Has(CancelReason::kLeaseLost)) {
            log::Warn("job lease lost; outcome discarded", {id, kind});
            return;
        }
        auto status = Guarded([&]() -> Status {
            switch (outcome.kind) {
                case JobOutcome::Kind::kDone: return queue.Complete(job.id, options.worker_id, outcome.result_json);
                case JobOutcome::Kind::kFailed: return queue.Fail(job.id, options.worker_id, outcome.error, false);
                case JobOutcome::Kind::kRetry: return queue.Fail(job.id, options.worker_id, outcome.error, true);
                case JobOutcome::Kind::kCancelled: break;
            }
            if (control.Has(CancelReason::kShutdown) && !control.Has(CancelReason::kRequested)) {
                return queue.Release(job.id, options.worker_id);
            }
            return queue.MarkCancelled(job.id, options.worker_id, outcome.result_json);
        });
        if (!status) {
            log::Warn("worker stopped; job outcome discarded, the lease will expire", {id, kind});
        } else if (!*status && status->error().code == ErrorCode::kConflict) {
            log::Warn("job lease lost; outcome discarded", {id, kind});
        } else if (!*status) {
            log::Error("could not record the job outcome; the lease will expire and the job run again",
                       {id, kind, {"error", status->error().message}});
        }
    }

    void RunJob(const std::shared_ptr<Core>& self, Job job) {
        std::weak_ptr<Core> weak = self;
        const std::string job_id = job.id;
        auto sink = [weak, job_id](double p) {
            auto core = weak.lock();
            if (!core) return;
            core->Guarded([&] {
                auto s = core->queue.SetProgress(job_id, core->options.worker_id, p);
                if (!s) log::Debug("job progress not written", {{"job_id", job_id}, {"error", s.error().message}});
                return 0;
            });
        };
        auto control = std::make_shared<JobControl>(options.worker_id, sink, options.progress_interval);
        std::shared_ptr<JobControl> superseded;
        std::uint64_t generation = 0;
        bool shutting_down = false;
        {
            std::lock_guard<std::mutex> lock(mu);
            // Our own earlier run of this job lost its lease (renewals failed) and we claimed it again: the
            // earlier run must not record anything.
            if (auto it = running.find(job_id); it != running.end()) superseded = it->second.control;
            generation = next_generation++;
            running[job_id] = Run{control, generation};
            shutting_down = stopping;
        }
        if (superseded) superseded->Cancel(CancelReason::kLeaseLost);
        if (shutting_down) control->Cancel(CancelReason::kShutdown);

        log::Info("job started", {{"job_id", job.id}, {"kind", job.kind}, {"worker", options.worker_id},
                                  {"attempt", std::to_string(job.attempts)}});
        JobContext ctx(job, control);
        JobOutcome outcome;
        try {
            outcome = handlers.at(job.kind)(ctx);
        } catch (const std::exception& e) {
            log::Error("job handler threw", {{"job_id", job.id}, {"kind", job.kind}, {"error", e.what()}});
            outcome = JobOutcome::Failed(std::string("handler error: ") + e.what());
        } catch (...) {
            log::Error("job handler threw", {{"job_id", job.id}, {"kind", job.kind}});
            outcome = JobOutcome::Failed("handler error: unknown exception");
        }
        control->Close();
        Finish(ctx.job, *control, outcome);
        {
            std::lock_guard<std::mutex> lock(mu);
            if (auto it = running.find(job_id); it != running.end() && it->second.generation == generation) {
                running.erase(it);
            }
        }
        done_cv.notify_all();
    }

    void WorkerLoop(const std::shared_ptr<Core>& self, std::size_t index) {
        for (;;) {
            std::uint64_t seen = 0;
            {
                std::lock_guard<std::mutex> lock(mu);
                if (stopping) break;
                seen = wake_seq;
            }
            auto claimed =
                Guarded([&] { return queue.Claim(options.worker_id, kinds, options.lease, options.limits); });
            if (!claimed) break;
            if (!*claimed) {
                log::Warn("job claim failed", {{"worker", options.worker_id}, {"error", claimed->error().message}});
                WaitIdle(seen);
                continue;
            }
            if (!**claimed) {
                WaitIdle(seen);
                continue;
            }
            Job job = std::move(***claimed);
            bool shutting_down = false;
            {
                std::lock_guard<std::mutex> lock(mu);
                shutting_down = stopping;
            }
            if (shutting_down) {  // Stop began during the claim: give the job back instead of starting it
                Guarded([&] { return queue.Release(job.id, options.worker_id); });
                break;
            }
            RunJob(self, std::move(job));
        }
        {
            std::lock_guard<std::mutex> lock(mu);
            exited[index] = true;
        }
        done_cv.notify_all();
    }

    void RenewLoop() {
        const milliseconds interval = std::max(milliseconds(10), std::min(options.cancel_poll, options.lease / 3));
        for (;;) {
            std::map<std::string, std::shared_ptr<JobControl>> snapshot;
            {
                std::unique_lock<std::mutex> lock(mu);
                renew_cv.wait_for(lock, interval, [&] { return renew_stop; });
                if (renew_stop) return;
                for (const auto& [id, run] : running) snapshot.emplace(id, run.control);
            }
            if (snapshot.empty()) continue;
            std::vector<std::string> ids;
            for (const auto& [id, control] : snapshot) {
                control->FlushProgress();
                ids.push_back(id);
            }
            auto renewal = Guarded([&] { return queue.Renew(options.worker_id, ids, options.lease); });
            if (!renewal) return;
            if (!*renewal) {
                log::Warn("job lease renewal failed", {{"worker", options.worker_id},
                                                       {"error", renewal->error().message}});
                continue;
            }
            for (const auto& id : (*renewal)->cancel_requested) snapshot[id]->Cancel(CancelReason::kRequested);
            for (const auto& id : (*renewal)->lost) snapshot[id]->Cancel(CancelReason::kLeaseLost);
        }
    }
};

WorkerPool::WorkerPool(JobQueue& queue, WorkerOptions options, EventBus* bus) {
    if (options.worker_id.empty()) options.worker_id = DefaultWorkerId();
    options.threads = std::max(options.threads, 1);
    core_ = std::make_shared<Core>(queue, std::move(options), bus);
}

WorkerPool::~WorkerPool() { Stop(std::chrono::seconds(30), true); }

void WorkerPool::Register(std::string kind, JobHandler handler) {
    std::lock_guard<std::mutex> lock(core_->mu);
    PALISADE_ASSERT(!core_->started, "WorkerPool::Register after Start");
    core_->handlers[std::move(kind)] = std::move(handler);
}

void WorkerPool::Start() {
    Core& c = *core_;
    {
        std::lock_guard<std::mutex> lock(c.mu);
        if (c.started) return;
        c.started = true;
        for (const auto& [kind, handler] : c.handlers) c.kinds.push_back(kind);
        c.exited.assign(static_cast<std::size_t>(c.options.threads), false);
    }
    std::weak_ptr<Core> weak = core_;
    if (c.bus != nullptr) {
        c.subscription = c.bus->Subscribe([weak](const Event& e) {
            auto core = weak.lock();
            if (!core) return;
            if (e.type == kJobCancelRequested) {
                if (auto id = JobIdOfTopic(e.topic)) core->CancelLocal(*id, CancelReason::kRequested);
            } else if (WakesWorkers(e.type)) {
                core->Wake();
            }
        });
    }
    for (std::size_t i = 0; i < static_cast<std::size_t>(c.options.threads); ++i) {
        c.workers.emplace_back([self = core_, i] { self->WorkerLoop(self, i); });
    }
    c.renewer = std::thread([self = core_] { self->RenewLoop(); });
    log::Info("worker pool started", {{"worker", c.options.worker_id}, {"threads", std::to_string(c.options.threads)}});
}

void WorkerPool::Wake() { core_->Wake(); }

bool WorkerPool::CancelLocal(const std::string& job_id) { return core_->CancelLocal(job_id, CancelReason::kRequested); }

void WorkerPool::Stop(std::chrono::milliseconds grace, bool cancel_running) {
    Core& c = *core_;
    std::vector<std::shared_ptr<JobControl>> controls;
    {
        std::lock_guard<std::mutex> lock(c.mu);
        if (!c.started || c.stopped) return;
        c.stopped = true;
        c.stopping = true;
        for (const auto& [id, run] : c.running) controls.push_back(run.control);
    }
    c.wake_cv.notify_all();
    if (c.bus != nullptr && c.subscription != 0) c.bus->Unsubscribe(c.subscription);
    if (cancel_running) {
        for (const auto& control : controls) control->Cancel(CancelReason::kShutdown);
    }
    const auto deadline = std::chrono::steady_clock::now() + grace;
    {
        std::unique_lock<std::mutex> lock(c.mu);
        c.done_cv.wait_until(lock, deadline,
                             [&] { return std::all_of(c.exited.begin(), c.exited.end(), [](bool e) { return e; }); });
        c.renew_stop = true;
    }
    c.renew_cv.notify_all();
    c.renewer.join();
    {
        std::unique_lock<std::shared_mutex> lock(c.queue_use);
        c.abandoned = true;
    }
    std::vector<std::string> stuck;
    std::lock_guard<std::mutex> lock(c.mu);
    for (std::size_t i = 0; i < c.workers.size(); ++i) {
        if (c.exited[i]) {
            c.workers[i].join();
        } else {
            c.workers[i].detach();  // it holds the Core; its outcome is discarded (abandoned)
        }
    }
    for (const auto& [id, run] : c.running) stuck.push_back(id);
    if (!stuck.empty()) {
        log::Warn("worker pool stopped with jobs still running; their leases will expire",
                  {{"worker", c.options.worker_id}, {"count", std::to_string(stuck.size())}});
    }
    log::Info("worker pool stopped", {{"worker", c.options.worker_id}});
}

const std::string& WorkerPool::WorkerId() const { return core_->options.worker_id; }

int WorkerPool::Running() const {
    std::lock_guard<std::mutex> lock(core_->mu);
    return static_cast<int>(core_->running.size());
}

}  // namespace palisade::jobs

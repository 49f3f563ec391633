// SPDX-License-Identifier: Apache-2.0
// WorkerPool on every back-end: running handlers, outcomes, retries, cancellation, shutdown, wake-ups.
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>

#include "core/time.hpp"
#include "jobs/jobs_fixture.hpp"
#include "jobs/worker_pool.hpp"

namespace palisade::jobs::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

class WorkerPoolTest : public JobsTest {
protected:
    static WorkerOptions Fast(const std::string& id) {
        WorkerOptions o;
        o.threads = 2;
        o.poll = milliseconds(20);
        o.cancel_poll = milliseconds(20);
        o.progress_interval = milliseconds(0);
        o.worker_id = id;
        return o;
    }

    bool WaitForState(const std::string& id, JobState state, JobQueue* queue = nullptr) {
        JobQueue& q = queue != nullptr ? *queue : *queue_;
        return WaitFor([&] {
            auto j = q.GetAny(id);
            return j && j->state == state;
        });
    }
};

// A latch a handler waits on until the test (or a cancel) opens it.
class Gate {
public:
    void Open() {
        {
            std::lock_guard<std::mutex> lock(mu_);
            open_ = true;
        }
        cv_.notify_all();
    }
    bool Wait(milliseconds timeout = seconds(30)) {
        std::unique_lock<std::mutex> lock(mu_);
        return cv_.wait_for(lock, timeout, [&] { return open_; });
    }

private:
    std::mutex mu_;
    std::condition_variable cv_;
    bool open_ = false;
};

TEST_P(WorkerPoolTest, RunsRegisteredJobsOnceAndRecordsTheirResults) {
    std::mutex mu;
    std::map<std::string, int> runs;
    WorkerPool pool(*queue_, Fast("p1"));
    pool.Register("scan", [&](JobContext& ctx) {
        std::lock_guard<std::mutex> lock(mu);
        ++runs[ctx.job.id];
        EXPECT_EQ(ctx.WorkerId(), "p1");
        EXPECT_EQ(ctx.job.state, JobState::kRunning);
        return JobOutcome::Done(R"({"ok":true})");
    });
    pool.Start();
    std::vector<std::string> ids;
    for (int i = 0; i < 10; ++i) ids.push_back(MustEnqueue(Spec("scan")).id);
    const std::string other = MustEnqueue(Spec("import")).id;  // no handler here: stays queued
    for (const auto& id : ids) ASSERT_TRUE(WaitForState(id, JobState::kDone)) << id;
    pool.Stop(seconds(5));
    for (const auto& id : ids) {
        EXPECT_EQ(runs[id], 1);
        EXPECT_EQ(MustGet(id).result_json, R"({"ok":true})");
    }
    EXPECT_EQ(MustGet(other).state, JobState::kQueued);
}

TEST_P(WorkerPoolTest, HandlerExceptionFailsTheJobWithItsMessage) {
    WorkerPool pool(*queue_, Fast("p1"));
    pool.Register("scan", [](JobContext&) -> JobOutcome { throw std::runtime_error("boom"); });
    pool.Start();
    const Job job = MustEnqueue(Spec("scan"));
    ASSERT_TRUE(WaitForState(job.id, JobState::kFailed));
    pool.Stop(seconds(5));
    EXPECT_EQ(MustGet(job.id).error, "handler error: boom");
    EXPECT_EQ(MustGet(job.id).attempts, 1);
}

TEST_P(WorkerPoolTest, RetryOutcomeRequeuesWithBackoff) {
    std::atomic<int> runs{0};
    WorkerPool pool(*queue_, Fast("p1"));
    pool.Register("scan", [&](JobContext& ctx) {
        ++runs;
        return ctx.job.attempts == 1 ? JobOutcome::Retry("busy") : JobOutcome::Done();
    });
    pool.Start();
    const Job job = MustEnqueue(Spec("scan"));
    ASSERT_TRUE(WaitFor([&] { return MustGet(job.id).error == "busy"; }));
    Job waiting = MustGet(job.id);
    EXPECT_EQ(waiting.state, JobState::kQueued);
    EXPECT_EQ(waiting.run_after, FormatTime(clock_.Now() + seconds(1)));
    clock_.Advance(seconds(1));  // the backoff passes only on the manual clock
    pool.Wake();
    ASSERT_TRUE(WaitForState(job.id, JobState::kDone));
    pool.Stop(seconds(5));
    EXPECT_EQ(runs.load(), 2);
    EXPECT_EQ(MustGet(job.id).attempts, 2);
}

TEST_P(WorkerPoolTest, CancelOfARunningJobReachesTheHandlerThroughRenew) {
    Gate started;
    std::atomic<bool> on_cancel{false};
    WorkerPool pool(*queue_, Fast("p1"));  // no bus: the cancel flag is read by the renewal thread
    pool.Register("scan", [&](JobContext& ctx) {
        Gate cancelled;
        ctx.OnCancel([&] {
            on_cancel = true;
            cancelled.Open();
        });
        started.Open();
        EXPECT_TRUE(cancelled.Wait());
        EXPECT_EQ(ctx.Reason(), CancelReason::kRequested);
        return JobOutcome::Cancelled(R"({"partial":true})");
    });
    pool.Start();
    const std::string org = MakeOrg("acme");
    const Job job = MustEnqueue(Spec("scan", org));
    ASSERT_TRUE(started.Wait());
    ASSERT_TRUE(queue_->RequestCancel(org, job.id).has_value());
    ASSERT_TRUE(WaitForState(job.id, JobState::kCancelled));
    pool.Stop(seconds(5));
    EXPECT_TRUE(on_cancel.load());
    EXPECT_EQ(MustGet(job.id).result_json, R"({"partial":true})");
}

TEST_P(WorkerPoolTest, CancelLocalAndBusEventsReachTheHandlerAtOnce) {
    auto bus = EventBus::Local();
    JobQueue queue(*store_, clock_, bus.get());
    WorkerOptions o = Fast("p1");
    o.cancel_poll = seconds(3600);  // renewals never run in this test: only the fast paths can deliver
    o.lease = seconds(3600 * 3);
    WorkerPool pool(queue, o, bus.get());
    Gate started;
    pool.Register("scan", [&](JobContext& ctx) {
        Gate cancelled;
        ctx.OnCancel([&] { cancelled.Open(); });
        started.Open();
        EXPECT_TRUE(cancelled.Wait());
        return JobOutcome::Cancelled();
    });
    pool.Start();
    EXPECT_FALSE(pool.CancelLocal("not-running-here"));
    const Job a = *queue.Enqueue(Spec("scan"));
    ASSERT_TRUE(started.Wait());
    ASSERT_TRUE(queue.RequestCancel("", a.id).has_value());  // job.cancel_requested on the bus
    ASSERT_TRUE(WaitForState(a.id, JobState::kCancelled, &queue));

    // The first job may still count as running for a moment after its state is recorded: wait for b itself.
    const Job b = *queue.Enqueue(Spec("scan"));
    EXPECT_TRUE(WaitFor([&] { return pool.CancelLocal(b.id); }));
    ASSERT_TRUE(WaitForState(b.id, JobState::kCancelled, &queue));
    pool.Stop(seconds(5));
}

TEST_P(WorkerPoolTest, StopGivesCancelledJobsBackToTheQueue) {
    Gate started;
    WorkerPool pool(*queue_, Fast("p1"));
    pool.Register("scan", [&](JobContext& ctx) {
        Gate stop;
        ctx.OnCancel([&] { stop.Open(); });
        started.Open();
        EXPECT_TRUE(stop.Wait());
        EXPECT_EQ(ctx.Reason(), CancelReason::kShutdown);
        return JobOutcome::Cancelled();
    });
    pool.Start();
    const Job job = MustEnqueue(Spec("scan"));
    ASSERT_TRUE(started.Wait());
    pool.Stop(seconds(10));
    const Job back = MustGet(job.id);
    EXPECT_EQ(back.state, JobState::kQueued);
    EXPECT_EQ(back.attempts, 0);
    EXPECT_EQ(pool.Running(), 0);
}

TEST_P(WorkerPoolTest, AJobStillRunningAfterTheGraceKeepsItsLeaseAndIsRecovered) {
    Gate started;
    Gate release;
    Gate returned;
    auto pool = std::make_unique<WorkerPool>(*queue_, Fast("stuck"));
    pool->Register("scan", [&](JobContext&) {
        started.Open();
        release.Wait();  // ignores the cancel
        returned.Open();
        return JobOutcome::Done(R"({"from":"stuck"})");
    });
    pool->Start();
    const Job job = MustEnqueue(Spec("scan"));
    ASSERT_TRUE(started.Wait());
    pool->Stop(milliseconds(50));
    pool.reset();
    EXPECT_EQ(MustGet(job.id).state, JobState::kRunning);
    EXPECT_EQ(MustGet(job.id).lease_owner, "stuck");
    release.Open();
    ASSERT_TRUE(returned.Wait());
    // Whatever the abandoned handler returned is discarded: the job is still running under the old lease.
    EXPECT_EQ(MustGet(job.id).state, JobState::kRunning);

    clock_.Advance(seconds(31));
    WorkerPool next(*queue_, Fast("next"));
    next.Register("scan", [](JobContext&) { return JobOutcome::Done(R"({"from":"next"})"); });
    next.Start();
    ASSERT_TRUE(WaitForState(job.id, JobState::kDone));
    next.Stop(seconds(5));
    EXPECT_EQ(MustGet(job.id).result_json, R"({"from":"next"})");
    EXPECT_EQ(MustGet(job.id).attempts, 2);
}

TEST_P(WorkerPoolTest, ALostLeaseCancelsTheHandlerAndDiscardsItsOutcome) {
    Gate started;
    Gate returned;
    std::atomic<int> reason{-1};
    WorkerOptions o = Fast("slow-renewer");
    o.cancel_poll = milliseconds(200);
    WorkerPool pool(*queue_, o);
    pool.Register("scan", [&](JobContext& ctx) {
        Gate lost;
        ctx.OnCancel([&] { lost.Open(); });
        started.Open();
        EXPECT_TRUE(lost.Wait());
        reason = static_cast<int>(ctx.Reason());
        returned.Open();
        return JobOutcome::Done(R"({"from":"old"})");
    });
    pool.Start();
    const Job job = MustEnqueue(Spec("scan"));
    ASSERT_TRUE(started.Wait());
    // The pool renews on the wall clock; move the manual clock past the lease until a renewal does not win.
    std::optional<Job> stolen;
    ASSERT_TRUE(WaitFor([&] {
        clock_.Advance(seconds(31));
        auto c = queue_->Claim("thief", {"scan"}, seconds(30), {});
        if (c && *c) stolen = **c;
        return stolen.has_value();
    }));
    EXPECT_EQ(stolen->id, job.id);
    ASSERT_TRUE(returned.Wait());
    EXPECT_EQ(reason.load(), static_cast<int>(CancelReason::kLeaseLost));
    ASSERT_TRUE(WaitFor([&] { return pool.Running() == 0; }));
    const Job still = MustGet(job.id);
    EXPECT_EQ(still.state, JobState::kRunning);
    EXPECT_EQ(still.lease_owner, "thief");
    pool.Stop(seconds(5));
    ASSERT_TRUE(queue_->Complete(job.id, "thief", R"({"from":"thief"})").has_value());
    EXPECT_EQ(MustGet(job.id).result_json, R"({"from":"thief"})");
}

TEST_P(WorkerPoolTest, ProgressIsWrittenWhileTheJobRuns) {
    Gate seen;
    WorkerPool pool(*queue_, Fast("p1"));
    pool.Register("scan", [&](JobContext& ctx) {
        ctx.Progress(0.5);
        EXPECT_TRUE(seen.Wait());
        return JobOutcome::Done();
    });
    pool.Start();
    const Job job = MustEnqueue(Spec("scan"));
    ASSERT_TRUE(WaitFor([&] { return MustGet(job.id).progress == 0.5; }));
    seen.Open();
    ASSERT_TRUE(WaitForState(job.id, JobState::kDone));
    pool.Stop(seconds(5));
}

TEST_P(WorkerPoolTest, AnEnqueueWakesIdlePoolsThroughTheBus) {
    // Two "processes": each has its own Store, bus and queue; the pool never polls within the test's time.
    auto bus_a = EventBus::Open(url_);
    auto bus_b = EventBus::Open(url_);
    ASSERT_TRUE(bus_a && bus_b);
    auto store_b = OpenStore();
    JobQueue queue_a(*store_, clock_, bus_a->get());
    JobQueue queue_b(*store_b, clock_, bus_b->get());
    WorkerOptions o = Fast("b");
    o.poll = seconds(3600);
    WorkerPool pool(queue_b, o, bus_b->get());
    pool.Register("scan", [](JobContext&) { return JobOutcome::Done(); });
    pool.Start();
    // SQLite has no cross-process bus: there the enqueue goes through the pool's own bus.
    JobQueue& enqueuer = Postgres() ? queue_a : queue_b;
    // Not an assertion: gives the threads time to finish their first claim and enter the hour-long idle wait, so
    // that only a wake-up can start the job. (If they were slower, the test would still pass, just less strictly.)
    std::this_thread::sleep_for(milliseconds(100));
    auto job = enqueuer.Enqueue(Spec("scan"));
    ASSERT_TRUE(job.has_value());
    EXPECT_TRUE(WaitForState(job->id, JobState::kDone, &queue_b));
    pool.Stop(seconds(5));
}

TEST_P(WorkerPoolTest, TwoHundredJobsOverFourPoolsRunExactlyOnceEach) {
    constexpr int kPools = 4;
    constexpr int kJobs = 200;
    std::mutex mu;
    std::map<std::string, int> runs;
    std::vector<std::unique_ptr<store::Store>> stores;
    std::vector<std::unique_ptr<EventBus>> buses;
    std::vector<std::unique_ptr<JobQueue>> queues;
    std::vector<std::unique_ptr<WorkerPool>> pools;
    for (int i = 0; i < kPools; ++i) {
        stores.push_back(OpenStore(4));
        auto bus = EventBus::Open(url_);
        ASSERT_TRUE(bus.has_value());
        buses.push_back(std::move(*bus));
        queues.push_back(std::make_unique<JobQueue>(*stores.back(), clock_, buses.back().get()));
        WorkerOptions o = Fast("pool" + std::to_string(i));
        o.threads = 3;
        pools.push_back(std::make_unique<WorkerPool>(*queues.back(), o, buses.back().get()));
        pools.back()->Register("scan", [&](JobContext& ctx) {
            std::lock_guard<std::mutex> lock(mu);
            ++runs[ctx.job.id];
            return JobOutcome::Done();
        });
        pools.back()->Start();
    }
    std::vector<std::string> ids;
    for (int i = 0; i < kJobs; ++i) {
        auto job = queues[static_cast<std::size_t>(i % kPools)]->Enqueue(Spec("scan"));
        ASSERT_TRUE(job.has_value());
        ids.push_back(job->id);
    }
    ASSERT_TRUE(WaitFor([&] { return queue_->CountByState(JobState::kDone).value_or(0) == kJobs; }, seconds(120)));
    for (auto& p : pools) p->Stop(seconds(5));
    std::lock_guard<std::mutex> lock(mu);
    EXPECT_EQ(runs.size(), static_cast<std::size_t>(kJobs));
    for (const auto& id : ids) EXPECT_EQ(runs[id], 1) << id;
    for (const auto& id : ids) EXPECT_EQ(MustGet(id).attempts, 1) << id;
}

INSTANTIATE_TEST_SUITE_P(Backends, WorkerPoolTest, ::testing::ValuesIn(palisade::testing::DatabaseBackends()),
                         BackendName);

}  // namespace
}  // namespace palisade::jobs::testing

// SPDX-License-Identifier: Apache-2.0
// A worker process killed with SIGKILL in the middle of a job: its lease expires and a pool here recovers the job
// and completes it exactly once.
#include <gtest/gtest.h>

#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>

#include "jobs/jobs_fixture.hpp"
#include "jobs/worker_pool.hpp"

extern char** environ;

namespace palisade::jobs::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// The child process, killed (if still alive) and reaped when the object goes.
class Child {
public:
    Child(const std::string& url, const std::string& kind, milliseconds lease) {
        int fds[2];
        if (::pipe(fds) != 0) return;
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
        posix_spawn_file_actions_addclose(&actions, fds[0]);
        const std::string lease_ms = std::to_string(lease.count());
        std::vector<char*> argv{const_cast<char*>(PALISADE_JOB_WORKER_CHILD), const_cast<char*>(url.c_str()),
                                const_cast<char*>(kind.c_str()), const_cast<char*>(lease_ms.c_str()), nullptr};
        if (posix_spawn(&pid_, PALISADE_JOB_WORKER_CHILD, &actions, nullptr, argv.data(), environ) != 0) pid_ = -1;
        posix_spawn_file_actions_destroy(&actions);
        ::close(fds[1]);
        out_ = fds[0];
    }
    ~Child() {
        Kill();
        if (out_ >= 0) ::close(out_);
    }
    bool Started() const { return pid_ > 0; }
    // The first line the child prints, or "" when nothing comes within `timeout`.
    std::string ReadLine(milliseconds timeout) {
        std::string line;
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < deadline) {
            pollfd p{out_, POLLIN, 0};
            if (::poll(&p, 1, 100) <= 0) continue;
            char c = 0;
            if (::read(out_, &c, 1) != 1) return "";
            if (c == '\n') return line;
            line.push_back(c);
        }
        return "";
    }
    // SIGKILL and reap; returns the wait status.
    int Kill() {
        if (pid_ <= 0) return -1;
        ::kill(pid_, SIGKILL);
        int status = 0;
        ::waitpid(pid_, &status, 0);
        pid_ = -1;
        return status;
    }

private:
    pid_t pid_ = -1;
    int out_ = -1;
};

class WorkerRecoveryTest : public JobsTest {};

TEST_P(WorkerRecoveryTest, AWorkerKilledMidJobIsRecoveredAfterItsLeaseAndCompletedOnce) {
    // Real time on both sides: the child's lease runs out on the wall clock.
    SystemClock wall;
    JobQueue queue(*store_, wall);
    auto job = queue.Enqueue(Spec("slow"));
    ASSERT_TRUE(job.has_value());

    Child child(url_, "slow", milliseconds(1500));
    ASSERT_TRUE(child.Started());
    ASSERT_EQ(child.ReadLine(seconds(30)), job->id);
    auto held = queue.GetAny(job->id);
    ASSERT_TRUE(held.has_value());
    EXPECT_EQ(held->state, JobState::kRunning);
    EXPECT_EQ(held->lease_owner, "child-worker");
    const int status = child.Kill();
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);

    std::atomic<int> runs{0};
    WorkerOptions o;
    o.threads = 2;
    o.poll = milliseconds(50);
    o.worker_id = "survivor";
    WorkerPool pool(queue, o);
    pool.Register("slow", [&](JobContext& ctx) {
        ++runs;
        EXPECT_EQ(ctx.job.attempts, 2);
        return JobOutcome::Done(R"({"recovered":true})");
    });
    pool.Start();
    ASSERT_TRUE(WaitFor([&] {
        auto j = queue.GetAny(job->id);
        return j && j->state == JobState::kDone;
    }));
    pool.Stop(seconds(5));
    auto done = queue.GetAny(job->id);
    ASSERT_TRUE(done.has_value());
    EXPECT_EQ(runs.load(), 1);
    EXPECT_EQ(done->attempts, 2);
    EXPECT_EQ(done->lease_owner, "survivor");
    EXPECT_EQ(done->result_json, R"({"recovered":true})");
}

INSTANTIATE_TEST_SUITE_P(Backends, WorkerRecoveryTest, ::testing::ValuesIn(palisade::testing::DatabaseBackends()),
                         BackendName);

}  // namespace
}  // namespace palisade::jobs::testing

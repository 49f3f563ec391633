// SPDX-License-Identifier: Apache-2.0
// Limits and exclusivity under concurrent claimers: several threads over several Store instances (separate
// connection pools, as separate processes would have) on every back-end.
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "jobs/jobs_fixture.hpp"

namespace palisade::jobs::testing {
namespace {

using std::chrono::seconds;

constexpr int kThreads = 8;
constexpr int kStores = 4;

class JobLimitsTest : public JobsTest {
protected:
    void SetUp() override {
        JobsTest::SetUp();
        for (int i = 0; i < kStores; ++i) {
            stores_.push_back(OpenStore(3));
            ASSERT_NE(stores_.back(), nullptr);
            queues_.push_back(std::make_unique<JobQueue>(*stores_.back(), clock_));
        }
    }

    // Runs fn(queue, thread index) on kThreads threads that start together.
    template <typename F>
    void Concurrently(F fn) {
        std::atomic<int> ready{0};
        std::vector<std::thread> threads;
        for (int i = 0; i < kThreads; ++i) {
            threads.emplace_back([&, i] {
                ++ready;
                while (ready.load() < kThreads) std::this_thread::yield();
                fn(*queues_[static_cast<std::size_t>(i % kStores)], i);
            });
        }
        for (auto& t : threads) t.join();
    }

    // Every thread claims until it finds nothing three times in a row; returns the jobs claimed.
    std::vector<Job> ClaimAll(const Limits& limits) {
        std::mutex mu;
        std::vector<Job> claimed;
        Concurrently([&](JobQueue& q, int i) {
            int empty = 0;
            while (empty < 3) {
                auto c = q.Claim("w" + std::to_string(i), {"scan"}, seconds(60), limits);
                EXPECT_TRUE(c.has_value()) << c.error().message << " " << c.error().detail;
                if (!c || !*c) {
                    ++empty;
                    continue;
                }
                std::lock_guard<std::mutex> lock(mu);
                claimed.push_back(**c);
            }
        });
        return claimed;
    }

    std::vector<std::unique_ptr<store::Store>> stores_;
    std::vector<std::unique_ptr<JobQueue>> queues_;
};

TEST_P(JobLimitsTest, GlobalLimitHoldsExactlyWithConcurrentClaimers) {
    const std::string org = MakeOrg("acme");
    for (int i = 0; i < 20; ++i) MustEnqueue(Spec("scan", i % 2 == 0 ? org : ""));
    const Limits limits{3, 0};
    std::vector<Job> first = ClaimAll(limits);
    ASSERT_EQ(first.size(), 3u);
    EXPECT_EQ(queue_->CountByState(JobState::kRunning).value_or(-1), 3);
    for (const Job& j : first) ASSERT_TRUE(queue_->Complete(j.id, j.lease_owner, "{}").has_value());

    // Churn: claim, check how many run at once, complete. Counted between the claim's commit and the completion,
    // so the local count never exceeds what the database counts as running.
    std::atomic<int> running{0};
    std::atomic<int> peak{0};
    std::atomic<int> completed{0};
    Concurrently([&](JobQueue& q, int i) {
        const std::string worker = "c" + std::to_string(i);
        int empty = 0;
        while (empty < 50 && completed.load() < 17) {
            auto c = q.Claim(worker, {"scan"}, seconds(60), limits);
            ASSERT_TRUE(c.has_value()) << c.error().message;
            if (!*c) {
                ++empty;
                std::this_thread::yield();
                continue;
            }
            empty = 0;
            const int now = ++running;
            int p = peak.load();
            while (now > p && !peak.compare_exchange_weak(p, now)) {
            }
            --running;
            ASSERT_TRUE(q.Complete((*c)->id, worker, "{}").has_value());
            ++completed;
        }
    });
    EXPECT_EQ(completed.load(), 17);
    EXPECT_LE(peak.load(), 3);
    EXPECT_EQ(queue_->CountByState(JobState::kDone).value_or(-1), 20);
}

TEST_P(JobLimitsTest, PerOrganisationLimitHoldsExactlyWithConcurrentClaimers) {
    const std::string a = MakeOrg("a");
    const std::string b = MakeOrg("b");
    for (int i = 0; i < 5; ++i) {
        MustEnqueue(Spec("scan", a));
        MustEnqueue(Spec("scan", b));
    }
    MustEnqueue(Spec("scan"));
    MustEnqueue(Spec("scan"));
    std::vector<Job> claimed = ClaimAll(Limits{0, 2});
    std::map<std::string, int> per_org;
    for (const Job& j : claimed) ++per_org[j.org_id];
    EXPECT_EQ(per_org[a], 2);
    EXPECT_EQ(per_org[b], 2);
    EXPECT_EQ(per_org[""], 2) << "system jobs are not limited per organisation";
    EXPECT_EQ(claimed.size(), 6u);

    // A finished job of a frees exactly one slot for a.
    for (const Job& j : claimed) {
        if (j.org_id == a) {
            ASSERT_TRUE(queue_->Complete(j.id, j.lease_owner, "{}").has_value());
            break;
        }
    }
    std::vector<Job> more = ClaimAll(Limits{0, 2});
    ASSERT_EQ(more.size(), 1u);
    EXPECT_EQ(more[0].org_id, a);
}

TEST_P(JobLimitsTest, ConcurrentClaimersNeverShareAJob) {
    for (int i = 0; i < 100; ++i) MustEnqueue(Spec("scan"));
    std::vector<Job> claimed = ClaimAll(Limits{});
    std::set<std::string> ids;
    for (const Job& j : claimed) ids.insert(j.id);
    EXPECT_EQ(claimed.size(), 100u);
    EXPECT_EQ(ids.size(), 100u);
    for (const Job& j : claimed) EXPECT_EQ(j.attempts, 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, JobLimitsTest, ::testing::ValuesIn(palisade::testing::DatabaseBackends()),
                         BackendName);

}  // namespace
}  // namespace palisade::jobs::testing

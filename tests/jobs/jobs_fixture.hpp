// SPDX-License-Identifier: Apache-2.0
// Shared set-up of the jobs tests: a fresh, migrated database per test on every back-end, organisations, specs,
// and a bounded wait for a condition.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "core/clock.hpp"
#include "jobs/job_queue.hpp"
#include "store/store.hpp"
#include "support/test_env.hpp"

namespace palisade::jobs::testing {

// Polls `pred` until it is true or `timeout` passes; returns its last value.
template <typename F>
bool WaitFor(F&& pred, std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!pred()) {
        if (std::chrono::steady_clock::now() > deadline) return pred();
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
}

class JobsTest : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override;

    bool Postgres() const { return GetParam() == "postgres"; }
    // Another Store over the same database: its own connection pool, as another process would have.
    std::unique_ptr<store::Store> OpenStore(int pool_size = 4);
    std::string MakeOrg(const std::string& name);
    JobSpec Spec(const std::string& kind, const std::string& org_id = "", int priority = 0);
    Job MustEnqueue(const JobSpec& spec);
    Job MustGet(const std::string& id);
    // Claims with `worker`; fails the test when nothing is claimed.
    Job MustClaim(const std::string& worker, std::chrono::milliseconds lease = std::chrono::seconds(30));

    palisade::testing::TempDir dir_;
    std::string url_;
    ManualClock clock_{std::chrono::system_clock::now()};
    std::unique_ptr<store::Store> store_;
    std::unique_ptr<JobQueue> queue_;
};

std::string BackendName(const ::testing::TestParamInfo<std::string>& info);

}  // namespace palisade::jobs::testing

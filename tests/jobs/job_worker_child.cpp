// SPDX-License-Identifier: Apache-2.0
// palisade_job_worker_child URL KIND LEASE_MS: a worker process for the SIGKILL test. It claims one job of KIND
// as worker "child-worker" with a lease of LEASE_MS, prints the job id and a newline on stdout, then hangs until
// it is killed. Exit 2 when nothing could be claimed within 30 s.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <thread>

#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "jobs/job_queue.hpp"
#include "log/log.hpp"
#include "store/store.hpp"

int main(int argc, char** argv) {
    using namespace palisade;
    if (argc != 4) return 64;
    InitCrypto();
    log::Init("error", "text");
    auto store = store::Store::Open({argv[1], 2, std::chrono::milliseconds(10000)});
    if (!store) return 3;
    SystemClock clock;
    jobs::JobQueue queue(**store, clock);
    const std::chrono::milliseconds lease(std::stol(argv[3]));
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
        auto claimed = queue.Claim("child-worker", {argv[2]}, lease, {});
        if (claimed && *claimed) {
            std::printf("%s\n", (*claimed)->id.c_str());
            std::fflush(stdout);
            for (;;) ::pause();  // "mid-job": holds the lease until SIGKILL
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return 2;
}

// SPDX-License-Identifier: Apache-2.0
// --rate for dialogues: connections opened through Conn wait for the scan's per-host pacer.
#include "scan/engine/host_pacer.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <thread>

#include "scan/engine/cancel.hpp"
#include "scan/probe/conn.hpp"

namespace palisade::scan {
namespace {

using Clock = std::chrono::steady_clock;

TEST(HostPacer, SpacesConnectionsToOneHostAndLeavesOthersAlone) {
    HostPacer pacer(20);  // one every 50 ms per host
    CancelToken token;
    auto started = Clock::now();
    for (int i = 0; i < 5; ++i) ASSERT_TRUE(pacer.Acquire("127.0.0.1", token));
    EXPECT_GE(Clock::now() - started, std::chrono::milliseconds(195));
    auto other = Clock::now();
    ASSERT_TRUE(pacer.Acquire("127.0.0.2", token));
    EXPECT_LT(Clock::now() - other, std::chrono::milliseconds(40)) << "another host has its own pace";
}

TEST(HostPacer, IsSharedAcrossThreads) {
    HostPacer pacer(50);  // 20 ms apart
    CancelToken token;
    auto started = Clock::now();
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 3; ++i) pacer.Acquire("127.0.0.1", token);
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_GE(Clock::now() - started, std::chrono::milliseconds(215)) << "12 connections, 11 intervals of 20 ms";
}

TEST(HostPacer, CancellationEndsTheWaitPromptly) {
    HostPacer pacer(0.5);  // one every 2 s
    StopSource stop;
    CancelToken token(stop);
    ASSERT_TRUE(pacer.Acquire("127.0.0.1", token));
    std::thread canceller([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(150));
        stop.RequestStop();
    });
    auto started = Clock::now();
    EXPECT_FALSE(pacer.Acquire("127.0.0.1", token));
    EXPECT_LT(Clock::now() - started, std::chrono::milliseconds(600));
    canceller.join();
}

TEST(HostPacer, ConnPacesThroughTheTokenItCarries) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    ::listen(fd, 64);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    auto loopback = ParseTargets({"127.0.0.1"}, TargetLimits{});
    const Address& a = std::get<AddressTarget>(loopback->front().value).address;

    CancelToken unpaced;
    auto started = Clock::now();
    for (int i = 0; i < 4; ++i) ASSERT_TRUE(Conn::Connect(a, ntohs(addr.sin_port), Millis(1000), unpaced));
    EXPECT_LT(Clock::now() - started, std::chrono::milliseconds(100));

    CancelToken paced = CancelToken().WithPacer(std::make_shared<HostPacer>(20));
    started = Clock::now();
    for (int i = 0; i < 4; ++i) ASSERT_TRUE(Conn::Connect(a, ntohs(addr.sin_port), Millis(1000), paced));
    EXPECT_GE(Clock::now() - started, std::chrono::milliseconds(145)) << "4 connections, 3 intervals of 50 ms";
    ::close(fd);
}

}  // namespace
}  // namespace palisade::scan

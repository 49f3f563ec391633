// SPDX-License-Identifier: Apache-2.0
// The connect scan against real sockets on loopback: listeners are open, released ports are closed, a listener
// whose accept queue is full drops SYNs (filtered), cancellation returns the partial result promptly.
#include "scan/modules/ports/connect_scan.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "scan/modules/ports/ports_module.hpp"

namespace palisade::scan::ports {
namespace {

using ::testing::ElementsAreArray;
using Clock = std::chrono::steady_clock;

// A listening socket on 127.0.0.1 with an ephemeral port.
class Listener {
  public:
    explicit Listener(int backlog = 64) {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
        EXPECT_EQ(::listen(fd_, backlog), 0);
        socklen_t len = sizeof addr;
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
        port_ = ntohs(addr.sin_port);
    }
    ~Listener() { Close(); }
    void Close() {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }
    std::uint16_t port() const { return port_; }

  private:
    int fd_ = -1;
    std::uint16_t port_ = 0;
};

Address Loopback() {
    auto t = ParseTargets({"127.0.0.1"}, TargetLimits{});
    return std::get<AddressTarget>(t->front().value).address;
}

HostSource OneHost(const Address& a, std::string name = {}) {
    auto given = std::make_shared<bool>(false);
    return [=]() -> std::optional<ScanHost> {
        if (*given) return std::nullopt;
        *given = true;
        return ScanHost{a, name};
    };
}

// A port that was just free: bound, then released (nothing listens on it).
std::uint16_t ReleasedPort() {
    Listener l;
    return l.port();
}

TEST(ConnectScan, ListenersAreOpenAndTheRestClosed) {
    Listener a, b, c;
    std::set<std::uint16_t> expected{a.port(), b.port(), c.port()};
    PortSet ports;
    for (auto p : expected) ports.Add(p);
    std::uint16_t closed1 = ReleasedPort(), closed2 = ReleasedPort();
    ports.Add(closed1);
    ports.Add(closed2);

    ConnectScanOptions options;
    auto result = ConnectScan(OneHost(Loopback(), "localhost"), 1, ports, options, CancelToken{});
    std::vector<std::uint16_t> open;
    for (const auto& p : result.open) open.push_back(p.port);
    EXPECT_THAT(open, ElementsAreArray(expected));
    ASSERT_EQ(result.tallies.size(), 1u);
    EXPECT_TRUE(result.tallies[0].up);
    EXPECT_EQ(result.tallies[0].name, "localhost");
    EXPECT_EQ(result.tallies[0].closed, ports.Count() - expected.size());
    EXPECT_EQ(result.tallies[0].filtered, 0u);
    EXPECT_FALSE(result.stopped);
    EXPECT_EQ(result.probes, ports.Count());
}

TEST(ConnectScan, ARangeOfLoopbackHostsIsScannedPortMajor) {
    Listener l;  // on 127.0.0.1 only
    PortSet ports;
    ports.Add(l.port());
    auto targets = ParseTargets({"127.0.0.0/30"}, TargetLimits{});
    ASSERT_TRUE(targets);
    AddressEnumerator e(*targets);
    HostSource source = [&]() -> std::optional<ScanHost> {
        auto a = e.Next();
        if (!a) return std::nullopt;
        return ScanHost{*a, {}};
    };
    auto result = ConnectScan(source, 4, ports, ConnectScanOptions{}, CancelToken{});
    ASSERT_EQ(result.open.size(), 1u);
    EXPECT_EQ(result.open[0].address.ToString(), "127.0.0.1");
    // 127.0.0.0/8 answers on every address: the other three hosts are up with the port closed.
    EXPECT_EQ(result.tallies.size(), 4u);
}

TEST(ConnectScan, APortThatDropsSynsIsFilteredAfterTheRetry) {
    // A listener with a full accept queue: the kernel drops further SYNs, as a firewall would.
    Listener full(0);
    std::vector<int> fillers;
    for (int i = 0; i < 4; ++i) {
        int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        addr.sin_port = htons(full.port());
        ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
        fillers.push_back(fd);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // let the handshakes of the fillers settle
    PortSet ports;
    ports.Add(full.port());
    ConnectScanOptions options;
    options.initial_timeout = std::chrono::milliseconds(200);
    options.max_timeout = std::chrono::milliseconds(200);
    auto result = ConnectScan(OneHost(Loopback()), 1, ports, options, CancelToken{});
    for (int fd : fillers) ::close(fd);
    EXPECT_TRUE(result.open.empty());
    EXPECT_EQ(result.probes, 2u) << "one try and one retry";
    // No port answered: an address target is listed only when it was given by name.
    EXPECT_TRUE(result.tallies.empty());
}

TEST(ConnectScan, RateLimitSpacesConnections) {
    PortSet ports;
    std::uint16_t base = ReleasedPort();
    for (int i = 0; i < 11; ++i) ports.Add(static_cast<std::uint16_t>(base + i == 0 ? 1 : base + i));
    ConnectScanOptions options;
    options.rate = 50;  // 11 connections, 10 intervals of 20 ms
    auto started = Clock::now();
    auto result = ConnectScan(OneHost(Loopback()), 1, ports, options, CancelToken{});
    auto elapsed = Clock::now() - started;
    EXPECT_GE(elapsed, std::chrono::milliseconds(190));
    EXPECT_EQ(result.probes, ports.Count());
}

TEST(ConnectScan, CancellationReturnsThePartialResultPromptly) {
    Listener l;
    PortSet ports;
    ports.AddRange(1, 65535);
    ConnectScanOptions options;
    options.rate = 20;  // 65,535 ports would take almost an hour
    StopSource stop;
    std::thread canceller([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        stop.RequestStop();
    });
    auto started = Clock::now();
    auto result = ConnectScan(OneHost(Loopback(), "localhost"), 1, ports, options, CancelToken(stop));
    auto elapsed = Clock::now() - started;
    canceller.join();
    EXPECT_TRUE(result.stopped);
    EXPECT_LT(elapsed, std::chrono::seconds(2));
    EXPECT_GT(result.probes, 0u);
    EXPECT_LT(result.probes, 100u);
    ASSERT_EQ(result.tallies.size(), 1u) << "the partial tally of the host is kept";
}

TEST(ConnectScan, PerHostConcurrencyOfOneStillScansEverything) {
    Listener a, b;
    PortSet ports;
    ports.Add(a.port());
    ports.Add(b.port());
    for (int i = 0; i < 20; ++i) ports.Add(ReleasedPort());
    ConnectScanOptions options;
    options.host_concurrency = 1;
    auto result = ConnectScan(OneHost(Loopback()), 1, ports, options, CancelToken{});
    EXPECT_EQ(result.open.size(), 2u);
    EXPECT_EQ(result.probes, ports.Count());
}

TEST(ConnectScan, IPv6Loopback) {
    int fd = ::socket(AF_INET6, SOCK_STREAM, 0);
    sockaddr_in6 addr{};
    addr.sin6_family = AF_INET6;
    addr.sin6_addr = in6addr_loopback;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        GTEST_FAIL() << "this machine has no ::1; the scanner's IPv6 path needs it for testing";
    }
    ::listen(fd, 16);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    PortSet ports;
    ports.Add(ntohs(addr.sin6_port));
    auto t = ParseTargets({"::1"}, TargetLimits{});
    auto result = ConnectScan(OneHost(std::get<AddressTarget>(t->front().value).address), 1, ports,
                              ConnectScanOptions{}, CancelToken{});
    ::close(fd);
    ASSERT_EQ(result.open.size(), 1u);
    EXPECT_EQ(result.open[0].address.ToString(), "::1");
}

TEST(PortsModule, AUrlTargetScansOnlyItsPortUnlessPortsAreGiven) {
    Listener l;
    auto targets = ParseTargets({"http://127.0.0.1:" + std::to_string(l.port()) + "/"}, TargetLimits{});
    ASSERT_TRUE(targets);
    TargetState state;
    state.target = targets->front();
    state.url = std::get<UrlTarget>(state.target.value);
    state.hosts.push_back(HostAddress{Loopback(), {}});
    ScanOptions options;
    options.ports.AddRange(1, 1024);
    ModuleContext ctx(options, state, CancelToken{});
    auto module = MakePortsModule();
    ASSERT_TRUE(module->Run(ctx));
    ASSERT_EQ(state.open_ports.size(), 1u);
    EXPECT_EQ(state.open_ports[0].port, l.port());
    EXPECT_EQ(state.closed_ports, 0u) << "only the URL's port was probed";
}

}  // namespace
}  // namespace palisade::scan::ports

// SPDX-License-Identifier: Apache-2.0
#include "scan/runner/scanner.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>

#include "scan/runner/score.hpp"

namespace palisade::scan {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class Listener {
  public:
    Listener() {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
        ::listen(fd_, 64);
        socklen_t len = sizeof addr;
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
        port_ = ntohs(addr.sin_port);
    }
    ~Listener() { ::close(fd_); }
    std::uint16_t port() const { return port_; }

  private:
    int fd_ = -1;
    std::uint16_t port_ = 0;
};

std::vector<Target> Targets(std::vector<std::string> args) {
    auto t = ParseTargets(args, TargetLimits{1u << 20, true});
    EXPECT_TRUE(t) << (t ? "" : t.error().message);
    return t ? *t : std::vector<Target>{};
}

TEST(SelectModules, OrdersModulesAndAddsPortsWhenNeeded) {
    auto selected = SelectModules({"ports"});
    ASSERT_TRUE(selected);
    EXPECT_THAT(*selected, ElementsAre("ports"));
}

TEST(SelectModules, NamesEveryUnknownModuleAndTheValidOnes) {
    auto selected = SelectModules({"ports", "bogus", "nope"});
    ASSERT_FALSE(selected);
    EXPECT_THAT(selected.error().message, HasSubstr("'bogus', 'nope'"));
    EXPECT_THAT(selected.error().message, HasSubstr("valid: ports"));
    EXPECT_FALSE(SelectModules({}));
}

TEST(ResolveName, LocalhostResolvesToLoopback) {
    auto addresses = ResolveName("localhost", std::chrono::seconds(5), CancelToken{});
    ASSERT_TRUE(addresses) << addresses.error().message;
    ASSERT_FALSE(addresses->empty());
    EXPECT_EQ(addresses->front().ToString(), "127.0.0.1");
}

TEST(ResolveName, AnInvalidNameIsAClearError) {
    auto addresses = ResolveName("no-such-host.invalid", std::chrono::seconds(5), CancelToken{});
    ASSERT_FALSE(addresses);
    EXPECT_THAT(addresses.error().message, HasSubstr("no-such-host.invalid"));
}

TEST(RunScan, FindsTheOpenPortsOfAHostAndReportsThem) {
    Listener a, b;
    ScanOptions options;
    options.modules = {"ports"};
    options.ports.Add(a.port());
    options.ports.Add(b.port());
    auto report = RunScan(Targets({"127.0.0.1"}), options, TargetLimits{}, StopSource{});
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_TRUE(report->complete);
    ASSERT_EQ(report->targets.size(), 1u);
    const auto& target = report->targets[0];
    EXPECT_EQ(target.target, "127.0.0.1");
    ASSERT_EQ(target.modules.size(), 1u);
    EXPECT_EQ(target.modules[0].name, "ports");
    EXPECT_EQ(target.modules[0].status, ModuleStatus::kDone);
    ASSERT_EQ(target.hosts.size(), 1u);
    EXPECT_TRUE(target.hosts[0].up);
    EXPECT_EQ(target.hosts[0].ports.size(), 2u);
    EXPECT_EQ(target.score, 100);
    EXPECT_EQ(target.grade, "A");
    EXPECT_FALSE(report->started_at.empty());
    EXPECT_FALSE(report->finished_at.empty());
}

TEST(RunScan, ANameThatDoesNotResolveIsATargetErrorAndTheOthersAreScanned) {
    Listener a;
    ScanOptions options;
    options.modules = {"ports"};
    options.ports.Add(a.port());
    auto report = RunScan(Targets({"no-such-host.invalid", "localhost"}), options, TargetLimits{}, StopSource{});
    ASSERT_TRUE(report);
    ASSERT_EQ(report->targets.size(), 2u);
    EXPECT_THAT(report->targets[0].error, HasSubstr("does not resolve"));
    EXPECT_EQ(report->targets[0].modules[0].status, ModuleStatus::kSkipped);
    EXPECT_FALSE(report->targets[0].score.has_value());
    EXPECT_TRUE(report->targets[1].error.empty());
    ASSERT_FALSE(report->targets[1].hosts.empty());
    EXPECT_EQ(report->targets[1].hosts[0].name, "localhost");
}

TEST(RunScan, TheAddressLimitIsCheckedAfterResolution) {
    ScanOptions options;
    options.modules = {"ports"};
    options.ports.Add(1);
    TargetLimits limits;
    limits.max_addresses = 1;
    // A /31 (2 addresses) plus a name: refused before any probe, naming --allow-large.
    auto report = RunScan(Targets({"127.0.0.0/31"}), options, limits, StopSource{});
    ASSERT_FALSE(report);
    EXPECT_THAT(report.error().message, HasSubstr("--allow-large"));
    limits.allow_large = true;
    EXPECT_TRUE(RunScan(Targets({"127.0.0.0/31"}), options, limits, StopSource{}));
}

TEST(RunScan, AStoppedScanIsMarkedIncompleteAndKeepsWhatItFound) {
    Listener a;
    ScanOptions options;
    options.modules = {"ports"};
    options.ports.AddRange(1, 65535);
    options.rate = 50;
    StopSource stop;
    std::thread canceller([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        stop.RequestStop();
    });
    auto started = std::chrono::steady_clock::now();
    auto report = RunScan(Targets({"127.0.0.1", "127.0.0.2"}), options, TargetLimits{}, stop);
    canceller.join();
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2));
    ASSERT_TRUE(report);
    EXPECT_FALSE(report->complete);
    EXPECT_EQ(report->incomplete_reason, "cancelled");
    ASSERT_EQ(report->targets.size(), 2u);
    EXPECT_EQ(report->targets[0].modules[0].status, ModuleStatus::kCancelled);
    EXPECT_EQ(report->targets[1].modules[0].status, ModuleStatus::kCancelled);
}

TEST(RunScan, AModuleOverItsBudgetIsTimedOut) {
    ScanOptions options;
    options.modules = {"ports"};
    options.ports.AddRange(1, 65535);
    options.rate = 50;
    options.module_budget = std::chrono::seconds(1);
    auto report = RunScan(Targets({"127.0.0.1"}), options, TargetLimits{}, StopSource{});
    ASSERT_TRUE(report);
    EXPECT_FALSE(report->complete);
    EXPECT_THAT(report->incomplete_reason, HasSubstr("module budget exceeded: ports"));
    EXPECT_EQ(report->targets[0].modules[0].status, ModuleStatus::kTimedOut);
}

Finding WithSeverity(Severity s) {
    Finding f;
    f.severity = s;
    return f;
}

TEST(ScoreTarget, FindingsLowerTheScoreAndCapTheGrade) {
    EXPECT_EQ(ScoreTarget({}, {}).score, 100);
    EXPECT_EQ(ScoreTarget({}, {}).grade, "A");
    Finding low = WithSeverity(Severity::kLow), medium = WithSeverity(Severity::kMedium),
            high = WithSeverity(Severity::kHigh), critical = WithSeverity(Severity::kCritical),
            info = WithSeverity(Severity::kInfo);
    EXPECT_EQ(ScoreTarget({&info}, {}).score, 100);
    EXPECT_EQ(ScoreTarget({&low, &low}, {}).score, 96);
    EXPECT_EQ(ScoreTarget({&medium}, {}).score, 92);
    EXPECT_EQ(ScoreTarget({&medium, &medium}, {}).grade, "B");  // 84
    EXPECT_EQ(ScoreTarget({&high}, {}).score, 69);              // 80, capped at 69 by the high finding
    EXPECT_EQ(ScoreTarget({&high}, {}).grade, "D");
    EXPECT_EQ(ScoreTarget({&critical}, {}).score, 49);
    EXPECT_EQ(ScoreTarget({&critical}, {}).grade, "F");
    EXPECT_EQ(ScoreTarget({&critical, &critical, &critical}, {}).score, 0);
}

TEST(ScoreTarget, ModuleScoresAndGradesCapTheTarget) {
    ModuleReport headers;
    headers.name = "headers";
    headers.score = 55;
    headers.grade = "C";
    EXPECT_EQ(ScoreTarget({}, {headers}).score, 55);
    headers.score = 120;  // Observatory scores above 100 count as 100
    headers.grade = "A+";
    EXPECT_EQ(ScoreTarget({}, {headers}).score, 100);
    ModuleReport tls;
    tls.name = "tls";
    tls.grade = "T";
    EXPECT_EQ(ScoreTarget({}, {tls}).score, 59);
    tls.grade = "F";
    EXPECT_EQ(ScoreTarget({}, {tls}).grade, "F");
    tls.grade = "B";
    EXPECT_EQ(ScoreTarget({}, {tls}).score, 89);
    tls.status = ModuleStatus::kFailed;  // a module that did not finish does not grade
    EXPECT_EQ(ScoreTarget({}, {tls}).score, 100);
}

TEST(GradeForScore, Bands) {
    EXPECT_EQ(GradeForScore(90), "A");
    EXPECT_EQ(GradeForScore(89), "B");
    EXPECT_EQ(GradeForScore(70), "C");
    EXPECT_EQ(GradeForScore(60), "D");
    EXPECT_EQ(GradeForScore(50), "E");
    EXPECT_EQ(GradeForScore(49), "F");
    EXPECT_EQ(GradeForScore(0), "F");
}

}  // namespace
}  // namespace palisade::scan

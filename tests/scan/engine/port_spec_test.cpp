// SPDX-License-Identifier: Apache-2.0
#include "scan/engine/port_spec.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

namespace palisade::scan {
namespace {

using ::testing::HasSubstr;

std::vector<std::uint16_t> Ports(std::string_view spec) {
    auto set = ParsePorts(spec);
    EXPECT_TRUE(set.has_value()) << spec << ": " << (set ? "" : set.error().message);
    return set ? set->ScanOrder() : std::vector<std::uint16_t>{};
}

std::string ErrorOf(std::string_view spec) {
    auto set = ParsePorts(spec);
    EXPECT_FALSE(set.has_value()) << spec;
    if (set) return "<parsed>";
    EXPECT_EQ(set.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(set.error().field, "ports");
    return set.error().message;
}

TEST(ParsePorts, ParsesListsAndRanges) {
    EXPECT_EQ(Ports("22"), (std::vector<std::uint16_t>{22}));
    EXPECT_EQ(Ports("443,22,80"), (std::vector<std::uint16_t>{22, 80, 443}));
    EXPECT_EQ(Ports(" 22 , 80 - 82,\t443 "), (std::vector<std::uint16_t>{22, 80, 81, 82, 443}));
    EXPECT_EQ(Ports("80,80,79-81,81"), (std::vector<std::uint16_t>{79, 80, 81}));
    EXPECT_EQ(Ports("1,65535"), (std::vector<std::uint16_t>{1, 65535}));
    EXPECT_EQ(Ports("65535-65535"), (std::vector<std::uint16_t>{65535}));
    EXPECT_EQ(Ports("8000-8100").size(), 101u);
}

TEST(ParsePorts, ParsesKeywords) {
    auto all = ParsePorts("all");
    ASSERT_TRUE(all.has_value());
    EXPECT_EQ(all->Count(), 65535u);
    EXPECT_FALSE(all->Contains(0));
    EXPECT_TRUE(all->Contains(1));
    EXPECT_TRUE(all->Contains(65535));
    EXPECT_EQ(ParsePorts(" ALL ")->Count(), 65535u);
    EXPECT_EQ(ParsePorts("top100")->Count(), 100u);
    EXPECT_EQ(ParsePorts("Top1000")->Count(), 1000u);
}

TEST(ParsePorts, NamesEachBadItem) {
    EXPECT_THAT(ErrorOf(""), HasSubstr("no ports given"));
    EXPECT_THAT(ErrorOf("  "), HasSubstr("no ports given"));
    EXPECT_THAT(ErrorOf("0"), HasSubstr("port item '0': port must be 1..65535"));
    EXPECT_THAT(ErrorOf("65536"), HasSubstr("port item '65536': port must be 1..65535"));
    EXPECT_THAT(ErrorOf("99999999999999999999"), HasSubstr("port must be 1..65535"));
    EXPECT_THAT(ErrorOf("90-80"), HasSubstr("port item '90-80': range is reversed"));
    EXPECT_THAT(ErrorOf("0-10"), HasSubstr("port item '0-10': port must be 1..65535"));
    EXPECT_THAT(ErrorOf("22,,80"), HasSubstr("port item '': empty item"));
    EXPECT_THAT(ErrorOf("22,"), HasSubstr("empty item"));
    EXPECT_THAT(ErrorOf("http"), HasSubstr("port item 'http': not a port number"));
    EXPECT_THAT(ErrorOf("-80"), HasSubstr("missing port number"));
    EXPECT_THAT(ErrorOf("80-"), HasSubstr("missing port number"));
    EXPECT_THAT(ErrorOf("1-2-3"), HasSubstr("not a port number"));
    EXPECT_THAT(ErrorOf("+80"), HasSubstr("not a port number"));
    EXPECT_THAT(ErrorOf("8\x01"), HasSubstr("'8\\x01'"));
}

TEST(ParsePorts, ReportsAllBadItemsAtOnce) {
    const std::string message = ErrorOf("22,0,abc,80,90-80");
    EXPECT_THAT(message, HasSubstr("port item '0'"));
    EXPECT_THAT(message, HasSubstr("port item 'abc'"));
    EXPECT_THAT(message, HasSubstr("port item '90-80'"));
    EXPECT_THAT(message, ::testing::Not(HasSubstr("'22'")));
    std::string many;
    for (int i = 0; i < 30; ++i) many += "x,";
    EXPECT_THAT(ErrorOf(many + "1"), HasSubstr("and 10 more invalid items"));
}

TEST(PortSet, IteratesAscendingAndCounts) {
    PortSet set;
    EXPECT_TRUE(set.Empty());
    EXPECT_EQ(set.begin(), set.end());
    set.Add(65535);
    set.Add(1);
    set.Add(64);
    set.Add(63);
    set.AddRange(100, 102);
    EXPECT_EQ(set.Count(), 7u);
    std::vector<std::uint16_t> seen(set.begin(), set.end());
    EXPECT_EQ(seen, (std::vector<std::uint16_t>{1, 63, 64, 100, 101, 102, 65535}));
    EXPECT_TRUE(set.Contains(64));
    EXPECT_FALSE(set.Contains(65));
    EXPECT_FALSE(set.Contains(0));
}

TEST(PortLists, HaveTheRightSizesAndNesting) {
    const auto top100 = Top100Ports();
    const auto top1000 = Top1000Ports();
    EXPECT_EQ(top100.size(), 100u);
    EXPECT_EQ(top1000.size(), 1000u);
    EXPECT_EQ(std::set<std::uint16_t>(top100.begin(), top100.end()).size(), 100u);
    EXPECT_EQ(std::set<std::uint16_t>(top1000.begin(), top1000.end()).size(), 1000u);
    EXPECT_EQ(std::set<std::uint16_t>(top1000.begin(), top1000.end()).count(0), 0u);
    auto small = ParsePorts("top100");
    auto large = ParsePorts("top1000");
    ASSERT_TRUE(small && large);
    EXPECT_TRUE(small->IsSubsetOf(*large));
    EXPECT_FALSE(large->IsSubsetOf(*small));
    for (std::uint16_t port : {22, 25, 53, 80, 443, 3306, 3389, 5432, 6379, 8080, 8443}) {
        EXPECT_TRUE(small->Contains(port)) << port;
    }
    for (std::uint16_t port : {8000, 8050, 8100, 9000, 9100, 1}) EXPECT_TRUE(large->Contains(port)) << port;
}

}  // namespace
}  // namespace palisade::scan

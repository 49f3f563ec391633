// SPDX-License-Identifier: Apache-2.0
#include "scans/scope.hpp"

#include <gtest/gtest.h>

namespace palisade::scans {
namespace {

std::vector<scan::Target> Targets(const std::vector<std::string>& args) {
    auto t = scan::ParseTargets(args, scan::TargetLimits{UINT64_MAX, true});
    EXPECT_TRUE(t.has_value());
    return t ? *t : std::vector<scan::Target>{};
}

OrgScope Scope(const std::vector<std::string>& domains, const std::vector<std::string>& cidrs) {
    std::vector<server::FieldError> errors;
    OrgScope s = NormalizeScope(domains, cidrs, errors);
    EXPECT_TRUE(errors.empty());
    return s;
}

TEST(Scope, NormalisesEntries) {
    std::vector<server::FieldError> errors;
    OrgScope s = NormalizeScope({"Example.COM.", "*.corp.example.net", "example.com", "localhost"},
                                {"10.1.2.3/8", "192.0.2.7", "2001:DB8::1/32"}, errors);
    EXPECT_TRUE(errors.empty());
    EXPECT_EQ(s.domains, (std::vector<std::string>{"corp.example.net", "example.com", "localhost"}));
    EXPECT_EQ(s.cidrs, (std::vector<std::string>{"10.0.0.0/8", "192.0.2.7/32", "2001:db8::/32"}));
}

TEST(Scope, ReportsEveryBadEntry) {
    std::vector<server::FieldError> errors;
    NormalizeScope({"ok.test", "bad domain", "-x.test", "a..b"}, {"10.0.0.0/33", "not-an-ip", "10.0.0.0/8"}, errors);
    std::vector<std::string> fields;
    for (const auto& e : errors) fields.push_back(e.field);
    EXPECT_EQ(fields, (std::vector<std::string>{"domains[1]", "domains[2]", "domains[3]", "cidrs[0]", "cidrs[1]"}));
}

TEST(Scope, TooManyEntries) {
    std::vector<server::FieldError> errors;
    NormalizeScope(std::vector<std::string>(kMaxScopeEntries + 1, "a.test"), {}, errors);
    ASSERT_FALSE(errors.empty());
    EXPECT_EQ(errors.front().field, "domains");
}

TEST(Scope, AddressesAndRanges) {
    OrgScope s = Scope({}, {"127.0.0.0/8", "192.0.2.0/24", "2001:db8::/48"});
    auto inside = Targets({"127.0.0.1", "127.5.0.0/16", "192.0.2.128/25", "2001:db8::5", "2001:db8:0:1::/64"});
    EXPECT_TRUE(OutOfScope(s, inside).empty());
    auto outside = Targets({"128.0.0.1", "192.0.2.0/23", "10.0.0.1", "2001:db9::1", "::ffff:7f00:1"});
    // An IPv4-mapped IPv6 address is an IPv6 target: an IPv4 range does not cover it (refused, the safe side).
    EXPECT_EQ(OutOfScope(s, outside), (std::vector<std::string>{"128.0.0.1", "192.0.2.0/23", "10.0.0.1", "2001:db9::1",
                                                                "::ffff:127.0.0.1"}));
}

TEST(Scope, FamiliesDoNotMix) {
    OrgScope v6all = Scope({}, {"::/0"});
    EXPECT_FALSE(InScope(v6all, Targets({"10.0.0.1"}).front()));
    OrgScope v4all = Scope({}, {"0.0.0.0/0"});
    EXPECT_TRUE(InScope(v4all, Targets({"10.0.0.1"}).front()));
    EXPECT_FALSE(InScope(v4all, Targets({"2001:db8::1"}).front()));
}

TEST(Scope, NamesAndUrls) {
    OrgScope s = Scope({"example.com", "localhost"}, {"127.0.0.0/8"});
    auto inside = Targets({"example.com", "www.example.com", "a.b.example.com", "https://shop.example.com/x",
                           "http://localhost:8080/", "http://127.0.0.1:9000/"});
    EXPECT_TRUE(OutOfScope(s, inside).empty());
    auto outside = Targets({"badexample.com", "example.com.evil.test", "https://evil.test/?x=example.com",
                            "http://10.0.0.1/"});
    EXPECT_EQ(OutOfScope(s, outside).size(), 4u);
}

TEST(Scope, EmptyScopeAllowsNothing) {
    OrgScope s;
    EXPECT_EQ(OutOfScope(s, Targets({"127.0.0.1", "localhost"})).size(), 2u);
}

TEST(Scope, JsonArrays) {
    EXPECT_EQ(FromJsonArray(ToJsonArray({"a", "b\"c"})), (std::vector<std::string>{"a", "b\"c"}));
    EXPECT_TRUE(FromJsonArray("{not json").empty());
    EXPECT_TRUE(FromJsonArray("{}").empty());
}

}  // namespace
}  // namespace palisade::scans

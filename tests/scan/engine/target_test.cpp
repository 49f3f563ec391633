// SPDX-License-Identifier: Apache-2.0
#include "scan/engine/target.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace palisade::scan {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

Result<std::vector<Target>> Parse(std::vector<std::string> args, TargetLimits limits = {}) {
    return ParseTargets(args, limits);
}

std::string One(const std::string& arg) {
    auto t = Parse({arg}, {.allow_large = true});
    EXPECT_TRUE(t.has_value()) << arg << ": " << (t ? "" : t.error().message);
    if (!t || t->size() != 1) return "<error>";
    return (*t)[0].ToString();
}

std::string ErrorOf(std::vector<std::string> args, TargetLimits limits = {}) {
    auto t = Parse(std::move(args), limits);
    EXPECT_FALSE(t.has_value());
    if (t) return "<parsed>";
    EXPECT_EQ(t.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(t.error().field, "targets");
    return t.error().message;
}

std::vector<std::string> Enumerate(AddressEnumerator e) {
    std::vector<std::string> out;
    while (auto a = e.Next()) out.push_back(a->ToString());
    return out;
}

TEST(ParseTargets, AcceptsEveryForm) {
    EXPECT_EQ(One("192.0.2.7"), "192.0.2.7");
    EXPECT_EQ(One("2001:DB8:0:0::1"), "2001:db8::1");
    EXPECT_EQ(One("::ffff:192.0.2.1"), "::ffff:192.0.2.1");
    EXPECT_EQ(One("10.1.2.3/8"), "10.0.0.0/8");  // host bits cleared
    EXPECT_EQ(One("10.0.0.0/0"), "0.0.0.0/0");
    EXPECT_EQ(One("10.0.0.9/32"), "10.0.0.9");  // a /32 is a literal
    EXPECT_EQ(One("2001:db8::ff/120"), "2001:db8::/120");
    EXPECT_EQ(One("2001:db8::1/128"), "2001:db8::1");
    EXPECT_EQ(One("Example.COM."), "example.com");
    EXPECT_EQ(One("localhost"), "localhost");
    EXPECT_EQ(One("xn--bcher-kva.example"), "xn--bcher-kva.example");
    EXPECT_EQ(One("a-1.b2.c"), "a-1.b2.c");
    EXPECT_EQ(One("HTTP://Example.com"), "http://example.com:80/");
    EXPECT_EQ(One("https://example.com/a/b?q=1#frag"), "https://example.com:443/a/b?q=1");
    EXPECT_EQ(One("http://192.0.2.1:8080/x"), "http://192.0.2.1:8080/x");
    EXPECT_EQ(One("https://[2001:db8::1]/"), "https://[2001:db8::1]:443/");
}

TEST(ParseTargets, KeepsTheKindAndFields) {
    auto t = Parse({"10.0.0.0/30", "h.example", "https://u:secret@h.example:8443/p", "192.0.2.1"});
    ASSERT_TRUE(t.has_value()) << t.error().message;
    ASSERT_EQ(t->size(), 4u);
    const auto& cidr = std::get<CidrTarget>((*t)[0].value);
    EXPECT_EQ(cidr.prefix_length, 30);
    EXPECT_TRUE(cidr.network.is_v4);
    EXPECT_EQ(std::get<HostNameTarget>((*t)[1].value).name, "h.example");
    const auto& url = std::get<UrlTarget>((*t)[2].value);
    EXPECT_EQ(url.scheme, "https");
    EXPECT_EQ(url.host, "h.example");
    EXPECT_EQ(url.port, 8443);
    EXPECT_EQ(url.path, "/p");
    EXPECT_EQ(url.user, "u");
    EXPECT_EQ(url.password, "secret");
    const auto& address = std::get<AddressTarget>((*t)[3].value).address;
    EXPECT_EQ(address.bytes[10], 0xff);
    EXPECT_EQ(address.bytes[15], 1);
}

TEST(ParseTargets, NeverPrintsAUrlPassword) {
    EXPECT_EQ(One("https://u:secret@h.example/"), "https://u:***@h.example:443/");
    EXPECT_THAT(ErrorOf({"ftp://u:secret@h.example/"}), Not(HasSubstr("secret")));
    EXPECT_THAT(ErrorOf({"http://u:secret@bad_host/"}), Not(HasSubstr("secret")));
    EXPECT_THAT(ErrorOf({"http://u:sec/ret@host/"}), Not(HasSubstr("sec")));
}

TEST(ParseTargets, NamesEachMalformedArgument) {
    struct Case {
        std::string arg;
        std::string message;
    };
    const std::vector<Case> cases = {
        {"10.0.0.1/33", "target '10.0.0.1/33': prefix length must be 0..32"},
        {"2001:db8::/129", "target '2001:db8::/129': prefix length must be 0..128"},
        {"10.0.0.1/", "prefix length must be 0..32"},
        {"10.0.0.1/x", "prefix length must be 0..32"},
        {"10.0.0.1/-1", "prefix length must be 0..32"},
        {"host/24", "not a valid IP address before '/'"},
        {"10.0.0.256", "target '10.0.0.256': not a valid IPv4 address"},
        {"10.0.0", "not a valid IPv4 address"},
        {"010.0.0.1", "not a valid IPv4 address"},
        {"2001:db8::g", "not a valid IPv6 address"},
        {"fe80::1%eth0", "not a valid IPv6 address"},
        {"example.com:80", "give ports with --ports"},
        {"", "empty target"},
        {std::string("192.0.2.1\0junk", 14), "target '192.0.2.1\\x00junk': target contains a control character"},
        {"192.0.2.1\r", "control character"},
        {"a..b", "empty label"},
        {"-a.example", "starts or ends with '-'"},
        {"a_b.example", "character other than"},
        {"b\u00fccher.example", "must be ASCII"},
        {std::string(64, 'a') + ".example", "longer than 63"},
        {std::string(250, 'a').replace(60, 1, ".").replace(120, 1, ".").replace(180, 1, ".") + ".abcd",
         "longer than 253"},
        {"ftp://example.com/", "scheme must be http or https"},
        {"http://", "URL has no"},
        {"http://exa mple.com/", "not a valid URL"},
        {"http://example.com:0/", "URL port must be 1..65535"},
        {"http://example.com:65536/", "URL port must be 1..65535"},
        {"http://bad_host/", "URL host"},
        {"http://999.1.1.1/", "not a valid IPv4 address"},
    };
    for (const Case& c : cases) {
        EXPECT_THAT(ErrorOf({c.arg}), HasSubstr(c.message)) << c.arg;
    }
}

TEST(ParseTargets, ReportsAllErrorsAtOnce) {
    const std::string message = ErrorOf({"10.0.0.1/33", "192.0.2.1", "a..b", "ftp://x/"});
    EXPECT_THAT(message, HasSubstr("target '10.0.0.1/33': prefix length must be 0..32"));
    EXPECT_THAT(message, HasSubstr("target 'a..b': "));
    EXPECT_THAT(message, HasSubstr("target 'ftp://x/': "));
    EXPECT_THAT(message, Not(HasSubstr("192.0.2.1")));
}

TEST(ParseTargets, CapsAndEscapesTheErrorList) {
    std::vector<std::string> args(50, "bad\x01name");
    for (std::size_t i = 0; i < args.size(); ++i) args[i] += std::to_string(i);
    const std::string message = ErrorOf(args);
    EXPECT_THAT(message, HasSubstr("bad\\x01name0"));
    EXPECT_THAT(message, HasSubstr("and 30 more invalid targets"));
    EXPECT_THAT(message, Not(HasSubstr("bad\\x01name20'")));
}

TEST(ParseTargets, RefusesEmptyInput) { EXPECT_THAT(ErrorOf({}), HasSubstr("no targets")); }

TEST(ParseTargets, EnforcesTheAddressLimit) {
    EXPECT_TRUE(Parse({"10.0.0.0/16"}).has_value());  // exactly 65,536
    const std::string message = ErrorOf({"10.0.0.0/16", "192.0.2.1"});
    EXPECT_THAT(message, HasSubstr("65537 addresses"));
    EXPECT_THAT(message, HasSubstr("--allow-large"));
    EXPECT_TRUE(Parse({"10.0.0.0/16", "192.0.2.1"}, {.max_addresses = 65536, .allow_large = true}).has_value());
    EXPECT_THAT(ErrorOf({"10.0.0.0/16", "h.example"}), HasSubstr("65537"));  // a name counts at least once
    EXPECT_THAT(ErrorOf({"192.0.2.0/30"}, {.max_addresses = 3}), HasSubstr("limit of 3"));
}

TEST(ParseTargets, SaturatesHugeIpv6Ranges) {
    auto t = Parse({"::/0", "2001:db8::/64", "2001:db8::/65", "10.0.0.0/8"}, {.allow_large = true});
    ASSERT_TRUE(t.has_value());
    EXPECT_EQ((*t)[0].AddressCount(), UINT64_MAX);
    EXPECT_EQ((*t)[1].AddressCount(), UINT64_MAX);
    EXPECT_EQ((*t)[2].AddressCount(), std::uint64_t{1} << 63);
    EXPECT_EQ(CountAddresses(*t), UINT64_MAX);
    EXPECT_THAT(ErrorOf({"2001:db8::/64"}), HasSubstr("at least 2^64 - 1"));
}

TEST(ParseTargets, CollapsesDuplicates) {
    auto t = Parse({"192.0.2.1", "192.0.2.1/32", "10.0.0.0/24", "10.0.0.77/24", "A.example", "a.example.",
                    "http://a.example", "HTTP://a.example:80/", "2001:db8::1", "2001:DB8:0::1"});
    ASSERT_TRUE(t.has_value());
    std::vector<std::string> texts;
    for (const Target& target : *t) texts.push_back(target.ToString());
    EXPECT_EQ(texts, (std::vector<std::string>{"192.0.2.1", "10.0.0.0/24", "a.example", "http://a.example:80/",
                                               "2001:db8::1"}));
}

TEST(AddressEnumerator, WalksAnIpv4RangeIncludingNetworkAndBroadcast) {
    auto t = Parse({"192.0.2.5/30"});
    ASSERT_TRUE(t.has_value());
    AddressEnumerator e(*t);
    EXPECT_EQ(Enumerate(e), (std::vector<std::string>{"192.0.2.4", "192.0.2.5", "192.0.2.6", "192.0.2.7"}));
}

TEST(AddressEnumerator, WalksAnIpv6RangeAndTargetsInOrder) {
    auto t = Parse({"2001:db8::/126", "h.example", "192.0.2.1", "https://x.example/", "10.0.0.0/31"});
    ASSERT_TRUE(t.has_value());
    AddressEnumerator e(*t);
    EXPECT_EQ(Enumerate(e), (std::vector<std::string>{"2001:db8::", "2001:db8::1", "2001:db8::2", "2001:db8::3",
                                                      "192.0.2.1", "10.0.0.0", "10.0.0.1"}));
    AddressEnumerator counted(*t);
    while (counted.Next()) {
    }
    EXPECT_EQ(counted.Index(), 7u);
    EXPECT_FALSE(counted.Next().has_value());
}

TEST(AddressEnumerator, ResumeGivesTheSameTail) {
    auto t = Parse({"10.0.0.0/30", "h.example", "192.0.2.9", "2001:db8::/126"});
    ASSERT_TRUE(t.has_value());
    const std::vector<std::string> all = Enumerate(AddressEnumerator(*t));
    ASSERT_EQ(all.size(), 9u);
    for (std::uint64_t i = 0; i <= all.size() + 2; ++i) {
        AddressEnumerator resumed = AddressEnumerator::Resume(*t, i);
        EXPECT_EQ(resumed.Index(), std::min<std::uint64_t>(i, all.size())) << i;
        const std::vector<std::string> tail(all.begin() + static_cast<long>(std::min<std::size_t>(i, all.size())),
                                            all.end());
        EXPECT_EQ(Enumerate(resumed), tail) << i;
    }
}

TEST(AddressEnumerator, WalksALargeRangeLazily) {
    auto t = Parse({"10.0.0.0/8", "2001:db8::/32"}, {.allow_large = true});
    ASSERT_TRUE(t.has_value());
    AddressEnumerator e(*t);
    for (int i = 0; i < 300; ++i) ASSERT_TRUE(e.Next().has_value());
    EXPECT_EQ(e.Next()->ToString(), "10.0.1.44");
    EXPECT_EQ(e.Index(), 301u);
    // Resume deep inside the ranges without walking them.
    AddressEnumerator deep = AddressEnumerator::Resume(*t, (1u << 24) - 1);
    EXPECT_EQ(deep.Next()->ToString(), "10.255.255.255");
    EXPECT_EQ(deep.Next()->ToString(), "2001:db8::");
    AddressEnumerator v6 = AddressEnumerator::Resume(*t, (1u << 24) + 0x10000);
    EXPECT_EQ(v6.Next()->ToString(), "2001:db8::1:0");
    EXPECT_EQ(v6.Index(), (1u << 24) + 0x10001u);
}

}  // namespace
}  // namespace palisade::scan

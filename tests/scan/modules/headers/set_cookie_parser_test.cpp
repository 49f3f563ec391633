// SPDX-License-Identifier: Apache-2.0
#include "scan/modules/headers/set_cookie_parser.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <string>

namespace palisade::scan::headers {
namespace {

SetCookie Parse(std::string_view header) {
    auto c = ParseSetCookie(header);
    EXPECT_TRUE(c.has_value()) << header.substr(0, 80) << ": " << (c ? "" : c.error().message);
    return c.value_or(SetCookie{});
}

void ExpectRejected(std::string_view header) {
    auto c = ParseSetCookie(header);
    ASSERT_FALSE(c.has_value()) << header.substr(0, 80);
    EXPECT_EQ(c.error().code, ErrorCode::kInvalidArgument);
}

TEST(SetCookieParser, ParsesNameValueAndAllAttributes) {
    SetCookie c = Parse(
        "SID=31d4d96e407aad42; Path=/app; Domain=.Example.COM; Secure; HttpOnly; SameSite=Lax; "
        "Expires=Wed, 09 Jun 2021 10:18:14 GMT; Max-Age=3600; Partitioned");
    EXPECT_EQ(c.name, "SID");
    EXPECT_EQ(c.value, "31d4d96e407aad42");
    EXPECT_EQ(c.path, "/app");
    EXPECT_EQ(c.domain, "example.com");
    EXPECT_TRUE(c.secure);
    EXPECT_TRUE(c.http_only);
    EXPECT_TRUE(c.partitioned);
    EXPECT_EQ(c.same_site, SameSite::kLax);
    EXPECT_EQ(c.same_site_raw, "Lax");
    EXPECT_EQ(c.expires, "Wed, 09 Jun 2021 10:18:14 GMT");
    EXPECT_EQ(c.max_age, 3600);
}

TEST(SetCookieParser, DefaultsWhenNoAttributes) {
    SetCookie c = Parse("lang=en-US");
    EXPECT_FALSE(c.secure);
    EXPECT_FALSE(c.http_only);
    EXPECT_FALSE(c.partitioned);
    EXPECT_EQ(c.same_site, SameSite::kAbsent);
    EXPECT_FALSE(c.same_site_raw.has_value());
    EXPECT_FALSE(c.path || c.domain || c.expires || c.max_age);
}

TEST(SetCookieParser, AttributeNamesAreCaseInsensitiveAndWhitespaceIsTolerated) {
    SetCookie c = Parse(" \tid = a b \t;secure;   HTTPONLY ;sAmEsItE = sTrIcT ;PATH= / ");
    EXPECT_EQ(c.name, "id");
    EXPECT_EQ(c.value, "a b");
    EXPECT_TRUE(c.secure);
    EXPECT_TRUE(c.http_only);
    EXPECT_EQ(c.same_site, SameSite::kStrict);
    EXPECT_EQ(c.path, "/");
}

TEST(SetCookieParser, SameSiteNoneAndInvalidValuesKeepTheRawValue) {
    EXPECT_EQ(Parse("a=b; SameSite=None; Secure").same_site, SameSite::kNone);
    SetCookie bogus = Parse("a=b; SameSite=Bogus");
    EXPECT_EQ(bogus.same_site, SameSite::kInvalid);
    EXPECT_EQ(bogus.same_site_raw, "Bogus");
    SetCookie empty = Parse("a=b; SameSite");
    EXPECT_EQ(empty.same_site, SameSite::kInvalid);
    EXPECT_EQ(empty.same_site_raw, "");
    EXPECT_EQ(Parse("a=b; SameSite=Strict; SameSite=Lax").same_site, SameSite::kLax);  // last one wins
}

TEST(SetCookieParser, NoEqualsSignMeansEmptyName) {
    SetCookie c = Parse("justavalue; Secure");
    EXPECT_EQ(c.name, "");
    EXPECT_EQ(c.value, "justavalue");
    SetCookie e = Parse("=onlyvalue");
    EXPECT_EQ(e.name, "");
    EXPECT_EQ(e.value, "onlyvalue");
    SetCookie v = Parse("name=");
    EXPECT_EQ(v.name, "name");
    EXPECT_EQ(v.value, "");
    EXPECT_EQ(Parse("a=b=c").value, "b=c");  // only the first '=' splits
}

TEST(SetCookieParser, MaxAgeRulesAndSaturation) {
    EXPECT_EQ(Parse("a=b; Max-Age=-5").max_age, -5);
    EXPECT_EQ(Parse("a=b; Max-Age=0").max_age, 0);
    EXPECT_FALSE(Parse("a=b; Max-Age=12x").max_age.has_value());
    EXPECT_FALSE(Parse("a=b; Max-Age=+1").max_age.has_value());
    EXPECT_FALSE(Parse("a=b; Max-Age=").max_age.has_value());
    EXPECT_EQ(Parse("a=b; Max-Age=99999999999999999999999").max_age, std::numeric_limits<std::int64_t>::max());
    EXPECT_EQ(Parse("a=b; Max-Age=10; Max-Age=junk").max_age, 10);  // an invalid later one is ignored
}

TEST(SetCookieParser, PathAndDomainEdgeCases) {
    EXPECT_FALSE(Parse("a=b; Path=relative").path.has_value());
    EXPECT_FALSE(Parse("a=b; Path=/x; Path=").path.has_value());  // last Path means the default path
    EXPECT_FALSE(Parse("a=b; Domain=").domain.has_value());
    EXPECT_FALSE(Parse("a=b; Domain=.").domain.has_value());
    EXPECT_EQ(Parse("a=b; Domain=example.org").domain, "example.org");
}

TEST(SetCookieParser, IgnoresUnknownAndOverlongAttributes) {
    SetCookie c = Parse("a=b; Priority=High; Foo; Path=/" + std::string(1024, 'p') + "; Secure");
    EXPECT_TRUE(c.secure);
    EXPECT_FALSE(c.path.has_value());
    EXPECT_EQ(Parse("a=b; Path=/" + std::string(1022, 'p')).path->size(), 1023u);
}

TEST(SetCookieParser, RejectsWhatUserAgentsIgnore) {
    ExpectRejected("");
    ExpectRejected("   ");
    ExpectRejected("=");
    ExpectRejected(" = ; Secure");
    ExpectRejected(std::string("a=b\x01"));
    ExpectRejected(std::string("a=b\r\nSet-Cookie: c=d"));
    ExpectRejected(std::string("a=b\x7f"));
    ExpectRejected(std::string("a=\0b", 4));
    ExpectRejected("a=" + std::string(4096, 'v'));  // name + value = 4097 bytes
    ExpectRejected("__Host-x; Secure; Path=/");
    ExpectRejected("=__secure-x");
    ExpectRejected("a=b; Path=/" + std::string(kMaxHeaderBytes, 'x'));
    EXPECT_TRUE(ParseSetCookie("a=" + std::string(4095, 'v')).has_value());  // exactly 4096 is fine
    EXPECT_TRUE(ParseSetCookie("a=b;\tSecure").has_value());                 // HTAB is allowed
}

TEST(SetCookieParser, PrefixRules) {
    EXPECT_TRUE(PrefixRulesSatisfied(Parse("plain=1")));
    EXPECT_TRUE(PrefixRulesSatisfied(Parse("__Secure-id=1; Secure")));
    EXPECT_FALSE(PrefixRulesSatisfied(Parse("__Secure-id=1")));
    EXPECT_FALSE(PrefixRulesSatisfied(Parse("__SECURE-id=1")));  // prefixes match case-insensitively
    EXPECT_TRUE(PrefixRulesSatisfied(Parse("__Host-id=1; Secure; Path=/")));
    EXPECT_FALSE(PrefixRulesSatisfied(Parse("__Host-id=1; Secure; Path=/; Domain=example.com")));
    EXPECT_FALSE(PrefixRulesSatisfied(Parse("__Host-id=1; Secure; Path=/app")));
    EXPECT_FALSE(PrefixRulesSatisfied(Parse("__Host-id=1; Secure")));
    EXPECT_FALSE(PrefixRulesSatisfied(Parse("__host-id=1; Path=/")));
}

}  // namespace
}  // namespace palisade::scan::headers

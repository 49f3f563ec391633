// SPDX-License-Identifier: Apache-2.0
#include "scan/modules/headers/hsts_parser.hpp"

#include <gtest/gtest.h>

#include <string>

namespace palisade::scan::headers {
namespace {

using std::chrono::seconds;

Hsts Parse(std::string_view header) {
    auto h = ParseHsts(header);
    EXPECT_TRUE(h.has_value()) << header << ": " << (h ? "" : h.error().detail);
    return h.value_or(Hsts{});
}

void ExpectInvalid(std::string_view header) {
    auto h = ParseHsts(header);
    ASSERT_FALSE(h.has_value()) << header;
    EXPECT_EQ(h.error().code, ErrorCode::kInvalidArgument);
}

TEST(HstsParser, ParsesRfc6797Examples) {
    Hsts a = Parse("max-age=31536000");
    EXPECT_EQ(a.max_age, seconds(31536000));
    EXPECT_FALSE(a.include_subdomains);
    EXPECT_FALSE(a.preload);
    Hsts b = Parse("max-age=15768000 ; includeSubDomains");
    EXPECT_EQ(b.max_age, seconds(15768000));
    EXPECT_TRUE(b.include_subdomains);
    EXPECT_EQ(Parse("max-age=\"31536000\"").max_age, seconds(31536000));
    EXPECT_EQ(Parse("max-age=0").max_age, seconds(0));
}

TEST(HstsParser, ObservatoryStyleHeaderWithPreload) {
    Hsts h = Parse("max-age=63072000; includeSubDomains; preload");
    EXPECT_EQ(h.max_age, seconds(63072000));
    EXPECT_TRUE(h.include_subdomains);
    EXPECT_TRUE(h.preload);
}

TEST(HstsParser, NamesAreCaseInsensitiveAndOrderAndWhitespaceFree) {
    Hsts h = Parse("\tPRELOAD ;INCLUDESUBDOMAINS;  Max-Age = 300 ");
    EXPECT_EQ(h.max_age, seconds(300));
    EXPECT_TRUE(h.include_subdomains);
    EXPECT_TRUE(h.preload);
}

TEST(HstsParser, IgnoresUnknownAndEmptyDirectives) {
    Hsts h = Parse(";; max-age=10;;foo=bar; baz=\"q;u\\\"x\"; qux;");
    EXPECT_EQ(h.max_age, seconds(10));
    EXPECT_FALSE(h.include_subdomains);
}

TEST(HstsParser, MaxAgeOverflowSaturates) {
    EXPECT_EQ(Parse("max-age=99999999999999999999999999").max_age, seconds::max());
    EXPECT_EQ(Parse("max-age=9223372036854775807").max_age, seconds::max());
    EXPECT_EQ(Parse("max-age=9223372036854775806").max_age, seconds(9223372036854775806));
}

TEST(HstsParser, RejectsDuplicateDirectives) {
    ExpectInvalid("max-age=1; max-age=2");
    ExpectInvalid("max-age=1; MAX-AGE=1");
    ExpectInvalid("max-age=1; includeSubDomains; includesubdomains");
    ExpectInvalid("max-age=1; preload; preload");
    ExpectInvalid("max-age=1; foo; foo");
}

TEST(HstsParser, RejectsMissingOrMalformedMaxAge) {
    ExpectInvalid("");
    ExpectInvalid("   ");
    ExpectInvalid("includeSubDomains; preload");
    ExpectInvalid("max-age");
    ExpectInvalid("max-age=");
    ExpectInvalid("max-age=-1");
    ExpectInvalid("max-age=1.5");
    ExpectInvalid("max-age=abc");
    ExpectInvalid("max-age=\"\"");
    ExpectInvalid("max-age=\"123");
    ExpectInvalid("max-age=12 34");
}

TEST(HstsParser, RejectsSyntaxErrorsAndJoinedHeaders) {
    ExpectInvalid("max-age=31536000, max-age=31536000");  // two header fields joined with ','
    ExpectInvalid("max-age=1; includeSubDomains=yes");
    ExpectInvalid("max-age=1; preload=\"\"");
    ExpectInvalid("max-age=1; =x");
    ExpectInvalid("max-age=1; in cludeSubDomains");
    ExpectInvalid(std::string("max-age=1\x00", 10));
    ExpectInvalid("max-age=1\xff");
    ExpectInvalid("max-age=1; x=\"a\x01\"");
    ExpectInvalid("max-age=1; x=\"a\\");
}

TEST(HstsParser, RejectsHeadersLargerThan64KiB) {
    ExpectInvalid("max-age=1;" + std::string(kMaxHeaderBytes, ' '));
    EXPECT_TRUE(ParseHsts("max-age=1;" + std::string(kMaxHeaderBytes - 10, ' ')).has_value());
}

}  // namespace
}  // namespace palisade::scan::headers

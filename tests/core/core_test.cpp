// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <set>

#include "core/crypto.hpp"
#include "core/strings.hpp"
#include "core/time.hpp"

namespace palisade {
namespace {

TEST(Time, FormatsFixedWidthUtcWithMillis) {
    const TimePoint t = FromUnixSeconds(1767225600) + std::chrono::milliseconds(7);  // 2026-01-01
    EXPECT_EQ(FormatTime(t), "2026-01-01T00:00:00.007Z");
}

TEST(Time, ParsesWhatItFormats) {
    const TimePoint t = FromUnixSeconds(1790000000) + std::chrono::milliseconds(123);
    auto parsed = ParseTime(FormatTime(t));
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(*parsed, t);
}

TEST(Time, RejectsOffsetsAndGarbage) {
    EXPECT_FALSE(ParseTime("2026-01-01T00:00:00+02:00").has_value());
    EXPECT_FALSE(ParseTime("yesterday").has_value());
    EXPECT_FALSE(ParseTime("2026-13-01T00:00:00Z").has_value());
    EXPECT_TRUE(ParseTime("2026-01-01T00:00:00Z").has_value());
}

TEST(Strings, Utf8ValidationRejectsOverlongAndSurrogates) {
    EXPECT_TRUE(IsValidUtf8("h\xc3\xa9llo \xe2\x82\xac \xf0\x9f\x94\x92"));
    EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));          // overlong '/'
    EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));      // UTF-16 surrogate
    EXPECT_FALSE(IsValidUtf8("\xe2\x82"));          // truncated
    EXPECT_FALSE(IsValidUtf8("\xff"));
    EXPECT_EQ(Utf8Length("h\xc3\xa9"), 2u);
}

TEST(Strings, SanitizeUtf8ReplacesOnlyInvalidBytes) {
    EXPECT_EQ(SanitizeUtf8("caf\xc3\xa9"), "caf\xc3\xa9");
    EXPECT_EQ(SanitizeUtf8("a\xff" "b"), "a\xef\xbf\xbd" "b");
    EXPECT_EQ(SanitizeUtf8("\xc0\xaf"), "\xef\xbf\xbd\xef\xbf\xbd");
    EXPECT_TRUE(IsValidUtf8(SanitizeUtf8("\xed\xa0\x80 \xe2\x82")));
}

TEST(Strings, ConstantTimeEqualsComparesContentAndLength) {
    EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
    EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
    EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
}

TEST(Crypto, UuidV7IsVersionedTimeOrderedAndUnique) {
    ASSERT_TRUE(InitCrypto());
    const TimePoint t = FromUnixSeconds(1790000000);
    const std::string a = NewUuidV7(t);
    const std::string b = NewUuidV7(t + std::chrono::milliseconds(1));
    EXPECT_EQ(a.size(), 36u);
    EXPECT_EQ(a[14], '7');
    EXPECT_TRUE(a[19] == '8' || a[19] == '9' || a[19] == 'a' || a[19] == 'b');
    EXPECT_LT(a, b);
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i) seen.insert(NewUuidV7(t));
    EXPECT_EQ(seen.size(), 1000u);
}

TEST(Crypto, Sha256MatchesKnownVector) {
    EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Crypto, RandomTokensAreUrlSafeAndDistinct) {
    ASSERT_TRUE(InitCrypto());
    const std::string a = RandomToken(32, "pk_");
    EXPECT_TRUE(StartsWith(a, "pk_"));
    EXPECT_EQ(a.find_first_of("+/="), std::string::npos);
    EXPECT_NE(a, RandomToken(32, "pk_"));
}

}  // namespace
}  // namespace palisade

// SPDX-License-Identifier: Apache-2.0
#include "auth/recovery_codes.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "auth/token_hash.hpp"

namespace palisade::auth {
namespace {

TEST(RecoveryCodes, AreTenDistinctGroupsOfFourUnambiguousCharacters) {
    const auto codes = NewRecoveryCodes();
    ASSERT_EQ(codes.size(), 10u);
    const std::regex format(
        "[abcdefghjkmnpqrstuvwxyz23456789]{4}-[abcdefghjkmnpqrstuvwxyz23456789]{4}-"
        "[abcdefghjkmnpqrstuvwxyz23456789]{4}");
    for (const auto& code : codes) EXPECT_TRUE(std::regex_match(code, format)) << code;
    EXPECT_EQ(std::set<std::string>(codes.begin(), codes.end()).size(), codes.size());
}

TEST(RecoveryCodes, HonourTheRequestedCount) {
    EXPECT_EQ(NewRecoveryCodes(3).size(), 3u);
    EXPECT_TRUE(NewRecoveryCodes(0).empty());
    EXPECT_TRUE(NewRecoveryCodes(-2).empty());
}

TEST(RecoveryCodes, AlphabetHasNoLookAlikesAndIsFullyUsed) {
    EXPECT_EQ(kRecoveryCodeAlphabet.size(), 31u);
    for (char c : std::string_view("0o1li")) EXPECT_EQ(kRecoveryCodeAlphabet.find(c), std::string_view::npos) << c;
    std::set<char> seen;  // 2400 draws: missing any of 31 characters by chance has probability ~e^-78
    for (const auto& code : NewRecoveryCodes(200)) {
        for (char c : code) {
            if (c != '-') seen.insert(c);
        }
    }
    EXPECT_EQ(seen.size(), 31u);
}

TEST(RecoveryCodes, NormalizeIgnoresCaseSpacesAndDashes) {
    EXPECT_EQ(NormalizeRecoveryCode("ABCD-EFGH-JKMN"), "abcdefghjkmn");
    EXPECT_EQ(NormalizeRecoveryCode(" abcd efgh\tjkmn "), "abcdefghjkmn");
    EXPECT_EQ(NormalizeRecoveryCode("abcdefghjkmn"), "abcdefghjkmn");
    EXPECT_NE(NormalizeRecoveryCode("abcd-efgh-jkmp"), "abcdefghjkmn");
    for (const auto& code : NewRecoveryCodes(5)) EXPECT_EQ(NormalizeRecoveryCode(code).size(), 12u);
}

TEST(TokenHash, IsHexSha256) {
    EXPECT_EQ(HashToken("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(HashToken("").size(), 64u);
    EXPECT_NE(HashToken("token-a"), HashToken("token-b"));
}

}  // namespace
}  // namespace palisade::auth

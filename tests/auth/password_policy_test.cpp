// SPDX-License-Identifier: Apache-2.0
#include "auth/password_policy.hpp"

#include <gtest/gtest.h>

namespace palisade::auth {
namespace {

constexpr std::string_view kEmail = "jonathan.smith@example.com";

// The message of the failure, or "ok".
std::string Check(std::string_view password, std::string_view email = kEmail) {
    auto status = CheckPasswordPolicy(password, email);
    if (status) return "ok";
    EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(status.error().field, "password");
    return status.error().message;
}

TEST(PasswordPolicy, AcceptsLongUncommonPasswords) {
    EXPECT_EQ(Check("vq8#Lm2!zR7p"), "ok");  // exactly 12
    EXPECT_EQ(Check("correct horse battery staple 42"), "ok");
    EXPECT_EQ(Check("m\xc3\xbcnchner-kindl-bier"), "ok");
}

TEST(PasswordPolicy, RejectsFewerThanTwelveCharacters) {
    EXPECT_EQ(Check(""), "password must be at least 12 characters");
    EXPECT_EQ(Check("vq8#Lm2!zR7"), "password must be at least 12 characters");
}

TEST(PasswordPolicy, CountsCodePointsNotBytes) {
    // "ça-va-bien-" is 11 characters in 12 bytes; one more character makes it long enough.
    EXPECT_EQ(Check("\xc3\xa7"
                    "a-va-bien-"),
              "password must be at least 12 characters");
    EXPECT_EQ(Check("\xc3\xa7"
                    "a-va-bien-\xc3\xbc"),
              "ok");
}

TEST(PasswordPolicy, RejectsMoreThan256Characters) {
    std::string ok;
    for (int i = 0; ok.size() < 256; ++i) ok += static_cast<char>('a' + (i * 7) % 26);
    EXPECT_EQ(Check(ok), "ok");
    EXPECT_EQ(Check(ok + "x"), "password must be at most 256 characters");
    EXPECT_EQ(Check(std::string(100000, 'x')), "password must be at most 256 characters");
    std::string wide;  // 257 two-byte characters: 514 bytes, under the byte guard, over the character limit
    for (int i = 0; i < 257; ++i) wide += (i % 2) ? "\xc3\xa9" : "\xc3\xb6";
    EXPECT_EQ(Check(wide), "password must be at most 256 characters");
}

TEST(PasswordPolicy, RejectsInvalidUtf8) {
    EXPECT_EQ(Check("abcdefghijk\xff"), "password must be valid UTF-8 text");
    EXPECT_EQ(Check("abcdefghijkl\xc0\xaf"), "password must be valid UTF-8 text");
}

TEST(PasswordPolicy, RejectsCommonPasswordsInAnyCase) {
    const std::string common = "this password is too common; choose one that is harder to guess";
    EXPECT_EQ(Check("password1234"), common);
    EXPECT_EQ(Check("Password1234"), common);
    EXPECT_EQ(Check("PASSWORD1234"), common);
    EXPECT_EQ(Check("qwertyuiop123"), common);
    EXPECT_EQ(Check("123456789012"), common);
    EXPECT_EQ(Check("iloveyou1234"), common);
    EXPECT_EQ(Check("1q2w3e4r5t6y"), common);
}

TEST(PasswordPolicy, RejectsCommonWordsPaddedWithDigitsAndSymbols) {
    const std::string common = "this password is too common; choose one that is harder to guess";
    EXPECT_EQ(Check("Monkey123456!!"), common);
    EXPECT_EQ(Check("sunshine2024!?"), common);
    EXPECT_EQ(Check("monkey-business-2024"), "ok");  // the word alone is not the whole password
}

TEST(PasswordPolicy, RejectsOneRepeatedCharacter) {
    EXPECT_EQ(Check("zzzzzzzzzzzzzzzz"), "password must not be one character repeated");
}

TEST(PasswordPolicy, RejectsPasswordsContainingTheEmail) {
    const std::string msg = "password must not contain your e-mail address";
    EXPECT_EQ(Check("Jonathan.Smith-rocks!"), msg);
    EXPECT_EQ(Check("xx jonathan.smith@example.com"), msg);
    EXPECT_EQ(Check("my name is bob, hello", "Bob@example.com"), "ok");  // local part under 4 characters
    EXPECT_EQ(Check("bob@example.com rocks", "bob@example.com"), msg);   // but never the whole address
    EXPECT_EQ(Check("a perfectly fine one", ""), "ok");
}

TEST(PasswordPolicy, BundledListIsEmbeddedAndCaseInsensitive) {
    EXPECT_TRUE(IsCommonPassword("123456"));
    EXPECT_TRUE(IsCommonPassword("Dragon"));
    EXPECT_TRUE(IsCommonPassword("QWERTYUIOP123"));
    EXPECT_FALSE(IsCommonPassword("vq8#Lm2!zR7p"));
    EXPECT_FALSE(IsCommonPassword(""));
}

}  // namespace
}  // namespace palisade::auth

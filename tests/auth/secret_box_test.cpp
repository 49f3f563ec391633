// SPDX-License-Identifier: Apache-2.0
#include "auth/secret_box.hpp"

#include <gtest/gtest.h>

namespace palisade::auth {
namespace {

const std::string kKey(32, '\x42');

TEST(SecretBox, OpensWhatItSealed) {
    const SecretBox box(kKey);
    for (const std::string& plain :
         {std::string("totp secret bytes!!"), std::string(), std::string("\0\xff\x01", 3), std::string(10000, 'z')}) {
        auto opened = box.Open(box.Seal(plain));
        ASSERT_TRUE(opened.has_value()) << opened.error().detail;
        EXPECT_EQ(*opened, plain);
    }
}

TEST(SecretBox, SealsAreRandomisedBase64Url) {
    const SecretBox box(kKey);
    const std::string a = box.Seal("same");
    const std::string b = box.Seal("same");
    EXPECT_NE(a, b);  // fresh nonce
    EXPECT_EQ(a.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
              std::string::npos);
    EXPECT_EQ(a.size(), (24u + 16u + 4u) * 4 / 3 + 1);  // 44 bytes -> 59 characters without padding
    EXPECT_EQ(a.find("same"), std::string::npos);
}

TEST(SecretBox, RejectsTamperedTruncatedOrForeignData) {
    const SecretBox box(kKey);
    const std::string sealed = box.Seal("totp secret bytes!!");
    const auto expect_rejected = [&](const SecretBox& b, const std::string& text) {
        auto opened = b.Open(text);
        ASSERT_FALSE(opened.has_value()) << text;
        EXPECT_EQ(opened.error().code, ErrorCode::kInvalidArgument);
        EXPECT_EQ(opened.error().message, "sealed data is malformed or was not sealed with this key");
    };
    for (std::size_t i : {std::size_t{0}, std::size_t{20}, std::size_t{40}, sealed.size() - 2}) {
        std::string tampered = sealed;
        tampered[i] = tampered[i] == 'A' ? 'B' : 'A';
        expect_rejected(box, tampered);
    }
    expect_rejected(box, sealed.substr(0, sealed.size() - 4));
    expect_rejected(box, sealed.substr(0, 20));
    expect_rejected(box, "");
    expect_rejected(box, "not base64 !!");
    expect_rejected(box, sealed + "=");
    expect_rejected(SecretBox(std::string(32, '\x43')), sealed);
}

TEST(SecretBoxDeathTest, RequiresA32ByteKey) { EXPECT_DEATH(SecretBox(std::string(16, 'k')), "32-byte key"); }

}  // namespace
}  // namespace palisade::auth

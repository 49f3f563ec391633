// SPDX-License-Identifier: Apache-2.0
#include "api/json_input.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace palisade::api {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::AllOf;

auto FieldIs(const std::string& field, const std::string& message) {
    return AllOf(Field(&server::FieldError::field, field), Field(&server::FieldError::message, message));
}

TEST(JsonInput, ParsesAnObjectAndReadsFields) {
    auto in = JsonInput::Parse(R"({"email":"a@b.test","name":"Zoë","flag":true})");
    ASSERT_TRUE(in.has_value());
    EXPECT_EQ(in->RequiredString("email", 254), "a@b.test");
    EXPECT_EQ(in->OptionalString("name", 3), "Zoë");  // 3 code points, 4 bytes
    EXPECT_EQ(in->OptionalString("missing", 10), std::nullopt);
    EXPECT_EQ(in->OptionalBool("flag"), true);
    EXPECT_EQ(in->OptionalBool("nothing"), std::nullopt);
    EXPECT_TRUE(in->Finish({"email", "name", "flag"}).has_value());
}

TEST(JsonInput, RejectsMalformedJsonNamingBody) {
    for (const char* body : {"", "{", "{\"a\":}", "{\"a\":1,}", "nul", "{\"a\":1} trailing", "{'a':1}"}) {
        auto in = JsonInput::Parse(body);
        ASSERT_FALSE(in.has_value()) << body;
        EXPECT_EQ(in.error().code, ErrorCode::kInvalidArgument);
        EXPECT_EQ(in.error().field, "body");
        EXPECT_EQ(in.error().message, "request body is not valid JSON");
    }
}

TEST(JsonInput, RejectsNonObjects) {
    for (const char* body : {"[]", "1", "\"x\"", "null", "true"}) {
        auto in = JsonInput::Parse(body);
        ASSERT_FALSE(in.has_value()) << body;
        EXPECT_EQ(in.error().field, "body");
        EXPECT_EQ(in.error().message, "must be a JSON object");
    }
}

TEST(JsonInput, RejectsInvalidUtf8) {
    for (std::string body : {std::string("{\"a\":\"\xff\"}"), std::string("{\"a\":\"\xc3\"}"),
                             std::string("{\"a\":\"\xed\xa0\x80\"}"),  // an encoded surrogate
                             std::string("{\"a\":\"\\ud800\"}"),        // a lone escaped surrogate
                             std::string("{\"\xc0\xaf\":1}")}) {        // an overlong key
        auto in = JsonInput::Parse(body);
        ASSERT_FALSE(in.has_value()) << body;
        EXPECT_EQ(in.error().field, "body");
        EXPECT_EQ(in.error().message, "request body is not valid JSON");
    }
}

TEST(JsonInput, RejectsNestingDeeperThanTheLimit) {
    const std::string ok = "{\"a\":" + std::string(30, '[') + std::string(30, ']') + "}";
    EXPECT_TRUE(JsonInput::Parse(ok).has_value());
    const std::string deep = "{\"a\":" + std::string(40, '[') + std::string(40, ']') + "}";
    EXPECT_FALSE(JsonInput::Parse(deep).has_value());
}

TEST(JsonInput, ParseOrEmptyTakesAnEmptyBodyAsAnEmptyObject) {
    auto in = JsonInput::ParseOrEmpty("  \r\n");
    ASSERT_TRUE(in.has_value());
    EXPECT_EQ(in->OptionalString("refresh_token", 10), std::nullopt);
    EXPECT_TRUE(in->Finish({"refresh_token"}).has_value());
    EXPECT_FALSE(JsonInput::ParseOrEmpty("[]").has_value());
}

TEST(JsonInput, CollectsEveryFieldErrorAndUnknownFields) {
    auto in = JsonInput::Parse(R"({"email": 5, "name": "abcdef", "flag": "yes", "extra": 1, "other": null})");
    ASSERT_TRUE(in.has_value());
    EXPECT_EQ(in->RequiredString("email", 254), "");
    EXPECT_EQ(in->RequiredString("password", 256, TextKind::kSecret), "");
    EXPECT_EQ(in->OptionalString("name", 5), std::nullopt);
    EXPECT_EQ(in->OptionalBool("flag"), std::nullopt);
    auto done = in->Finish({"email", "password", "name", "flag"});
    ASSERT_FALSE(done.has_value());
    EXPECT_EQ(done.error().error.code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(done.error().error.field, "email");
    EXPECT_THAT(done.error().field_errors,
                ElementsAre(FieldIs("email", "must be a string"), FieldIs("password", "is required"),
                            FieldIs("name", "must be at most 5 characters"), FieldIs("flag", "must be a boolean"),
                            FieldIs("extra", "is not a known field"), FieldIs("other", "is not a known field")));
}

TEST(JsonInput, NullCountsAsMissing) {
    auto in = JsonInput::Parse(R"({"a": null, "b": null})");
    ASSERT_TRUE(in.has_value());
    EXPECT_EQ(in->OptionalString("a", 10), std::nullopt);
    in->RequiredString("b", 10);
    auto done = in->Finish({"a", "b"});
    ASSERT_FALSE(done.has_value());
    EXPECT_THAT(done.error().field_errors, ElementsAre(FieldIs("b", "is required")));
}

TEST(JsonInput, RejectsNulEverywhereAndControlCharactersInLines) {
    auto in = JsonInput::Parse(R"({"name":"a\u0000b","line":"a\nb","secret":"tab\there","secret_nul":"x\u0000"})");
    ASSERT_TRUE(in.has_value());
    EXPECT_EQ(in->OptionalString("name", 100), std::nullopt);
    EXPECT_EQ(in->OptionalString("line", 100), std::nullopt);
    EXPECT_EQ(in->OptionalString("secret", 100, TextKind::kSecret), "tab\there");
    EXPECT_EQ(in->OptionalString("secret_nul", 100, TextKind::kSecret), std::nullopt);
    auto done = in->Finish({"name", "line", "secret", "secret_nul"});
    ASSERT_FALSE(done.has_value());
    EXPECT_THAT(done.error().field_errors,
                ElementsAre(FieldIs("name", "must not contain NUL characters"),
                            FieldIs("line", "must not contain control characters"),
                            FieldIs("secret_nul", "must not contain NUL characters")));
}

TEST(JsonInput, CountsLengthInCodePoints) {
    const std::string emoji = "\xf0\x9f\x94\x92";  // one code point, four bytes
    std::string four;
    for (int i = 0; i < 4; ++i) four += emoji;
    auto in = JsonInput::Parse("{\"a\":\"" + four + "\",\"b\":\"" + four + "\"}");
    ASSERT_TRUE(in.has_value());
    EXPECT_EQ(in->OptionalString("a", 4), four);
    EXPECT_EQ(in->OptionalString("b", 3), std::nullopt);
}

TEST(JsonInput, BoundsTheUnknownFieldReport) {
    std::string body = "{";
    for (int i = 0; i < 50; ++i) body += (i ? "," : "") + ("\"f" + std::to_string(i) + "\":1");
    body += ",\"" + std::string(500, 'k') + "\":1}";
    auto in = JsonInput::Parse(body);
    ASSERT_TRUE(in.has_value());
    auto done = in->Finish({});
    ASSERT_FALSE(done.has_value());
    EXPECT_EQ(done.error().field_errors.size(), JsonInput::kMaxUnknownReported);

    auto long_key = JsonInput::Parse("{\"" + std::string(500, 'k') + "\":1}");
    ASSERT_TRUE(long_key.has_value());
    auto failed = long_key->Finish({});
    ASSERT_FALSE(failed.has_value());
    EXPECT_LE(failed.error().field_errors.at(0).field.size(), 64u);
}

}  // namespace
}  // namespace palisade::api

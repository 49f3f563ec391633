// SPDX-License-Identifier: Apache-2.0
#include "api/openapi.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace palisade::api {
namespace {

TEST(YamlToJson, TypesPlainScalarsAndKeepsQuotedOnesStrings) {
    auto v = YamlToJson(R"(
int: 42
neg: -7
dec: 1.5
yes: true
no: false
nothing: ~
empty:
quoted_int: "42"
quoted_bool: 'true'
null_word: "null"
version: 3.1.0
text: hello world
block: |
  line
list: [1, "a", b]
nested: {a: {b: [x]}}
"200": ok
)");
    ASSERT_TRUE(v.has_value()) << v.error().detail;
    const auto& o = v->as_object();
    EXPECT_EQ(o.at("int").as_int64(), 42);
    EXPECT_EQ(o.at("neg").as_int64(), -7);
    EXPECT_DOUBLE_EQ(o.at("dec").as_double(), 1.5);
    EXPECT_EQ(o.at("yes").as_bool(), true);
    EXPECT_EQ(o.at("no").as_bool(), false);
    EXPECT_TRUE(o.at("nothing").is_null());
    EXPECT_TRUE(o.at("empty").is_null());
    EXPECT_EQ(o.at("quoted_int").as_string(), "42");
    EXPECT_EQ(o.at("quoted_bool").as_string(), "true");
    EXPECT_EQ(o.at("null_word").as_string(), "null");
    EXPECT_EQ(o.at("version").as_string(), "3.1.0");
    EXPECT_EQ(o.at("text").as_string(), "hello world");
    EXPECT_EQ(o.at("block").as_string(), "line\n");
    EXPECT_EQ(boost::json::serialize(o.at("list")), R"([1,"a","b"])");
    EXPECT_EQ(o.at("nested").at("a").at("b").at(0).as_string(), "x");
    EXPECT_EQ(o.at("200").as_string(), "ok");
}

TEST(YamlToJson, ReportsYamlThatDoesNotParse) {
    auto v = YamlToJson("a: [1, 2\nb: }");
    ASSERT_FALSE(v.has_value());
    EXPECT_EQ(v.error().code, ErrorCode::kInvalidArgument);
}

TEST(OpenApi, TheEmbeddedDocumentIsOpenApi31AsJson) {
    ASSERT_FALSE(OpenApiYaml().empty());
    const auto& json = OpenApiJson();
    ASSERT_TRUE(json.has_value()) << json.error().detail;
    const auto doc = boost::json::parse(*json).as_object();
    EXPECT_EQ(doc.at("openapi").as_string().subview().substr(0, 4), "3.1.");
    EXPECT_TRUE(doc.at("info").as_object().contains("title"));
    EXPECT_EQ(&OpenApiJson(), &json);  // converted once
}

}  // namespace
}  // namespace palisade::api

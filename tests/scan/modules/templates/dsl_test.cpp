// SPDX-License-Identifier: Apache-2.0
// The DSL subset: precedence, govaluate's type rules, each function, markers, compile-time errors and limits.
#include "scan/modules/templates/dsl.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

namespace palisade::scan::templates::dsl {
namespace {

using ::testing::HasSubstr;

std::map<std::string, Value, std::less<>> Vars() {
    return {{"body", Value::String("Hello <HTML> World")},
            {"status_code", Value::Number(200)},
            {"duration", Value::Number(0.25)},
            {"content_type", Value::String("text/html; charset=utf-8")},
            {"flag", Value::Bool(true)},
            {"Hostname", Value::String("example.test")}};
}

Result<Value> Eval(std::string_view text) {
    auto expression = Compile(text);
    if (!expression) return Fail(expression.error());
    auto vars = Vars();
    return Evaluate(**expression, [&vars](std::string_view name) -> std::optional<Value> {
        auto it = vars.find(name);
        if (it == vars.end()) return std::nullopt;
        return it->second;
    });
}

bool True(std::string_view text) {
    auto v = Eval(text);
    EXPECT_TRUE(v) << text << ": " << (v ? "" : v.error().message);
    if (!v) return false;
    EXPECT_EQ(v->kind(), Value::Kind::kBool) << text;
    return v->kind() == Value::Kind::kBool && v->AsBool();
}

TEST(Dsl, PrecedenceAndBindsTighterThanOr) {
    EXPECT_TRUE(True("true || false && false"));
    EXPECT_FALSE(True("(true || false) && false"));
    EXPECT_TRUE(True("false && true || true"));
}

TEST(Dsl, NotBindsTighterThanComparison) {
    EXPECT_TRUE(True("!false == true"));
    EXPECT_FALSE(True("!contains(body, 'Hello')"));
    EXPECT_TRUE(True("!!contains(body, 'Hello')"));
}

TEST(Dsl, ComparisonsOfNumbersAreNumeric) {
    EXPECT_TRUE(True("status_code == 200"));
    EXPECT_TRUE(True("status_code >= 200 && status_code <= 200 && status_code < 201 && status_code > 199.5"));
    EXPECT_TRUE(True("duration < 1"));
    EXPECT_TRUE(True("-1 < 0"));
    EXPECT_TRUE(True("10 > 9"));  // numerically, not "10" < "9" as strings
}

TEST(Dsl, EqualityComparesTypeAndValue) {
    EXPECT_FALSE(True("status_code == '200'"));
    EXPECT_TRUE(True("status_code != '200'"));
    EXPECT_TRUE(True("'abc' == \"abc\""));
    EXPECT_TRUE(True("flag == true"));
    EXPECT_FALSE(True("flag == 'true'"));
}

TEST(Dsl, StringsCompareBytewise) {
    EXPECT_TRUE(True("'abc' < 'abd'"));
    EXPECT_TRUE(True("'B' < 'a'"));
}

TEST(Dsl, TypeErrorsAreErrors) {
    EXPECT_FALSE(Eval("status_code < 'a'"));
    EXPECT_FALSE(Eval("status_code && true"));
    EXPECT_FALSE(Eval("!body"));
    EXPECT_FALSE(Eval("-body"));
}

TEST(Dsl, ShortCircuitSkipsTheRightSide) {
    EXPECT_FALSE(True("false && missing_variable"));
    EXPECT_TRUE(True("true || missing_variable"));
}

TEST(Dsl, MissingVariableIsAnErrorNamingIt) {
    auto v = Eval("contains(x_header, 'a')");
    ASSERT_FALSE(v);
    EXPECT_THAT(v.error().message, HasSubstr("No parameter 'x_header' found"));
}

TEST(Dsl, Contains) {
    EXPECT_TRUE(True("contains(body, 'World')"));
    EXPECT_FALSE(True("contains(body, 'world')"));
    EXPECT_TRUE(True("contains(body, '')"));
    EXPECT_TRUE(True("contains(status_code, '20')"));  // arguments are converted to strings
}

TEST(Dsl, ContainsAllAndAny) {
    EXPECT_TRUE(True("contains_all(body, 'Hello', 'World')"));
    EXPECT_FALSE(True("contains_all(body, 'Hello', 'Moon')"));
    EXPECT_TRUE(True("contains_any(body, 'Moon', 'World')"));
    EXPECT_FALSE(True("contains_any(body, 'Moon', 'Sun')"));
}

TEST(Dsl, RegexIsAPartialMatch) {
    EXPECT_TRUE(True("regex('W[a-z]+d', body)"));
    EXPECT_FALSE(True("regex('^World', body)"));
    EXPECT_TRUE(True("regex('(?i)html', body)"));
}

TEST(Dsl, RegexWithComputedPatternCompilesAtRunTime) {
    EXPECT_TRUE(True("regex(to_lower('HELLO'), to_lower(body))"));
    EXPECT_FALSE(Eval("regex(to_lower('(?=x)'), body)"));
}

TEST(Dsl, LenCountsBytes) {
    EXPECT_TRUE(True("len(body) == 18"));
    EXPECT_TRUE(True("len('') == 0"));
    EXPECT_TRUE(True("len(status_code) == 3"));
}

TEST(Dsl, CaseFunctionsAndAliases) {
    EXPECT_TRUE(True("contains(to_lower(body), '<html>')"));
    EXPECT_TRUE(True("contains(tolower(body), '<html>')"));
    EXPECT_TRUE(True("contains(to_upper(body), 'HELLO')"));
    EXPECT_TRUE(True("toupper('abc') == 'ABC'"));
}

TEST(Dsl, BackslashTakesTheNextCharacterLiterally) {
    EXPECT_TRUE(True(R"('it\'s' == "it's")"));
    EXPECT_TRUE(True(R"("a\"b" == 'a"b')"));
}

TEST(Dsl, MarkersInStringLiteralsAreRendered) {
    EXPECT_TRUE(True("'{{Hostname}}' == 'example.test'"));
    EXPECT_TRUE(True("contains('x-{{ Hostname }}-y', 'example')"));
    EXPECT_FALSE(Eval("'{{nope}}' == 'x'"));
}

TEST(Dsl, BracketedVariableNames) { EXPECT_TRUE(True("[status_code] == 200")); }

TEST(Dsl, NumbersFormatWithoutExponent) {
    EXPECT_EQ(Value::Number(200).ToString(), "200");
    EXPECT_EQ(Value::Number(0.25).ToString(), "0.25");
    EXPECT_EQ(Value::Number(1e21).ToString(), "1000000000000000000000");
    EXPECT_EQ(Value::Bool(false).ToString(), "false");
}

TEST(Dsl, UnknownFunctionIsRejectedAtCompileTime) {
    auto e = Compile("md5(body) == 'x'");
    ASSERT_FALSE(e);
    EXPECT_EQ(e.error().message, "dsl function md5 not supported");
}

TEST(Dsl, WrongArgumentCountIsRejected) {
    EXPECT_FALSE(Compile("contains(body)"));
    EXPECT_FALSE(Compile("len(body, body)"));
    EXPECT_FALSE(Compile("contains_any(body)"));
    EXPECT_TRUE(Compile("contains_any(body, 'a', 'b', 'c')"));
}

TEST(Dsl, InvalidLiteralRegexIsRejectedWithRe2Message) {
    auto e = Compile("regex('a(?=b)', body)");
    ASSERT_FALSE(e);
    EXPECT_THAT(e.error().message, HasSubstr("invalid perl operator"));
}

TEST(Dsl, UnsupportedOperatorsAreRejected) {
    EXPECT_THAT(Compile("body + 'a' == 'b'").error().message, HasSubstr("operator + not supported"));
    EXPECT_THAT(Compile("body =~ 'a'").error().message, HasSubstr("operator =~ not supported"));
    EXPECT_THAT(Compile("status_code == 200 ? true : false").error().message, HasSubstr("not supported"));
}

TEST(Dsl, SyntaxErrorsAreRejected) {
    for (std::string_view bad : {"", "(", "contains(body, 'a'", "status_code ==", "'unterminated", "a b", "1..2 == 1",
                                 "contains(,)", "{{x}} == 1"}) {
        EXPECT_FALSE(Compile(bad)) << bad;
    }
}

TEST(Dsl, DeepNestingIsRejected) {
    std::string deep(200, '(');
    deep += "true";
    deep += std::string(200, ')');
    EXPECT_FALSE(Compile(deep));
    std::string nots(200, '!');
    EXPECT_FALSE(Compile(nots + "true"));
    EXPECT_TRUE(Compile("((((true))))"));
}

TEST(Dsl, LongExpressionIsRejected) {
    std::string text = "true";
    while (text.size() < 20000) text += " && true";
    EXPECT_FALSE(Compile(text));
}

TEST(Dsl, NonBooleanResultsAreValues) {
    auto v = Eval("len(body)");
    ASSERT_TRUE(v);
    EXPECT_EQ(v->kind(), Value::Kind::kNumber);
    EXPECT_EQ(v->AsNumber(), 18);
}

}  // namespace
}  // namespace palisade::scan::templates::dsl

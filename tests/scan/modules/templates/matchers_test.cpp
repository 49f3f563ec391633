// SPDX-License-Identifier: Apache-2.0
// The response event (Exchange, OperatorContext), Go-compatible regex iteration and the input placeholders.
#include "scan/modules/templates/matchers.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "scan/modules/templates/placeholders.hpp"
#include "scan/modules/templates/text_util.hpp"

namespace palisade::scan::templates {
namespace {

using ::testing::ElementsAre;

http::Response SampleResponse() {
    http::Response r;
    r.status = 200;
    r.headers = {{"server", "nginx"},
                 {"Set-Cookie", "SessionID=abc; Path=/"},
                 {"X-Multi", "one"},
                 {"content-type", "text/html"},
                 {"X-Multi", "two"}};
    r.body = "<html>hi</html>";
    r.duration = std::chrono::milliseconds(1500);
    return r;
}

TEST(Exchange, HeaderTextIsCanonicalSortedWithStatusLine) {
    Exchange x = MakeExchange(SampleResponse(), "GET / HTTP/1.1\r\n\r\n", "http://h/", "http://h/");
    EXPECT_EQ(x.header_text,
              "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nServer: nginx\r\nSet-Cookie: SessionID=abc; Path=/\r\n"
              "X-Multi: one\r\nX-Multi: two\r\n\r\n");
    EXPECT_EQ(x.response_text, x.header_text + "<html>hi</html>");
    EXPECT_EQ(x.content_length, 15);
    EXPECT_DOUBLE_EQ(x.duration_seconds, 1.5);
}

TEST(Exchange, ContentLengthHeaderWins) {
    http::Response r = SampleResponse();
    r.headers.push_back({"Content-Length", "99"});
    EXPECT_EQ(MakeExchange(r, "", "", "").content_length, 99);
}

TEST(OperatorContext, ResolvesResponseFieldsHeadersCookiesAndVariables) {
    Exchange x = MakeExchange(SampleResponse(), "GET / HTTP/1.1\r\n\r\n", "http://h/x", "http://h/");
    std::map<int, std::shared_ptr<const Exchange>> history;
    Variables vars = {{"BaseURL", "http://h"}, {"server", "shadowed"}};
    OperatorContext ctx(x, history, vars);
    EXPECT_EQ(ctx.Get("status_code")->AsNumber(), 200);
    EXPECT_EQ(ctx.Get("server")->AsString(), "nginx");  // the response wins over variables
    EXPECT_EQ(ctx.Get("content_type")->AsString(), "text/html");
    EXPECT_EQ(ctx.Get("x_multi")->AsString(), "one two");
    EXPECT_EQ(ctx.Get("sessionid")->AsString(), "abc");
    EXPECT_EQ(ctx.Get("matched")->AsString(), "http://h/x");
    EXPECT_EQ(ctx.Get("host")->AsString(), "http://h/");
    EXPECT_EQ(ctx.Get("BaseURL")->AsString(), "http://h");
    EXPECT_FALSE(ctx.Get("x_absent"));
    EXPECT_EQ(ctx.Part("all")->AsString(), x.body + x.header_text);
    EXPECT_EQ(ctx.Part("status_code")->AsString(), "200");
    EXPECT_FALSE(ctx.Part("x_absent"));
}

TEST(OperatorContext, NumberedNamesReadEarlierResponses) {
    http::Response first = SampleResponse();
    first.status = 302;
    first.body = "first";
    auto one = std::make_shared<const Exchange>(MakeExchange(first, "", "", ""));
    Exchange two = MakeExchange(SampleResponse(), "", "", "");
    std::map<int, std::shared_ptr<const Exchange>> history = {{1, one}};
    Variables vars;
    OperatorContext ctx(two, history, vars);
    EXPECT_EQ(ctx.Get("status_code_1")->AsNumber(), 302);
    EXPECT_EQ(ctx.Get("body_1")->AsString(), "first");
    EXPECT_EQ(ctx.Get("server_1")->AsString(), "nginx");
    EXPECT_FALSE(ctx.Get("body_2"));
}

TEST(OperatorContext, ExtractedValuesShadowEverythingAndAreNumbered) {
    Exchange x = MakeExchange(SampleResponse(), "", "", "");
    std::map<int, std::shared_ptr<const Exchange>> history;
    Variables vars;
    OperatorContext ctx(x, history, vars);
    ctx.SetExtracted("body", {"extracted"});
    ctx.SetExtracted("ids", {"a", "b"});
    EXPECT_EQ(ctx.Get("body")->AsString(), "extracted");
    EXPECT_EQ(ctx.Get("ids")->AsString(), "a");
    EXPECT_EQ(ctx.Get("ids1")->AsString(), "b");
}

std::vector<std::string> All(std::string_view pattern, std::string_view text) {
    std::string error;
    auto re = CompileGoRegex(pattern, error);
    EXPECT_TRUE(re) << error;
    std::vector<std::string> out;
    for (const auto& m : FindAll(*re, text, 100)) out.emplace_back(m[0]);
    return out;
}

TEST(FindAll, MatchesLikeGoFindAllString) {
    EXPECT_THAT(All("a+", "baaab ab"), ElementsAre("aaa", "a"));
    EXPECT_THAT(All("x*", "abc"), ElementsAre("", "", "", ""));
    EXPECT_THAT(All("a*", "baaa"), ElementsAre("", "aaa"));  // no empty match right after "aaa"
    EXPECT_THAT(All("é?", "éa"), ElementsAre("é", ""));
}

TEST(FindAll, GroupsThatDidNotTakePartAreEmpty) {
    std::string error;
    auto re = CompileGoRegex("(a)|(b)", error);
    ASSERT_TRUE(re);
    auto found = FindAll(*re, "b", 10);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0][1], "");
    EXPECT_EQ(found[0][2], "b");
}

TEST(CompileGoRegex, AcceptsGoNamedGroupsAndRejectsLookaround) {
    std::string error;
    EXPECT_TRUE(CompileGoRegex("(?<ver>[0-9]+)", error));
    EXPECT_TRUE(CompileGoRegex("(?P<ver>[0-9]+)", error));
    EXPECT_FALSE(CompileGoRegex("(?<=a)b", error));
    EXPECT_FALSE(CompileGoRegex("a(?!b)", error));
    EXPECT_THAT(error, ::testing::HasSubstr("invalid perl operator"));
}

TEST(InputPlaceholders, FollowNucleiVariables) {
    auto v = InputPlaceholders("https://Example.test:8443/app/index.php?x=1", false);
    ASSERT_TRUE(v);
    EXPECT_EQ(v->at("BaseURL"), "https://example.test:8443/app/index.php");
    EXPECT_EQ(v->at("RootURL"), "https://example.test:8443");
    EXPECT_EQ(v->at("Hostname"), "example.test:8443");
    EXPECT_EQ(v->at("Host"), "example.test");
    EXPECT_EQ(v->at("Port"), "8443");
    EXPECT_EQ(v->at("Path"), "/app");
    EXPECT_EQ(v->at("File"), "index.php");
    EXPECT_EQ(v->at("Scheme"), "https");
    EXPECT_EQ(v->at("Query"), "?x=1");
}

TEST(InputPlaceholders, DefaultPortsAndTrailingSlash) {
    auto v = InputPlaceholders("http://h/", false);
    ASSERT_TRUE(v);
    EXPECT_EQ(v->at("BaseURL"), "http://h/");
    EXPECT_EQ(v->at("Hostname"), "h");
    EXPECT_EQ(v->at("Port"), "80");
    v = InputPlaceholders("http://h/", true);
    EXPECT_EQ(v->at("BaseURL"), "http://h");
    v = InputPlaceholders("http://h", false);
    EXPECT_EQ(v->at("BaseURL"), "http://h");
    v = InputPlaceholders("https://[::1]:8443/", true);
    ASSERT_TRUE(v);
    EXPECT_EQ(v->at("Hostname"), "[::1]:8443");
    EXPECT_EQ(v->at("Host"), "::1");
    EXPECT_FALSE(InputPlaceholders("ftp://h/", false));
    EXPECT_FALSE(InputPlaceholders("not a url", false));
}

TEST(InputPlaceholders, TrailingSlashRuleNeedsASlashAfterTheMarker) {
    EXPECT_TRUE(PathAddsSlash("{{BaseURL}}/x"));
    EXPECT_TRUE(PathAddsSlash("{{RootURL}}/"));
    EXPECT_FALSE(PathAddsSlash("{{BaseURL}}"));
    EXPECT_FALSE(PathAddsSlash("{{BaseURL}}?x=1"));
    EXPECT_FALSE(PathAddsSlash("/x"));
}

TEST(RenderMarkers, LeavesUnknownMarkersAndCountsThem) {
    std::size_t unresolved = 0;
    Variables vars = {{"a", "1"}};
    EXPECT_EQ(RenderWith("x{{a}}-{{ a }}-{{b}}-{{", vars, &unresolved), "x1-1-{{b}}-{{");
    EXPECT_EQ(unresolved, 1u);
}

}  // namespace
}  // namespace palisade::scan::templates

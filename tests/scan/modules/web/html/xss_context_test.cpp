// SPDX-License-Identifier: Apache-2.0
#include "scan/modules/web/html/xss_context.hpp"

#include <gtest/gtest.h>

#include "scan/modules/web/html/js_lexer.hpp"

namespace palisade::scan::web {
namespace {

constexpr std::string_view kM = "zq7marker01";

XssContext Only(std::string_view html) {
    auto contexts = FindMarkerContexts(html, kM);
    EXPECT_EQ(contexts.size(), 1u) << html;
    return contexts.empty() ? XssContext{} : contexts.front();
}

TEST(JsStatesAt, TellsCodeStringsCommentsTemplatesAndRegexApart) {
    auto states = JsStatesAt(
        "a = 'x M'; b = \"M\\\"M\"; c = `t M ${ M + `in M` } M`; // M\n"
        "/* M */ d = /M[/]M/g; e = 4 / M / 2; M",
        "m");
    std::vector<JsState> got;
    for (const auto& [offset, state] : states) got.push_back(state);
    std::vector<JsState> want{
        JsState::kSingleQuoted, JsState::kDoubleQuoted, JsState::kDoubleQuoted, JsState::kTemplate,     JsState::kCode,
        JsState::kTemplate,     JsState::kTemplate,     JsState::kLineComment,  JsState::kBlockComment, JsState::kRegex,
        JsState::kRegex,        JsState::kCode,         JsState::kCode};
    EXPECT_EQ(got, want);
}

TEST(JsStatesAt, BreakoutPayloadLandsInCodeButAnEscapedQuoteKeepsItInTheString) {
    EXPECT_TRUE(MarkerInJsCode("var q = '';zq7marker01;//';", kM));
    EXPECT_TRUE(MarkerInJsCode("var q = ''-zq7marker01-'';", kM));
    EXPECT_FALSE(MarkerInJsCode("var q = '\\';zq7marker01;//';", kM));
    EXPECT_FALSE(MarkerInJsCode("var q = \"';zq7marker01;//\";", kM));
    EXPECT_TRUE(MarkerInJsCode("var q = '\\\\';zq7marker01;//';", kM));  // the backslash itself was escaped
    EXPECT_TRUE(MarkerInJsCode("ZQ7MARKER01()", kM));                    // case-insensitive
    EXPECT_FALSE(MarkerInJsCode("", kM));
}

TEST(FindMarkerContexts, HtmlText) {
    XssContext c = Only("<html><body><p>Results for zq7marker01</p></body></html>");
    EXPECT_EQ(c.kind, XssContextKind::kHtmlText);
    EXPECT_NE(c.snippet.find("Results for zq7marker01"), std::string::npos);
    EXPECT_EQ(c.offset, std::string_view("<html><body><p>Results for ").size());
}

TEST(FindMarkerContexts, TextOfNonExecutingParents) {
    for (std::string_view tag : {"textarea", "title", "style", "xmp", "iframe", "noembed", "noframes", "noscript"}) {
        std::string html = "<body><" + std::string(tag) + ">a <b>zq7marker01</b></" + std::string(tag) + ">";
        XssContext c = Only(html);
        EXPECT_EQ(c.kind, XssContextKind::kInertText) << tag;
        EXPECT_EQ(c.tag, tag);
    }
    XssContext tpl = Only("<template><div>zq7marker01</div></template>");
    EXPECT_EQ(tpl.kind, XssContextKind::kInertText);
    EXPECT_EQ(tpl.tag, "template");
    XssContext plain = Only("<plaintext><p>zq7marker01");
    EXPECT_EQ(plain.kind, XssContextKind::kInertText);
    EXPECT_EQ(plain.tag, "plaintext");
    XssContext data = Only(R"x(<script type="application/json">{"q":"zq7marker01"}</script>)x");
    EXPECT_EQ(data.kind, XssContextKind::kInertText);
    EXPECT_EQ(data.tag, "script");
    // In <head>, gumbo would close the noscript before <p>; a scripting browser keeps reading text.
    XssContext head = Only("<head><noscript><p>zq7marker01</p></noscript></head>");
    EXPECT_EQ(head.kind, XssContextKind::kInertText);
    EXPECT_EQ(head.tag, "noscript");
}

TEST(FindMarkerContexts, Comment) {
    EXPECT_EQ(Only("<p>x</p><!-- debug: zq7marker01 -->").kind, XssContextKind::kComment);
}

TEST(FindMarkerContexts, AttributeValuesWithTheirQuote) {
    XssContext dq = Only(R"x(<input type="text" name="q" value="zq7marker01">)x");
    EXPECT_EQ(dq.kind, XssContextKind::kAttributeValue);
    EXPECT_EQ(dq.tag, "input");
    EXPECT_EQ(dq.attribute, "value");
    EXPECT_EQ(dq.quote, '"');
    XssContext sq = Only("<div title='a zq7marker01'>");
    EXPECT_EQ(sq.kind, XssContextKind::kAttributeValue);
    EXPECT_EQ(sq.quote, '\'');
    XssContext uq = Only("<div data-x=pre-zq7marker01 class=y>");
    EXPECT_EQ(uq.kind, XssContextKind::kAttributeValue);
    EXPECT_EQ(uq.attribute, "data-x");
    EXPECT_EQ(uq.quote, 0);
    // A duplicate attribute is dropped from the tree but still tokenized as a quoted value.
    XssContext dup = Only(R"x(<input value="a" VALUE="zq7marker01">)x");
    EXPECT_EQ(dup.kind, XssContextKind::kAttributeValue);
    EXPECT_EQ(dup.quote, '"');
    XssContext handler = Only(R"x(<a href="#" onclick="go('zq7marker01')">)x");
    EXPECT_EQ(handler.kind, XssContextKind::kAttributeValue);
    EXPECT_EQ(handler.attribute, "onclick");
}

TEST(FindMarkerContexts, UrlAttributeOnlyAtTheStartOfTheValue) {
    XssContext start = Only(R"x(<a href=" zq7marker01">x</a>)x");
    EXPECT_EQ(start.kind, XssContextKind::kUrlAttribute);
    EXPECT_EQ(start.attribute, "href");
    EXPECT_EQ(start.quote, '"');
    EXPECT_EQ(Only(R"x(<form action='zq7marker01'></form>)x").kind, XssContextKind::kUrlAttribute);
    EXPECT_EQ(Only(R"x(<iframe src=zq7marker01></iframe>)x").kind, XssContextKind::kUrlAttribute);
    EXPECT_EQ(Only(R"x(<a href="/search?q=zq7marker01">x</a>)x").kind, XssContextKind::kAttributeValue);
}

TEST(FindMarkerContexts, AttributeNameAndTagName) {
    XssContext name = Only("<div zq7marker01 class=x>");
    EXPECT_EQ(name.kind, XssContextKind::kAttributeName);
    EXPECT_EQ(name.tag, "div");
    EXPECT_EQ(Only("<div data-zq7marker01=1>").kind, XssContextKind::kAttributeName);
    XssContext tag = Only("<h1zq7marker01>x");
    EXPECT_EQ(tag.kind, XssContextKind::kTagName);
    XssContext end_tag = Only("<p>x</p zq7marker01>");
    EXPECT_EQ(end_tag.kind, XssContextKind::kAttributeName);
}

TEST(FindMarkerContexts, ScriptStringsCodeAndComments) {
    XssContext sq = Only("<script>var q = 'zq7marker01';</script>");
    EXPECT_EQ(sq.kind, XssContextKind::kScriptString);
    EXPECT_EQ(sq.tag, "script");
    EXPECT_EQ(sq.quote, '\'');
    EXPECT_EQ(Only("<script>var q = {\"a\": \"x zq7marker01\"};</script>").quote, '"');
    EXPECT_EQ(Only("<script>var q = `${a} zq7marker01`;</script>").quote, '`');
    EXPECT_EQ(Only("<script>var page = zq7marker01;</script>").kind, XssContextKind::kScriptCode);
    XssContext line = Only("<script>// zq7marker01\nrun();</script>");
    EXPECT_EQ(line.kind, XssContextKind::kScriptComment);
    EXPECT_EQ(line.quote, '/');
    EXPECT_EQ(Only("<script>/* zq7marker01 */</script>").quote, '*');
    XssContext regex = Only("<script>var r = /^zq7marker01$/;</script>");
    EXPECT_EQ(regex.kind, XssContextKind::kScriptString);
    EXPECT_EQ(regex.quote, '/');
    EXPECT_EQ(Only("<script src=/a.js>var q = 'zq7marker01';</script>").kind, XssContextKind::kInertText);
}

TEST(FindMarkerContexts, EveryReflectionIsReported) {
    auto contexts = FindMarkerContexts(R"x(<title>zq7marker01</title><input value="zq7marker01">
        <script>var s = "zq7marker01";</script><p>ZQ7MARKER01</p>)x",
                                       kM);
    ASSERT_EQ(contexts.size(), 4u);
    EXPECT_EQ(contexts[0].kind, XssContextKind::kInertText);
    EXPECT_EQ(contexts[1].kind, XssContextKind::kAttributeValue);
    EXPECT_EQ(contexts[2].kind, XssContextKind::kScriptString);
    EXPECT_EQ(contexts[3].kind, XssContextKind::kHtmlText);
    EXPECT_TRUE(FindMarkerContexts("<p>nothing here</p>", kM).empty());
    EXPECT_TRUE(FindMarkerContexts("<p>zq7marker01</p>", "").empty());
}

TEST(FindMarkerContexts, ReportsAtMostTheFirstHundredOccurrences) {
    std::string html = "<div title=\"";
    for (int i = 0; i < 5000; ++i) html += "zq7marker01 ";
    html += "\">";
    auto contexts = FindMarkerContexts(html, kM);
    ASSERT_EQ(contexts.size(), 100u);
    EXPECT_EQ(contexts.back().kind, XssContextKind::kAttributeValue);
    EXPECT_EQ(contexts.back().offset, 12u + 99u * 12u);
}

TEST(ConfirmXssPayload, InjectedElementInTheLiveDocument) {
    XssProof proof = ConfirmXssPayload("<p>Results for <palisade-zq7marker01></p>", kM);
    EXPECT_TRUE(proof.executable);
    EXPECT_EQ(proof.how, "element <palisade-zq7marker01>");
    EXPECT_NE(proof.snippet.find("<palisade-zq7marker01>"), std::string::npos);
    EXPECT_TRUE(ConfirmXssPayload("<p><svg><palisade-zq7marker01></svg>", kM).executable);
    // A payload that closed the title it was reflected into.
    EXPECT_TRUE(ConfirmXssPayload("<title></title><palisade-zq7marker01></title>", kM).executable);
}

TEST(ConfirmXssPayload, EncodedOrInertPayloadsDoNotCount) {
    EXPECT_FALSE(ConfirmXssPayload("<p>&lt;palisade-zq7marker01&gt;</p>", kM).executable);
    EXPECT_FALSE(ConfirmXssPayload("<textarea><palisade-zq7marker01></textarea>", kM).executable);
    EXPECT_FALSE(ConfirmXssPayload("<textarea>&lt;/textarea&gt;<palisade-zq7marker01></textarea>", kM).executable);
    EXPECT_FALSE(ConfirmXssPayload("<!-- <palisade-zq7marker01> -->", kM).executable);
    EXPECT_FALSE(ConfirmXssPayload("<template><palisade-zq7marker01></template>", kM).executable);
    EXPECT_FALSE(ConfirmXssPayload("<noscript><palisade-zq7marker01></noscript>", kM).executable);
    EXPECT_FALSE(ConfirmXssPayload("<head><noscript><palisade-zq7marker01></noscript></head>", kM).executable);
    EXPECT_FALSE(ConfirmXssPayload(R"x(<input value="&quot;><palisade-zq7marker01>">)x", kM).executable);
    EXPECT_FALSE(ConfirmXssPayload(R"x(<div title="zq7marker01" data-zq7marker01="1">)x", kM).executable);
}

TEST(ConfirmXssPayload, EventHandlerNeedsTheMarkerInCode) {
    XssProof proof = ConfirmXssPayload(R"x(<input value="" onmouseover="zq7marker01" x="">)x", kM);
    EXPECT_TRUE(proof.executable);
    EXPECT_EQ(proof.how, "event handler onmouseover on <input>");
    EXPECT_TRUE(ConfirmXssPayload("<svg onload=zq7marker01>", kM).executable);
    // An entity-encoded quote is decoded before the handler runs.
    EXPECT_TRUE(ConfirmXssPayload(R"x(<a onclick="go('&#39;-zq7marker01-&#39;')">)x", kM).executable);
    EXPECT_FALSE(ConfirmXssPayload(R"x(<a onclick="go('zq7marker01')">)x", kM).executable);
    EXPECT_FALSE(ConfirmXssPayload(R"x(<a onclick="go('\'-zq7marker01-\'')">)x", kM).executable);
}

TEST(ConfirmXssPayload, JavaScriptUrlInANavigableAttribute) {
    XssProof proof = ConfirmXssPayload(R"x(<a href=" java&#x09;script:zq7marker01">x</a>)x", kM);
    EXPECT_TRUE(proof.executable);
    EXPECT_EQ(proof.how, "javascript: URL in <a href>");
    EXPECT_TRUE(ConfirmXssPayload(R"x(<iframe src="JavaScript:zq7marker01"></iframe>)x", kM).executable);
    EXPECT_FALSE(ConfirmXssPayload(R"x(<a href="/x?javascript:zq7marker01">x</a>)x", kM).executable);
    EXPECT_FALSE(ConfirmXssPayload(R"x(<img src="javascript:zq7marker01">)x", kM).executable);
    EXPECT_FALSE(ConfirmXssPayload(R"x(<a href="javascript:'zq7marker01'">x</a>)x", kM).executable);
}

TEST(ConfirmXssPayload, ScriptBreakouts) {
    XssProof proof = ConfirmXssPayload("<script>var q = '';zq7marker01;//';</script>", kM);
    EXPECT_TRUE(proof.executable);
    EXPECT_EQ(proof.how, "script code in <script>");
    EXPECT_TRUE(ConfirmXssPayload("<script>var q = \"\"-zq7marker01-\"\";</script>", kM).executable);
    EXPECT_FALSE(ConfirmXssPayload("<script>var q = '\\';zq7marker01;//';</script>", kM).executable);
    EXPECT_FALSE(ConfirmXssPayload("<script>var q = \"\\\"-zq7marker01-\\\"\";</script>", kM).executable);
    EXPECT_FALSE(ConfirmXssPayload("<script type=text/template>'';zq7marker01;</script>", kM).executable);
    EXPECT_FALSE(ConfirmXssPayload("<script src=/x.js>zq7marker01</script>", kM).executable);
    EXPECT_TRUE(ConfirmXssPayload("<script>var q = '</script><palisade-zq7marker01>';</script>", kM).executable);
}

}  // namespace
}  // namespace palisade::scan::web

// SPDX-License-Identifier: Apache-2.0
#include "scan/modules/web/checks/xss/xss_check.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <functional>
#include <mutex>

namespace palisade::scan::web {
namespace {

// Escaping as template engines do it: everything (Jinja, React), or PHP's htmlspecialchars without ENT_QUOTES
// (single quotes left as they are).
std::string Escape(std::string_view v, bool single_quote = true) {
    std::string out;
    for (char c : v) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += single_quote ? "&#39;" : "'";
                break;
            default:
                out += c;
        }
    }
    return out;
}

// JSON string encoding as a careful server does it inside <script> ("\u003c" for '<').
std::string JsonString(std::string_view v) {
    std::string out = "\"";
    for (char c : v) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (c == '<') {
            out += "\\u003c";
        } else if (c == '\n') {
            out += "\\n";
        } else {
            out += c;
        }
    }
    return out + "\"";
}

http::Response Page(std::string body, std::string type = "text/html; charset=utf-8", int status = 200) {
    http::Response r;
    r.status = status;
    if (!type.empty()) r.headers.push_back({"Content-Type", type});
    r.body = "<!doctype html><html><head><title>Shop</title></head><body><h1>Search</h1>" + std::move(body) +
             "</body></html>";
    return r;
}

// A simulated site: renders the "q" parameter (from the query or the form body) and records every request.
class FakeSite {
  public:
    using Render = std::function<http::Response(const std::string& q)>;
    explicit FakeSite(Render render)
        : render_(std::move(render)), client_([this](const http::Request& request) -> Result<http::Response> {
              std::lock_guard lock(mutex_);
              requests_.push_back(request);
              if (on_request_) on_request_();
              return render_(Value(request));
          }) {}

    static std::string Value(const http::Request& request) {
        std::size_t q = request.url.find('?');
        auto params = request.method == "POST" ? ParseQuery(request.body)
                                               : ParseQuery(q == std::string::npos ? "" : request.url.substr(q + 1));
        for (const auto& [name, value] : params) {
            if (name == "q") return value;
        }
        return {};
    }

    // Runs the check on GET /search?q=shoes&page=2 (or the POST form) and returns the findings.
    std::vector<Finding> Scan(bool post = false, CancelToken cancel = {}) {
        InjectionPoint point;
        point.url = post ? "http://shop.test/search?from=form" : "http://shop.test/search";
        point.method = post ? "POST" : "GET";
        point.location = post ? InjectionPoint::Location::kBody : InjectionPoint::Location::kQuery;
        point.params = {{"q", "shoes"}, {"page", "2"}};
        point.page_url = "http://shop.test/";
        std::vector<Finding> findings;
        CheckContext ctx{client_, cancel, [&](Finding f) { findings.push_back(std::move(f)); }};
        CheckReflectedXss(ctx, point);
        return findings;
    }

    std::vector<http::Request> requests() const {
        std::lock_guard lock(mutex_);
        return requests_;
    }
    void OnRequest(std::function<void()> hook) { on_request_ = std::move(hook); }

  private:
    Render render_;
    http::FunctionClient client_;
    mutable std::mutex mutex_;
    std::vector<http::Request> requests_;
    std::function<void()> on_request_;
};

void ExpectReported(FakeSite::Render render, std::string_view context, bool post = false) {
    FakeSite site(std::move(render));
    auto findings = site.Scan(post);
    ASSERT_EQ(findings.size(), 1u) << context;
    const Finding& f = findings[0];
    EXPECT_EQ(f.check, "web.xss.reflected");
    EXPECT_EQ(f.severity, Severity::kHigh);
    EXPECT_EQ(f.location, "http://shop.test/search");
    EXPECT_NE(f.evidence.find(std::string(post ? "POST" : "GET") + " parameter \"q\""), std::string::npos);
    EXPECT_NE(f.evidence.find("reflected in " + std::string(context)), std::string::npos) << f.evidence;
    EXPECT_LE(site.requests().size(), 12u);
}

void ExpectClean(FakeSite::Render render, std::string_view why) {
    FakeSite site(std::move(render));
    EXPECT_TRUE(site.Scan().empty()) << why;
    EXPECT_LE(site.requests().size(), 12u) << why;
}

TEST(CheckReflectedXss, ReportsUnescapedHtmlText) {
    ExpectReported([](const std::string& q) { return Page("<p>Results for " + q + "</p>"); }, "html-text");
}

TEST(CheckReflectedXss, ReportsDoubleQuotedAttributeBreakout) {
    ExpectReported([](const std::string& q) { return Page(R"(<input name="q" value=")" + q + R"(">)"); },
                   "attribute-value of <input> attribute value (quote \")");
}

TEST(CheckReflectedXss, ReportsSingleQuotedAttributeWhenOnlyDoubleQuotesAreEscaped) {
    ExpectReported([](const std::string& q) { return Page("<input name='q' value='" + Escape(q, false) + "'>"); },
                   "attribute-value of <input> attribute value (quote ')");
}

TEST(CheckReflectedXss, ReportsUnquotedAttributeEvenWithHtmlEscaping) {
    ExpectReported([](const std::string& q) { return Page("<input name=q value=" + Escape(q) + ">"); },
                   "attribute-value of <input> attribute value");
}

TEST(CheckReflectedXss, ReportsJavaScriptUrlInHrefDespiteHtmlEscaping) {
    ExpectReported([](const std::string& q) { return Page(R"(<a href=")" + Escape(q) + R"(">your link</a>)"); },
                   "url-attribute of <a> attribute href");
}

TEST(CheckReflectedXss, ReportsEventHandlerStringBecauseEntitiesAreDecodedBeforeItRuns) {
    ExpectReported(
        [](const std::string& q) { return Page("<a href=\"#\" onclick=\"go('" + Escape(q) + "')\">go</a>"); },
        "attribute-value of <a> attribute onclick");
}

TEST(CheckReflectedXss, ReportsScriptStringBreakoutWithHtmlEscapingOnly) {
    ExpectReported(
        [](const std::string& q) { return Page("<script>var query = '" + Escape(q, false) + "';</script>"); },
        "script-string of <script> (quote ')");
}

TEST(CheckReflectedXss, ReportsScriptEndTagWhenOnlyQuotesAreEscaped) {
    ExpectReported(
        [](const std::string& q) {
            std::string js;
            for (char c : q) js += c == '"' ? std::string("\\\"") : std::string(1, c);
            return Page("<script>var query = \"" + js + "\";</script>");
        },
        "script-string of <script> (quote \")");
}

TEST(CheckReflectedXss, ReportsScriptCode) {
    ExpectReported([](const std::string& q) { return Page("<script>var page = " + q + ";</script>"); },
                   "script-code of <script>");
}

TEST(CheckReflectedXss, ReportsNonExecutingParentsThatCanBeClosed) {
    ExpectReported([](const std::string& q) { return Page("<textarea name=c>" + q + "</textarea>"); },
                   "inert-text of <textarea>");
    ExpectReported(
        [](const std::string& q) {
            http::Response r = Page("");
            r.body = "<html><head><title>Search: " + q + "</title></head><body></body></html>";
            return r;
        },
        "inert-text of <title>");
    ExpectReported([](const std::string& q) { return Page("<noscript>Searched " + q + "</noscript>"); },
                   "inert-text of <noscript>");
}

TEST(CheckReflectedXss, ReportsCommentBreakout) {
    ExpectReported([](const std::string& q) { return Page("<!-- query: " + q + " -->"); }, "comment");
}

TEST(CheckReflectedXss, ReportsAttributeNameAndTagName) {
    ExpectReported([](const std::string& q) { return Page("<div " + q + ">x</div>"); }, "attribute-name of <div>");
    ExpectReported([](const std::string& q) { return Page("<h" + q + ">x"); }, "tag-name");
}

TEST(CheckReflectedXss, ReportsPostFormBody) {
    ExpectReported([](const std::string& q) { return Page("<p>You searched " + q + "</p>"); }, "html-text", true);
}

TEST(CheckReflectedXss, ReportsOncePerPointWhenSeveralContextsAreVulnerable) {
    FakeSite site([](const std::string& q) {
        return Page("<p>" + q + "</p><input value=\"" + q + "\"><script>var a='" + q + "';</script>");
    });
    EXPECT_EQ(site.Scan().size(), 1u);
}

TEST(CheckReflectedXss, IgnoresProperlyHtmlEscapedReflections) {
    ExpectClean(
        [](const std::string& q) {
            return Page("<p>" + Escape(q) + "</p><input value=\"" + Escape(q) + "\"><input value='" + Escape(q) +
                        "'><div title=\"a " + Escape(q) + "\">");
        },
        "HTML escaping in text and quoted attributes");
}

TEST(CheckReflectedXss, IgnoresCommentAndTextareaWhoseClosingIsEscaped) {
    ExpectClean(
        [](const std::string& q) {
            return Page("<!-- " + Escape(q) + " --><textarea>" + Escape(q) + "</textarea><title>" + Escape(q) +
                        "</title>");
        },
        "escaped comment and textarea");
}

TEST(CheckReflectedXss, IgnoresJsonEncodedScriptStrings) {
    ExpectClean([](const std::string& q) { return Page("<script>var query = " + JsonString(q) + ";</script>"); },
                "JSON encoding in <script>");
}

TEST(CheckReflectedXss, IgnoresUrlEncodedReflectionInsideAUrl) {
    ExpectClean([](const std::string& q) { return Page(R"(<a href="/search?q=)" + FormEncode(q) + R"(">next</a>)"); },
                "percent-encoded in a URL");
}

TEST(CheckReflectedXss, IgnoresResponsesThatCannotRunScript) {
    for (std::string type : {"application/json", "text/plain; charset=utf-8"}) {
        FakeSite site([type](const std::string& q) {
            http::Response r;
            r.status = 200;
            r.headers.push_back({"Content-Type", type});
            r.body = "{\"query\": \"<b>" + q + "</b>\"}";
            return r;
        });
        EXPECT_TRUE(site.Scan().empty()) << type;
        EXPECT_EQ(site.requests().size(), 1u) << type;
    }
}

TEST(CheckReflectedXss, IgnoresRedirectBodies) {
    FakeSite site([](const std::string& q) {
        http::Response r = Page("<p>Moved: " + q + "</p>", "text/html", 302);
        r.headers.push_back({"Location", "/login"});
        return r;
    });
    EXPECT_TRUE(site.Scan().empty());
    EXPECT_EQ(site.requests().size(), 1u);
}

TEST(CheckReflectedXss, StopsAfterTheTaintWhenNotReflected) {
    FakeSite site([](const std::string&) { return Page("<p>No results</p>"); });
    EXPECT_TRUE(site.Scan().empty());
    ASSERT_EQ(site.requests().size(), 1u);
    std::string taint = FakeSite::Value(site.requests()[0]);
    EXPECT_EQ(taint.size(), 12u);
    EXPECT_TRUE(std::all_of(taint.begin(), taint.end(), [](char c) { return std::isalnum(c) != 0; }));
    EXPECT_NE(site.requests()[0].url.find("page=2"), std::string::npos);  // other parameters keep their values
}

TEST(CheckReflectedXss, SendsAtMostTwelveRequestsPerPoint) {
    // Reflected in many contexts, all safely encoded: every payload is tried up to the budget.
    FakeSite site([](const std::string& q) {
        return Page("<p>" + Escape(q) + "</p><input value=\"" + Escape(q) + "\"><script>var s = " + JsonString(q) +
                    ";</script><!-- " + Escape(q) + " --><title>" + Escape(q) + "</title><div title='" + Escape(q) +
                    "'></div>");
    });
    EXPECT_TRUE(site.Scan().empty());
    EXPECT_EQ(site.requests().size(), 12u);
}

TEST(CheckReflectedXss, UsesAFreshMarkerForEveryRequest) {
    FakeSite site([](const std::string& q) { return Page("<p>" + Escape(q) + "</p>"); });
    site.Scan();
    auto requests = site.requests();
    ASSERT_GE(requests.size(), 2u);
    std::string taint = FakeSite::Value(requests[0]);
    for (std::size_t i = 1; i < requests.size(); ++i) {
        EXPECT_EQ(FakeSite::Value(requests[i]).find(taint), std::string::npos);
    }
    FakeSite other([](const std::string&) { return Page(""); });
    other.Scan();
    EXPECT_NE(FakeSite::Value(other.requests()[0]), taint);
}

TEST(CheckReflectedXss, StopsWhenCancelled) {
    StopSource stop;
    stop.RequestStop();
    FakeSite idle([](const std::string& q) { return Page("<p>" + q + "</p>"); });
    EXPECT_TRUE(idle.Scan(false, CancelToken(stop)).empty());
    EXPECT_TRUE(idle.requests().empty());

    StopSource later;
    FakeSite site([](const std::string& q) { return Page("<p>" + Escape(q) + "</p>"); });
    site.OnRequest([&later] { later.RequestStop(); });
    EXPECT_TRUE(site.Scan(false, CancelToken(later)).empty());
    EXPECT_EQ(site.requests().size(), 1u);
}

TEST(CheckReflectedXss, TransportErrorsAreNotFindings) {
    http::FunctionClient failing([](const http::Request&) -> Result<http::Response> {
        return Fail(ErrorCode::kUnavailable, "connection refused");
    });
    InjectionPoint point;
    point.url = "http://shop.test/search";
    point.params = {{"q", "x"}};
    std::vector<Finding> findings;
    CheckContext ctx{failing, {}, [&](Finding f) { findings.push_back(std::move(f)); }};
    CheckReflectedXss(ctx, point);
    point.index = 5;  // out of range: nothing to inject
    CheckReflectedXss(ctx, point);
    EXPECT_TRUE(findings.empty());
}

TEST(XssPayloadsFor, EveryBreakableContextHasPayloadsCarryingTheMarker) {
    std::vector<XssContext> contexts = {
        {XssContextKind::kHtmlText, "", "", 0, 0, ""},
        {XssContextKind::kInertText, "textarea", "", 0, 0, ""},
        {XssContextKind::kComment, "", "", 0, 0, ""},
        {XssContextKind::kAttributeValue, "input", "value", '"', 0, ""},
        {XssContextKind::kAttributeValue, "input", "value", '\'', 0, ""},
        {XssContextKind::kAttributeValue, "input", "value", 0, 0, ""},
        {XssContextKind::kAttributeValue, "a", "onclick", '"', 0, ""},
        {XssContextKind::kUrlAttribute, "a", "href", '"', 0, ""},
        {XssContextKind::kAttributeName, "div", "", 0, 0, ""},
        {XssContextKind::kTagName, "h1", "", 0, 0, ""},
        {XssContextKind::kScriptString, "script", "", '\'', 0, ""},
        {XssContextKind::kScriptString, "script", "", '`', 0, ""},
        {XssContextKind::kScriptCode, "script", "", 0, 0, ""},
        {XssContextKind::kScriptComment, "script", "", '/', 0, ""},
        {XssContextKind::kScriptComment, "script", "", '*', 0, ""},
    };
    for (const XssContext& c : contexts) {
        auto payloads = XssPayloadsFor(c);
        EXPECT_FALSE(payloads.empty()) << XssContextName(c.kind);
        for (const std::string& p : payloads) EXPECT_NE(p.find("{M}"), std::string::npos) << p;
    }
    EXPECT_EQ(XssPayloadsFor({XssContextKind::kInertText, "textarea", "", 0, 0, ""}).front(),
              "</textarea><palisade-{M}>");
    EXPECT_TRUE(XssPayloadsFor({XssContextKind::kInertText, "plaintext", "", 0, 0, ""}).empty());
}

TEST(XssChecks, TableIsValid) {
    EXPECT_TRUE(ValidateCheckTable(XssChecks()).empty());
    ASSERT_EQ(XssChecks().size(), 1u);
    EXPECT_EQ(XssChecks()[0].id, "web.xss.reflected");
    EXPECT_EQ(XssChecks()[0].cwe, "CWE-79");
}

TEST(RandomXssMarker, IsAlphanumericStartingWithALetter) {
    for (int i = 0; i < 50; ++i) {
        std::string m = RandomXssMarker();
        ASSERT_EQ(m.size(), 12u);
        EXPECT_TRUE(m[0] >= 'a' && m[0] <= 'z');
        EXPECT_TRUE(std::all_of(m.begin(), m.end(), [](char c) { return std::isalnum(c) != 0; }));
    }
}

}  // namespace
}  // namespace palisade::scan::web

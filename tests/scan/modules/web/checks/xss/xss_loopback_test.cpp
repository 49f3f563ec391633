// SPDX-License-Identifier: Apache-2.0
// The reflected-XSS check over real HTTP (libcurl client, loopback fixture server): a vulnerable search page and an
// escaping one.
#include <gtest/gtest.h>

#include "scan/modules/web/checks/xss/xss_check.hpp"
#include "support/http/http_fixture.hpp"

namespace palisade::scan::web {
namespace {

std::string EscapeHtml(std::string_view v) {
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
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::vector<Finding> ScanPath(palisade::testing::HttpFixture& server, const std::string& path) {
    auto client = http::MakeCurlClient(http::ClientOptions{});
    InjectionPoint point;
    point.url = server.Url(path);
    point.params = {{"q", "shoes"}};
    std::vector<Finding> findings;
    CheckContext ctx{*client, {}, [&](Finding f) { findings.push_back(std::move(f)); }};
    CheckReflectedXss(ctx, point);
    return findings;
}

class XssLoopback : public ::testing::Test {
  protected:
    void SetUp() override {
        server_.SetHandler([](const palisade::testing::HttpRequestRecord& request) {
            std::string q;
            for (const auto& [name, value] : ParseQuery(request.query)) {
                if (name == "q") q = value;
            }
            if (request.path == "/search") {
                return palisade::testing::ScriptedResponse::Html("<html><body><form><input name=q value=\"" + q +
                                                                 "\"></form></body></html>");
            }
            if (request.path == "/safe") {
                return palisade::testing::ScriptedResponse::Html("<html><body><form><input name=q value=\"" +
                                                                 EscapeHtml(q) + "\"></form><p>" + EscapeHtml(q) +
                                                                 "</p></body></html>");
            }
            return palisade::testing::ScriptedResponse{404, "Not Found", {}, "missing"};
        });
    }
    palisade::testing::HttpFixture server_;
};

TEST_F(XssLoopback, ReportsTheUnescapedAttributeOverHttp) {
    auto findings = ScanPath(server_, "/search");
    ASSERT_EQ(findings.size(), 1u);
    EXPECT_EQ(findings[0].check, "web.xss.reflected");
    EXPECT_EQ(findings[0].location, server_.Url("/search"));
    EXPECT_NE(findings[0].evidence.find("attribute-value of <input> attribute value"), std::string::npos);
}

TEST_F(XssLoopback, EscapingPageIsClean) {
    EXPECT_TRUE(ScanPath(server_, "/safe").empty());
    EXPECT_GE(server_.Requests().size(), 2u);  // the taint came back, so payloads were tried
}

}  // namespace
}  // namespace palisade::scan::web

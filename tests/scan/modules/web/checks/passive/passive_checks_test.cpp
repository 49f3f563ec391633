// SPDX-License-Identifier: Apache-2.0
#include "scan/modules/web/checks/passive/passive_checks.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace palisade::scan::web {
namespace {

Page MakePage(std::string url, std::string content_type, std::string body, std::vector<http::Header> headers = {}) {
    Page page;
    page.url = url;
    page.response.status = 200;
    page.response.url = url;
    page.response.headers = std::move(headers);
    if (!content_type.empty()) page.response.headers.push_back({"Content-Type", content_type});
    page.response.body = std::move(body);
    return page;
}

class Collector {
  public:
    std::function<void(Finding)> Sink() {
        return [this](Finding f) {
            std::lock_guard lock(mutex_);
            findings_.push_back(std::move(f));
        };
    }
    std::vector<Finding> Of(std::string_view check) const {
        std::vector<Finding> out;
        for (const Finding& f : findings_) {
            if (f.check == check) out.push_back(f);
        }
        return out;
    }
    const std::vector<Finding>& all() const { return findings_; }

  private:
    std::mutex mutex_;
    std::vector<Finding> findings_;
};

TEST(PassiveChecks, CatalogueIsValidAndComplete) {
    EXPECT_TRUE(ValidateCheckTable(PassiveChecks()).empty());
    std::set<std::string_view> ids;
    for (const CheckInfo& c : PassiveChecks()) {
        ids.insert(c.id);
        EXPECT_TRUE(c.id.starts_with("web.")) << c.id;
        EXPECT_FALSE(c.cwe.empty()) << c.id;
        EXPECT_FALSE(c.references.empty()) << c.id;
        EXPECT_NE(c.severity, Severity::kInfo) << c.id;
        // The severity matches the band of the CVSS score.
        double score = CvssBaseScore(c.cvss_vector).value_or(-1);
        double low = c.severity == Severity::kLow ? 0.1 : c.severity == Severity::kMedium ? 4.0 : 7.0;
        double high = c.severity == Severity::kLow ? 3.9 : c.severity == Severity::kMedium ? 6.9 : 8.9;
        EXPECT_TRUE(score >= low && score <= high) << c.id << " " << score;
    }
    for (std::string_view id : {"web.disclosure.stack_trace", "web.disclosure.database_error",
                                "web.directory_listing",      "web.disclosure.private_ip",
                                "web.secret.private_key",     "web.secret.aws_access_key",
                                "web.secret.github_token",    "web.secret.slack_token",
                                "web.secret.slack_webhook",   "web.secret.stripe_secret_key",
                                "web.secret.google_api_key",  "web.secret.jwt",
                                "web.secret.generic",         "web.mixed_content.active",
                                "web.mixed_content.passive",  "web.cookie.no_secure",
                                "web.cookie.no_httponly",     "web.cookie.no_samesite",
                                "web.clickjacking",           "web.password_over_http"}) {
        EXPECT_EQ(ids.count(id), 1u) << id;
    }
    EXPECT_EQ(ids.size(), 20u);
}

TEST(PassiveScanner, ReportsAnErrorOncePerSignatureAndPageShape) {
    Collector c;
    PassiveScanner scanner(c.Sink());
    const std::string error = "<html><body>You have an error in your SQL syntax; check the manual</body></html>";
    scanner.Inspect(MakePage("https://shop.example/item/1?sort=a", "text/html", error));
    scanner.Inspect(MakePage("https://shop.example/item/2?sort=b", "text/html", error));
    scanner.Inspect(MakePage("https://shop.example/cart", "text/html", error));
    auto found = c.Of("web.disclosure.database_error");
    ASSERT_EQ(found.size(), 2u);
    EXPECT_EQ(found[0].location, "https://shop.example/item/1");
    EXPECT_NE(found[0].evidence.find("mysql: You have an error in your SQL syntax"), std::string::npos);
    EXPECT_NE(found[0].evidence.find("(at https://shop.example/item/1?sort=a)"), std::string::npos);
    EXPECT_EQ(found[0].severity, Severity::kMedium);
    ASSERT_TRUE(found[0].cvss.has_value());
    EXPECT_EQ(found[1].location, "https://shop.example/cart");
    EXPECT_NE(found[0].fingerprint, found[1].fingerprint);
}

TEST(PassiveScanner, ProseAboutSqlSyntaxIsNotAnError) {
    Collector c;
    PassiveScanner scanner(c.Sink());
    scanner.Inspect(MakePage("https://learn.example/sql", "text/html",
                             "<h1>Learn about SQL syntax in our tutorial</h1><p>SQL syntax errors explained.</p>"));
    EXPECT_TRUE(c.all().empty());
}

TEST(PassiveScanner, StackTracesInErrorResponsesOfAnyStatus) {
    Collector c;
    PassiveScanner scanner(c.Sink());
    Page page = MakePage("https://api.example/v1/users", "application/json",
                         "{\"error\":\"Traceback (most recent call last):\\n  File \\\"/srv/api.py\\\", line 3\"}");
    page.response.status = 500;
    scanner.Inspect(page);
    Page go = MakePage("https://api.example/v1/x", "text/plain", "panic: boom\n\ngoroutine 7 [running]:\n");
    go.response.status = 502;
    scanner.Inspect(go);
    auto found = c.Of("web.disclosure.stack_trace");
    ASSERT_EQ(found.size(), 2u);
    EXPECT_EQ(found[0].severity, Severity::kLow);
    EXPECT_NE(found[0].evidence.find("python: Traceback (most recent call last)"), std::string::npos);
    EXPECT_NE(found[1].evidence.find("go: goroutine 7 [running]:"), std::string::npos);
}

TEST(PassiveScanner, SignaturesAreNotReadInScriptsStylesOrImages) {
    Collector c;
    PassiveScanner scanner(c.Sink());
    const std::string text = "You have an error in your SQL syntax";
    scanner.Inspect(MakePage("https://shop.example/app.js", "application/javascript", text));
    scanner.Inspect(MakePage("https://shop.example/app.css", "text/css", text));
    scanner.Inspect(MakePage("https://shop.example/a.png", "image/png", text));
    EXPECT_TRUE(c.all().empty());
}

TEST(PassiveScanner, DirectoryListingOncePerPathAndOnlyOn200) {
    Collector c;
    PassiveScanner scanner(c.Sink());
    const std::string listing = "<html><head><title>Index of /backup</title></head><body><h1>Index of /backup</h1>";
    scanner.Inspect(MakePage("https://shop.example/backup/", "text/html", listing));
    scanner.Inspect(MakePage("https://shop.example/backup/?C=N;O=D", "text/html", listing));
    Page missing = MakePage("https://shop.example/old/", "text/html", listing);
    missing.response.status = 404;
    scanner.Inspect(missing);
    auto found = c.Of("web.directory_listing");
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].location, "https://shop.example/backup/");
    EXPECT_EQ(found[0].cwe, std::vector<std::string>{"CWE-548"});
}

TEST(PassiveScanner, PrivateIpsOncePerAddressAndHost) {
    Collector c;
    PassiveScanner scanner(c.Sink());
    scanner.Inspect(MakePage("https://shop.example/", "text/html", "<!-- upstream 10.20.30.40 -->",
                             {{"X-Backend-Server", "192.168.7.9:8080"}}));
    scanner.Inspect(MakePage("https://shop.example/about", "text/html", "<!-- upstream 10.20.30.40 -->"));
    scanner.Inspect(MakePage("https://shop.example/v", "text/html", "<p>Firefox 110.0.0.12, version 10.0.0.1</p>"));
    auto found = c.Of("web.disclosure.private_ip");
    ASSERT_EQ(found.size(), 2u);
    EXPECT_EQ(found[0].location, "https://shop.example");
    EXPECT_NE(found[0].evidence.find("192.168.7.9 in header X-Backend-Server"), std::string::npos);
    EXPECT_NE(found[1].evidence.find("10.20.30.40 in body of https://shop.example/"), std::string::npos);
}

TEST(PassiveScanner, PrivateIpsOfAnInternalSiteAreNotReported) {
    Collector c;
    PassiveScanner scanner(c.Sink());
    scanner.Inspect(MakePage("http://10.0.0.5/", "text/html", "<p>db at 10.0.0.6, cache at 192.168.1.2</p>"));
    scanner.Inspect(MakePage("http://intranet.corp/", "text/html", "<p>db at 10.0.0.6</p>"));
    EXPECT_TRUE(c.Of("web.disclosure.private_ip").empty());
}

TEST(PassiveScanner, PrivateIpsOfALoopbackTargetAreReported) {
    // 127.0.0.1 is the application under test in a CI pipeline, not a host inside the leaked network.
    Collector c;
    PassiveScanner scanner(c.Sink());
    scanner.Inspect(MakePage("http://127.0.0.1:8080/", "text/html", "<p>db at 10.0.0.6</p>"));
    EXPECT_EQ(c.Of("web.disclosure.private_ip").size(), 1u);
}

TEST(PassiveScanner, SecretsOncePerValueWithMaskedEvidence) {
    Collector c;
    PassiveScanner scanner(c.Sink());
    const std::string key =
        "AK"
        "IA"
        "Q3EGRZ7XN5UJ4KWB";
    const std::string js = "var s3 = new AWS.S3({accessKeyId: '" + key + "'});";
    scanner.Inspect(MakePage("https://shop.example/static/app.js?v=1", "application/javascript", js));
    scanner.Inspect(MakePage("https://shop.example/static/app.js?v=2", "application/javascript", js));
    scanner.Inspect(MakePage("https://www.shop.example/app.js", "text/javascript", js));
    auto found = c.Of("web.secret.aws_access_key");
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].severity, Severity::kHigh);
    EXPECT_EQ(found[0].location, "https://shop.example/static/app.js");
    EXPECT_EQ(found[0].evidence.find(key), std::string::npos);
    EXPECT_NE(found[0].evidence.find("AKIAQ\u2026"), std::string::npos);
}

TEST(PassiveScanner, JwtsInInlineScriptsButNotInMarkup) {
    Collector c;
    PassiveScanner scanner(c.Sink());
    const std::string jwt =
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzZXJ2aWNlIiwicm9sZSI6ImFkbWluIn0.Zx8Qm3Lp0Vt7Rk2Nw9Yc4Hs6Jd1";
    const std::string script = "window.API_TOKEN = '" + jwt + "';";
    Page markup = MakePage("https://shop.example/a", "text/html", "<input type=hidden name=t value=\"" + jwt + "\">");
    scanner.Inspect(markup);
    EXPECT_TRUE(c.Of("web.secret.jwt").empty());
    Page inline_script = MakePage("https://shop.example/b", "text/html", "<script>" + script + "</script>");
    inline_script.html.inline_scripts = {script};
    scanner.Inspect(inline_script);
    EXPECT_EQ(c.Of("web.secret.jwt").size(), 1u);
}

TEST(PassiveScanner, CookieFindingsOncePerNameAndHost) {
    Collector c;
    PassiveScanner scanner(c.Sink());
    for (std::string path : {"/", "/a", "/b"}) {
        scanner.Inspect(MakePage("https://shop.example" + path, "text/html", "",
                                 {{"Set-Cookie", "session=abc123; Path=/; HttpOnly; SameSite=Lax"}}));
    }
    scanner.Inspect(MakePage("https://other.example/", "text/html", "",
                             {{"Set-Cookie", "session=abc123; Path=/; HttpOnly; SameSite=Lax"}}));
    auto found = c.Of("web.cookie.no_secure");
    ASSERT_EQ(found.size(), 2u);
    EXPECT_EQ(found[0].location, "https://shop.example");
    EXPECT_EQ(found[1].location, "https://other.example");
    EXPECT_EQ(c.all().size(), 2u);
}

TEST(PassiveScanner, MixedContentGroupedPerPageAndEachResourceOnce) {
    Collector c;
    PassiveScanner scanner(c.Sink());
    Page first = MakePage("https://shop.example/", "text/html", "");
    first.html.scripts = {"http://cdn.example/a.js", "http://cdn.example/b.js"};
    first.html.subresources = {"http://cdn.example/a.js", "http://cdn.example/b.js", "http://img.example/x.png"};
    scanner.Inspect(first);
    Page second = first;
    second.url = second.response.url = "https://shop.example/about";
    scanner.Inspect(second);  // the same resources: nothing new
    auto active = c.Of("web.mixed_content.active");
    ASSERT_EQ(active.size(), 1u);
    EXPECT_EQ(active[0].evidence,
              "loaded over http by an https page: script http://cdn.example/a.js, script http://cdn.example/b.js");
    EXPECT_EQ(c.Of("web.mixed_content.passive").size(), 1u);
    EXPECT_EQ(c.all().size(), 2u);
}

TEST(PassiveScanner, ClickjackingAndPasswordFormsEndToEnd) {
    Collector c;
    PassiveScanner scanner(c.Sink());
    Form login;
    login.action = "http://shop.example/session";
    login.method = "POST";
    login.has_password = true;
    Page open = MakePage("https://shop.example/login", "text/html", "<form></form>");
    open.html.forms = {login};
    scanner.Inspect(open);
    Page framed = MakePage("https://shop.example/login2", "text/html", "<form></form>", {{"X-Frame-Options", "DENY"}});
    login.action = "https://shop.example/session";
    framed.html.forms = {login};
    scanner.Inspect(framed);
    ASSERT_EQ(c.Of("web.clickjacking").size(), 1u);
    EXPECT_EQ(c.Of("web.clickjacking")[0].location, "https://shop.example/login");
    ASSERT_EQ(c.Of("web.password_over_http").size(), 1u);
    EXPECT_EQ(c.Of("web.password_over_http")[0].location, "https://shop.example/login");
}

TEST(PassiveScanner, LargeBodyIsScannedToTheCap) {
    Collector c;
    PassiveScanner scanner(c.Sink());
    std::string body(kPassiveMaxBodyBytes - 64, ' ');
    body += "ORA-01756: quoted string not properly terminated";
    body += std::string(1024, ' ') + "ORA-";  // past the cap: never read
    scanner.Inspect(MakePage("https://shop.example/big", "text/plain", body));
    EXPECT_EQ(c.Of("web.disclosure.database_error").size(), 1u);
    Collector d;
    PassiveScanner beyond(d.Sink());
    std::string late(kPassiveMaxBodyBytes + 10, ' ');
    late += "ORA-01756: quoted string not properly terminated";
    beyond.Inspect(MakePage("https://shop.example/big", "text/plain", late));
    EXPECT_TRUE(d.all().empty());
}

TEST(PassiveScanner, ConcurrentInspectionsReportEachFindingOnce) {
    Collector c;
    PassiveScanner scanner(c.Sink());
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&scanner, t] {
            for (int i = 0; i < 50; ++i) {
                scanner.Inspect(MakePage("https://shop.example/p" + std::to_string((i + t) % 10), "text/html",
                                         "<p>at 10.1.2.3</p>", {{"Set-Cookie", "sid=x; Secure; HttpOnly"}}));
            }
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(c.Of("web.disclosure.private_ip").size(), 1u);
    EXPECT_EQ(c.Of("web.cookie.no_samesite").size(), 1u);
    EXPECT_EQ(c.all().size(), 2u);
}

}  // namespace
}  // namespace palisade::scan::web

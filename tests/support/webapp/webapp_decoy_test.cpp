// SPDX-License-Identifier: Apache-2.0
// VulnerableApp: every active decoy really is safe, and the catch-all (soft-404) mode answers one page everywhere.
#include <gtest/gtest.h>

#include <string>

#include "support/webapp/webapp_test_helpers.hpp"

namespace palisade::testing {
namespace {

using webapp_test::Contains;
using webapp_test::CookiePair;
using webapp_test::Enc;
using webapp_test::Get;
using webapp_test::PostForm;
using webapp_test::Send;

constexpr const char* kProbe = "<script>alert('x')</script>\"";

TEST(VulnerableAppDecoys, EncodedReflections) {
    VulnerableApp app;
    HttpResult news = Get(app, "/news?topic=" + Enc(kProbe));
    EXPECT_FALSE(Contains(news.body, "<script>alert")) << news.body;
    EXPECT_TRUE(Contains(news.body, "<h1>News about &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;</h1>"));
    EXPECT_TRUE(
        Contains(news.body, "var topic = \"\\u003cscript\\u003ealert(\\u0027x\\u0027)\\u003c/script\\u003e\\\"\";"))
        << news.body;
    HttpResult contact = Get(app, "/contact?subject=" + Enc("</textarea><script>alert(1)</script>"));
    EXPECT_TRUE(Contains(contact.body,
                         "<textarea name=\"subject\">&lt;/textarea>&lt;script>alert(1)&lt;/script>"
                         "</textarea>"))
        << contact.body;
    HttpResult guestbook = PostForm(app, "/guestbook", "message=hello&name=" + Enc(kProbe));
    EXPECT_FALSE(Contains(guestbook.body, "<script>alert"));
    EXPECT_TRUE(Contains(guestbook.body, "<b>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;</b>"));
    HttpResult report = Get(app, "/report?id=" + Enc(kProbe));
    EXPECT_FALSE(Contains(report.body, "<script>alert"));
}

TEST(VulnerableAppDecoys, ParameterisedQueryIsSafe) {
    VulnerableApp app;
    HttpResult base = Get(app, "/products/by-name?name=" + Enc("Desk Lamp"));
    EXPECT_TRUE(Contains(base.body, "<h1>Desk Lamp</h1>"));
    for (const char* value : {"Desk Lamp'", "Desk Lamp' AND '1'='1", "x' OR '1'='1", "Desk Lamp' --"}) {
        HttpResult r = Get(app, "/products/by-name?name=" + Enc(value));
        EXPECT_EQ(r.status, 200) << value;
        EXPECT_TRUE(Contains(r.body, "No product named")) << value;
        EXPECT_FALSE(Contains(r.body, "error") || Contains(r.body, "syntax")) << value;
    }
}

TEST(VulnerableAppDecoys, SqlTutorialIsTheSameForAnyPage) {
    VulnerableApp app;
    const std::string base = Get(app, "/tutorials/sql-errors?page=1").body;
    EXPECT_TRUE(Contains(base, "Learn about SQL syntax errors"));
    EXPECT_EQ(Get(app, "/tutorials/sql-errors?page=" + Enc("1'")).body, base);
    EXPECT_EQ(Get(app, "/tutorials/sql-errors?page=" + Enc("1 AND 1=2")).body, base);
}

TEST(VulnerableAppDecoys, AllowListedHelp) {
    VulnerableApp app;
    EXPECT_TRUE(Contains(Get(app, "/help?page=faq.txt").body, "Three working days."));
    for (const char* page :
         {"../../../../etc/passwd", "..\\..\\..\\windows\\win.ini", "/etc/passwd", "faq.txt/../../../../etc/passwd"}) {
        HttpResult r = Get(app, "/help?page=" + Enc(page));
        EXPECT_EQ(r.status, 404) << page;
        EXPECT_FALSE(Contains(r.body, "root:") || Contains(r.body, "[fonts]")) << page;
    }
}

TEST(VulnerableAppDecoys, SafeGoStaysOnSite) {
    VulnerableApp app;
    EXPECT_EQ(Get(app, "/safe-go?next=" + Enc("/products?category=office")).Header("location"),
              "/products?category=office");
    for (const char* next : {"//evil.example", "/\\evil.example", "http://evil.example/", "https:evil.example",
                             "evil.example", "javascript:alert(1)", "/\r\nSet-Cookie: x=1"}) {
        HttpResult r = Get(app, "/safe-go?next=" + Enc(next));
        EXPECT_EQ(r.status, 302) << next;
        const std::string location = r.Header("location");
        EXPECT_TRUE(location == "/" || location == next) << next << " -> " << location;
        EXPECT_TRUE(location.starts_with("/") && !location.starts_with("//") && !Contains(location, "\\"))
            << next << " -> " << location;
    }
    // The login form's next is checked the same way.
    HttpResult login = PostForm(app, "/login", "user=admin&pass=s3cret&next=" + Enc("//evil.example/"));
    EXPECT_EQ(login.Header("location"), "/account/");
}

TEST(VulnerableAppDecoys, NewsletterChecksItsToken) {
    VulnerableApp app;
    HttpResult page = Get(app, "/newsletter");
    const std::string cookie = CookiePair(page.Header("set-cookie"));
    const std::string marker = "name=\"csrf_token\" value=\"";
    const std::size_t at = page.body.find(marker);
    ASSERT_NE(at, std::string::npos);
    const std::string token = page.body.substr(at + marker.size(), 32);
    EXPECT_EQ(PostForm(app, "/newsletter", "email=a%40b.example", {{"Cookie", cookie}}).status, 403);
    EXPECT_EQ(
        PostForm(app, "/newsletter", "email=a%40b.example&csrf_token=" + std::string(32, '0'), {{"Cookie", cookie}})
            .status,
        403);
    EXPECT_EQ(PostForm(app, "/newsletter", "email=a%40b.example&csrf_token=" + token).status, 403);  // no cookie
    HttpResult ok = PostForm(app, "/newsletter", "email=a%40b.example&csrf_token=" + token, {{"Cookie", cookie}});
    EXPECT_EQ(ok.status, 200);
    EXPECT_TRUE(Contains(ok.body, "Subscribed a@b.example."));
    // Another visitor gets another token.
    HttpResult other = Get(app, "/newsletter");
    EXPECT_FALSE(Contains(other.body, token));
}

TEST(VulnerableAppDecoys, PublicApiHasNoCredentials) {
    VulnerableApp app;
    HttpResult r = Get(app, "/api/public", {{"Origin", "http://evil.example"}});
    EXPECT_EQ(r.Header("access-control-allow-origin"), "*");
    EXPECT_TRUE(r.Header("access-control-allow-credentials").empty());
}

TEST(VulnerableAppDecoys, PutIsNotAllowedElsewhere) {
    VulnerableApp app;
    HttpResult options = Send(app, "OPTIONS", "/");
    EXPECT_EQ(options.Header("allow"), "GET, HEAD, POST, OPTIONS");
    HttpResult put = Send(app, "PUT", "/", "x", {{"Content-Type", "text/plain"}});
    EXPECT_EQ(put.status, 405);
    EXPECT_EQ(Send(app, "DELETE", "/about").status, 405);
}

TEST(VulnerableAppCatchAll, EveryUnknownPathAnswersTheSamePage) {
    VulnerableApp app(VulnerableApp::Options{.catch_all = true});
    const HttpResult random = Get(app, "/no-such-page-7f3a");
    EXPECT_EQ(random.status, 200);
    for (const char* path : {"/.git/HEAD", "/.git/config", "/.env", "/.svn/entries", "/.DS_Store", "/server-status",
                             "/phpinfo.php", "/news.php.bak", "/index.php~", "/a/b/c.bak"}) {
        HttpResult r = Get(app, path);
        EXPECT_EQ(r.status, 200) << path;
        EXPECT_EQ(r.body, random.body) << path;
    }
    HttpResult trace = Send(app, "TRACE", "/", {}, {{"X-Palisade-Probe", "abc123"}});
    EXPECT_EQ(trace.status, 200);
    EXPECT_NE(trace.Header("content-type"), "message/http");
    EXPECT_FALSE(Contains(trace.body, "abc123"));
    // The application itself still works, vulnerabilities included.
    EXPECT_TRUE(Contains(Get(app, "/").body, "Welcome to WebShop"));
    EXPECT_TRUE(Contains(Get(app, "/products?category=%27").body, "unrecognized token"));
}

}  // namespace
}  // namespace palisade::testing

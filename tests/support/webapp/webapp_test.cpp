// SPDX-License-Identifier: Apache-2.0
// VulnerableApp: every planted vulnerability really behaves vulnerable (plain HTTP requests, no scanner), and the
// HttpFixture extension it relies on (request bodies, query strings) works.
#include <gtest/gtest.h>

#include <string>

#include "support/http/http_fixture.hpp"
#include "support/webapp/webapp_test_helpers.hpp"

namespace palisade::testing {
namespace {

using webapp_test::Contains;
using webapp_test::CookiePair;
using webapp_test::Enc;
using webapp_test::Get;
using webapp_test::PostForm;
using webapp_test::Send;

TEST(HttpFixtureBody, RecordsBodyAndQuery) {
    HttpFixture fixture;
    fixture.SetHandler([](const HttpRequestRecord& r) {
        return ScriptedResponse::Html("len=" + std::to_string(r.body.size()) + " query=" + r.query);
    });
    HttpClient client(fixture.Url(""));
    const std::string body(5000, 'b');
    HttpResult posted =
        client.Request("POST", "/p?a=1&b=%20x", body, {{"Content-Type", "text/plain"}, {"Expect", "100-continue"}});
    EXPECT_EQ(posted.body, "len=5000 query=a=1&b=%20x");
    HttpResult plain = client.Get("/plain");
    EXPECT_EQ(plain.body, "len=0 query=");
    auto requests = fixture.Requests();
    ASSERT_EQ(requests.size(), 2u);
    EXPECT_EQ(requests[0].body, body);
    EXPECT_EQ(requests[0].path, "/p");
    EXPECT_EQ(requests[0].query, "a=1&b=%20x");
    EXPECT_TRUE(requests[1].body.empty());
    EXPECT_TRUE(requests[1].query.empty());
}

TEST(VulnerableAppXss, HtmlBodyContext) {
    VulnerableApp app;
    HttpResult r = Get(app, "/search?q=" + Enc("<script>alert(7)</script>"));
    ASSERT_EQ(r.status, 200);
    EXPECT_TRUE(Contains(r.body, "<b><script>alert(7)</script></b>")) << r.body;
    // The search box itself encodes: the only raw copy is the results line.
    EXPECT_TRUE(Contains(r.body, "value=\"&lt;script&gt;alert(7)&lt;/script&gt;\""));
}

TEST(VulnerableAppXss, AttributeContexts) {
    VulnerableApp app;
    HttpResult dq = Get(app, "/products/filter?color=" + Enc("x\" onfocus=\"alert(1)"));
    EXPECT_TRUE(Contains(dq.body, "value=\"x\" onfocus=\"alert(1)\">")) << dq.body;
    HttpResult sq = Get(app, "/gallery?caption=" + Enc("x' onerror='alert(1)"));
    EXPECT_TRUE(Contains(sq.body, "alt='x' onerror='alert(1)'>")) << sq.body;
    HttpResult uq = Get(app, "/widgets/banner?width=" + Enc("300 onmouseover=alert(1)"));
    EXPECT_TRUE(Contains(uq.body, "<table width=300 onmouseover=alert(1) class=banner>")) << uq.body;
}

TEST(VulnerableAppXss, ScriptStringContext) {
    VulnerableApp app;
    HttpResult r = Get(app, "/track?ref=" + Enc("\";alert(1);//"));
    EXPECT_TRUE(Contains(r.body, "var ref = \"\";alert(1);//\";")) << r.body;
    HttpResult close = Get(app, "/track?ref=" + Enc("</script><script>alert(1)</script>"));
    EXPECT_TRUE(Contains(close.body, "var ref = \"</script><script>alert(1)</script>\";"));
}

TEST(VulnerableAppXss, UrlAttributeAcceptsJavascriptScheme) {
    VulnerableApp app;
    HttpResult r = Get(app, "/share?link=" + Enc("javascript:alert(1)"));
    EXPECT_TRUE(Contains(r.body, "<a href=\"javascript:alert(1)\">")) << r.body;
    // Quotes are encoded: the scheme is the way in, not breaking out of the attribute.
    HttpResult quoted = Get(app, "/share?link=" + Enc("x\" onclick=\"alert(1)"));
    EXPECT_TRUE(Contains(quoted.body, "<a href=\"x&quot; onclick=&quot;alert(1)\">"));
}

TEST(VulnerableAppXss, PostFormReflectsMessageRaw) {
    VulnerableApp app;
    HttpResult form = Get(app, "/guestbook");
    EXPECT_TRUE(Contains(form.body, "<form action=\"/guestbook\" method=\"post\">"));
    HttpResult r = PostForm(app, "/guestbook", "name=Ann&message=" + Enc("<img src=x onerror=alert(1)>"));
    ASSERT_EQ(r.status, 200);
    EXPECT_TRUE(Contains(r.body, "<div><img src=x onerror=alert(1)></div>")) << r.body;
    // A GET with the same parameter reflects nothing: only the form is vulnerable.
    HttpResult get = Get(app, "/guestbook?message=" + Enc("<img src=x onerror=alert(1)>"));
    EXPECT_FALSE(Contains(get.body, "onerror=alert(1)"));
}

TEST(VulnerableAppSqli, ErrorBasedShowsSqliteErrors) {
    VulnerableApp app;
    HttpResult base = Get(app, "/products?category=books");
    EXPECT_TRUE(Contains(base.body, "SQL for Beginners"));
    EXPECT_FALSE(Contains(base.body, "error"));
    HttpResult quote = Get(app, "/products?category=" + Enc("books'"));
    EXPECT_TRUE(Contains(quote.body, "unrecognized token: &quot;&#39;books&#39;&#39; ORDER BY id&quot;")) << quote.body;
    HttpResult near = Get(app, "/products?category=" + Enc("books' x --"));
    EXPECT_TRUE(Contains(near.body, "near &quot;x&quot;: syntax error")) << near.body;
    // A balanced quote is valid SQL; a UNION reads another table: it is real SQL, not pattern matching.
    HttpResult balanced = Get(app, "/products?category=" + Enc("books''"));
    EXPECT_TRUE(Contains(balanced.body, "No products in this category."));
    HttpResult union_select =
        Get(app, "/products?category=" + Enc("none' UNION SELECT id, username, email FROM users --"));
    EXPECT_TRUE(Contains(union_select.body, "admin@webshop.example")) << union_select.body;
}

TEST(VulnerableAppSqli, BooleanBasedDiffersAndHidesErrors) {
    VulnerableApp app;
    HttpResult base = Get(app, "/product?id=1");
    HttpResult yes = Get(app, "/product?id=" + Enc("1 AND 1=1"));
    HttpResult no = Get(app, "/product?id=" + Enc("1 AND 1=2"));
    HttpResult broken = Get(app, "/product?id=" + Enc("1'"));
    EXPECT_TRUE(Contains(base.body, "<h1>Desk Lamp</h1>"));
    EXPECT_EQ(yes.body, base.body);
    EXPECT_NE(no.body, base.body);
    EXPECT_TRUE(Contains(no.body, "No product found."));
    EXPECT_TRUE(Contains(broken.body, "No product found."));
    EXPECT_FALSE(Contains(broken.body, "unrecognized") || Contains(broken.body, "syntax"));
}

TEST(VulnerableAppSqli, SimulatedDbmsErrorsFollowTheSql) {
    VulnerableApp app;
    struct Case {
        const char* base;
        const char* message;
    };
    const Case cases[] = {
        {"/news.php?id=1",
         "You have an error in your SQL syntax; check the manual that corresponds to your MySQL "
         "server version for the right syntax to use near &#39;&#39;1&#39;&#39;&#39; at line 1"},
        {"/events?slug=spring-sale", "ERROR:  unterminated quoted string at or near &quot;&#39;spring-sale"},
        {"/store/item.asp?code=A100", "Unclosed quotation mark after the character string &#39;A100"},
        {"/jobs?dept=sales", "ORA-01756: quoted string not properly terminated"},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.base);
        HttpResult base = Get(app, c.base);
        EXPECT_EQ(base.status, 200);
        EXPECT_FALSE(Contains(base.body, "error") || Contains(base.body, "ORA-")) << base.body;
        HttpResult quote = Get(app, std::string(c.base) + "%27");
        EXPECT_TRUE(Contains(quote.body, c.message)) << quote.body;
        HttpResult escaped = Get(app, std::string(c.base) + "%27%27");  // a quote inside the string: valid SQL
        EXPECT_FALSE(Contains(escaped.body, "error") || Contains(escaped.body, "ORA-") ||
                     Contains(escaped.body, "Unclosed"))
            << escaped.body;
        HttpResult comment = Get(app, std::string(c.base) + Enc("' --"));  // the rest commented out: valid
        EXPECT_EQ(comment.body, base.body);
    }
    HttpResult column = Get(app, "/news.php?id=" + Enc("1' AND nosuch = '1"));
    EXPECT_TRUE(Contains(column.body, "Unknown column &#39;nosuch&#39; in &#39;where clause&#39;"));
    HttpResult oracle_syntax = Get(app, "/jobs?dept=" + Enc("sales' x --"));
    EXPECT_TRUE(Contains(oracle_syntax.body, "ORA-00933: SQL command not properly ended"));
}

TEST(VulnerableAppTraversal, LinuxReadsFakePasswdAtAnySufficientDepth) {
    VulnerableApp app;
    EXPECT_TRUE(Contains(Get(app, "/docs/view?file=intro.txt").body, "Welcome to WebShop."));
    for (const std::string& file :
         {std::string("../../../../etc/passwd"), std::string("../../../../../../../../etc/passwd"),
          std::string("./../.././../../etc//passwd")}) {
        HttpResult r = Get(app, "/docs/view?file=" + Enc(file));
        EXPECT_EQ(r.status, 200) << file;
        EXPECT_TRUE(Contains(r.body, "root:x:0:0:root:/root:/bin/bash")) << file;
    }
    HttpResult encoded = Get(app, "/docs/view?file=..%2f..%2f..%2f..%2f..%2fetc%2fpasswd");
    EXPECT_TRUE(Contains(encoded.body, "root:x:0:0:root:/root:/bin/bash"));
    EXPECT_EQ(Get(app, "/docs/view?file=" + Enc("../../etc/passwd")).status, 404);  // not deep enough
    EXPECT_EQ(Get(app, "/docs/view?file=" + Enc("/etc/passwd")).status, 404);       // concatenated, not absolute
    // The real file system is never read.
    EXPECT_EQ(Get(app, "/docs/view?file=" + Enc("../../../../etc/hostname")).status, 404);
    EXPECT_EQ(Get(app, "/docs/view?file=" + Enc("../../../../proc/self/environ")).status, 404);
    HttpResult thumb = Get(app, "/thumb?img=" + Enc("../../../../../etc/passwd"));
    EXPECT_TRUE(Contains(thumb.body, "root:x:0:0:"));
    const std::string up_twice_encoded = "%252e%252e%252f";  // "../" encoded twice
    HttpResult twice = Get(app, "/thumb?img=" + up_twice_encoded + up_twice_encoded + up_twice_encoded +
                                    up_twice_encoded + "etc%252fpasswd");
    EXPECT_TRUE(Contains(twice.body, "root:x:0:0:"));
    EXPECT_EQ(Get(app, "/thumb?img=logo-2x.png").Header("content-type"), "image/png");
}

TEST(VulnerableAppTraversal, WindowsReadsFakeWinIni) {
    VulnerableApp app;
    EXPECT_TRUE(Contains(Get(app, "/download?name=catalog.txt").body, "WebShop catalogue"));
    for (const char* name :
         {"..\\..\\windows\\win.ini", "..\\..\\..\\..\\..\\WINDOWS\\win.ini", "../../windows/win.ini"}) {
        HttpResult r = Get(app, "/download?name=" + Enc(name));
        EXPECT_TRUE(Contains(r.body, "[fonts]")) << name;
    }
    EXPECT_EQ(Get(app, "/download?name=" + Enc("..\\windows\\win.ini")).status, 404);  // not deep enough
}

TEST(VulnerableAppRedirect, GoRedirectsAnywhere) {
    VulnerableApp app;
    HttpResult r = Get(app, "/go?url=" + Enc("http://evil.example/x"));
    EXPECT_EQ(r.status, 302);
    EXPECT_EQ(r.Header("location"), "http://evil.example/x");
    EXPECT_EQ(Get(app, "/go?url=" + Enc("//evil.example")).Header("location"), "//evil.example");
    EXPECT_EQ(Get(app, "/go?url=" + Enc("http://a.example/\r\nSet-Cookie: x=1")).status, 400);  // no splitting
}

TEST(VulnerableAppCsrf, ProfileChangesWithoutToken) {
    VulnerableApp app;
    HttpResult page = Get(app, "/profile");
    const std::string cookie = CookiePair(page.Header("set-cookie"));
    ASSERT_TRUE(cookie.starts_with("sid="));
    EXPECT_TRUE(Contains(page.body, "<form action=\"/profile\" method=\"post\">"));
    EXPECT_FALSE(Contains(page.body, "type=\"hidden\""));
    // A cross-site POST carries the cookie and nothing else: it works.
    HttpResult changed = PostForm(app, "/profile", "email=" + Enc("attacker@evil.example"),
                                  {{"Cookie", cookie}, {"Origin", "http://evil.example"}});
    EXPECT_EQ(changed.status, 200);
    EXPECT_TRUE(Contains(Get(app, "/profile", {{"Cookie", cookie}}).body, "value=\"attacker@evil.example\""));
}

TEST(VulnerableAppCors, ProfileReflectsOriginWithCredentials) {
    VulnerableApp app;
    HttpResult r = Get(app, "/api/profile", {{"Origin", "http://evil.example"}});
    EXPECT_EQ(r.Header("access-control-allow-origin"), "http://evil.example");
    EXPECT_EQ(r.Header("access-control-allow-credentials"), "true");
    EXPECT_TRUE(Contains(r.body, "\"user\":\"guest\""));
    HttpResult other = Get(app, "/api/profile", {{"Origin", "https://another.example"}});
    EXPECT_EQ(other.Header("access-control-allow-origin"), "https://another.example");
    HttpResult preflight = Send(app, "OPTIONS", "/api/profile", {},
                                {{"Origin", "http://evil.example"}, {"Access-Control-Request-Method", "POST"}});
    EXPECT_EQ(preflight.status, 204);
    EXPECT_EQ(preflight.Header("access-control-allow-origin"), "http://evil.example");
}

TEST(VulnerableAppExposed, WellKnownFilesAreServed) {
    VulnerableApp app;
    EXPECT_EQ(Get(app, "/.git/HEAD").body, "ref: refs/heads/main\n");
    EXPECT_TRUE(Contains(Get(app, "/.git/config").body, "[remote \"origin\"]"));
    EXPECT_TRUE(Contains(Get(app, "/.env").body, "DB_PASSWORD="));
    EXPECT_TRUE(Get(app, "/.svn/entries").body.starts_with("10\n\ndir\n"));
    HttpResult ds = Get(app, "/.DS_Store");
    EXPECT_EQ(ds.body.substr(0, 8), std::string("\x00\x00\x00\x01"
                                                "Bud1",
                                                8));
    EXPECT_TRUE(Contains(Get(app, "/server-status").body, "Apache Server Status for"));
    EXPECT_TRUE(Contains(Get(app, "/phpinfo.php").body, "<title>PHP 7.4.3 - phpinfo()</title>"));
    HttpResult bak = Get(app, "/news.php.bak");
    EXPECT_TRUE(bak.body.starts_with("<?php")) << bak.body;
    EXPECT_TRUE(Contains(bak.body, "mysqli_connect("));
    // Everything else is a real 404.
    for (const char* path : {"/.git/index", "/.env.bak", "/index.php.bak", "/no-such-page", "/.svn/wc.db"}) {
        EXPECT_EQ(Get(app, path).status, 404) << path;
    }
}

TEST(VulnerableAppMethods, TraceEchoesTheRequest) {
    VulnerableApp app;
    HttpResult r = Send(app, "TRACE", "/anything", {}, {{"X-Palisade-Probe", "abc123"}});
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.Header("content-type"), "message/http");
    EXPECT_TRUE(r.body.starts_with("TRACE /anything HTTP/1.1\r\n")) << r.body;
    EXPECT_TRUE(Contains(r.body, "X-Palisade-Probe: abc123"));
}

TEST(VulnerableAppMethods, UploadAllowsPutAndDelete) {
    VulnerableApp app;
    HttpResult options = Send(app, "OPTIONS", "/upload");
    EXPECT_EQ(options.status, 200);
    EXPECT_EQ(options.Header("allow"), "GET, POST, PUT, DELETE, OPTIONS");
    HttpResult put = Send(app, "PUT", "/upload/probe.txt", "hello palisade", {{"Content-Type", "text/plain"}});
    EXPECT_EQ(put.status, 201);
    EXPECT_EQ(Get(app, "/upload/probe.txt").body, "hello palisade");
    EXPECT_TRUE(Contains(Get(app, "/upload").body, "/upload/probe.txt"));
    EXPECT_EQ(Send(app, "DELETE", "/upload/probe.txt").status, 204);
    EXPECT_EQ(Get(app, "/upload/probe.txt").status, 404);
}

TEST(VulnerableAppLogin, AccountAreaNeedsTheSessionCookie) {
    VulnerableApp app;
    HttpResult anonymous = Get(app, "/account/search?q=x");
    EXPECT_EQ(anonymous.status, 302);
    EXPECT_EQ(anonymous.Header("location"), "/login?next=%2Faccount%2Fsearch");
    HttpResult wrong = PostForm(app, "/login", "user=admin&pass=wrong&next=%2Faccount%2F");
    EXPECT_EQ(wrong.status, 200);
    EXPECT_TRUE(wrong.Header("set-cookie").empty());
    HttpResult login = PostForm(app, "/login", "user=admin&pass=s3cret&next=%2Faccount%2F");
    EXPECT_EQ(login.status, 302);
    EXPECT_EQ(login.Header("location"), "/account/");
    const std::string set_cookie = login.Header("set-cookie");
    EXPECT_TRUE(Contains(set_cookie, "HttpOnly") && Contains(set_cookie, "SameSite=Strict")) << set_cookie;
    const std::string cookie = CookiePair(set_cookie);
    EXPECT_TRUE(Contains(Get(app, "/account/", {{"Cookie", cookie}}).body, "Welcome, admin"));
    HttpResult xss = Get(app, "/account/search?q=" + Enc("<svg onload=alert(1)>"), {{"Cookie", cookie}});
    EXPECT_TRUE(Contains(xss.body, "<i><svg onload=alert(1)></i>")) << xss.body;
    // After logout the cookie is worthless.
    Get(app, "/logout", {{"Cookie", cookie}});
    EXPECT_EQ(Get(app, "/account/", {{"Cookie", cookie}}).status, 302);
}

TEST(VulnerableAppLogin, CredentialsComeFromOptions) {
    VulnerableApp app(VulnerableApp::Options{.username = "alice", .password = "pw-42"});
    EXPECT_EQ(PostForm(app, "/login", "user=admin&pass=s3cret").status, 200);
    EXPECT_EQ(PostForm(app, "/login", "user=alice&pass=pw-42").status, 302);
}

TEST(VulnerableAppPoliteness, SlowDownAnswers429OncePerClient) {
    VulnerableApp app;
    HttpResult first = Get(app, "/slow-down", {{"User-Agent", "client-a"}});
    EXPECT_EQ(first.status, 429);
    EXPECT_EQ(first.Header("retry-after"), "1");
    EXPECT_EQ(Get(app, "/slow-down", {{"User-Agent", "client-a"}}).status, 200);
    EXPECT_EQ(Get(app, "/slow-down", {{"User-Agent", "client-b"}}).status, 429);
    EXPECT_EQ(Get(app, "/slow-down?client=2", {{"User-Agent", "client-a"}}).status, 429);
}

}  // namespace
}  // namespace palisade::testing

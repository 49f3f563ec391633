// SPDX-License-Identifier: Apache-2.0
#include "scan/modules/web/checks/passive/page_checks.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace palisade::scan::web::passive {
namespace {

Page HtmlPage(std::string url, std::vector<http::Header> headers = {}, std::string body = "<html></html>") {
    Page page;
    page.url = url;
    page.response.status = 200;
    page.response.url = url;
    page.response.headers = std::move(headers);
    page.response.headers.push_back({"Content-Type", "text/html; charset=utf-8"});
    page.response.body = std::move(body);
    return page;
}

Form PostForm(std::string page_url, std::string action, bool password) {
    Form form;
    form.page_url = std::move(page_url);
    form.action = std::move(action);
    form.method = "POST";
    form.fields = {{"user", "text", ""}};
    if (password) form.fields.push_back({"pass", "password", ""});
    form.has_password = password;
    return form;
}

std::vector<std::string> Checks(const std::vector<Observation>& observations) {
    std::vector<std::string> out;
    for (const Observation& o : observations) out.emplace_back(o.check);
    return out;
}

TEST(PageUrls, ComputesOriginHostAndShape) {
    EXPECT_EQ(Origin("https://Shop.Example.com:443/a?b=1"), "https://shop.example.com");
    EXPECT_EQ(Origin("http://[fd00::1]:8080/x"), "http://[fd00::1]:8080");
    EXPECT_EQ(Host("http://[fd00::1]:8080/x"), "fd00::1");
    EXPECT_EQ(WithoutQuery("https://h.example/a/b?c=1#d"), "https://h.example/a/b");
    EXPECT_EQ(PageShape("https://h.example/item/12/reviews?page=2"), "https://h.example/item/{id}/reviews");
    EXPECT_EQ(PageShape("https://h.example/item/13/reviews"), "https://h.example/item/{id}/reviews");
    EXPECT_EQ(PageShape("https://h.example/o/3f2a9c1e-77b0-4d2e-9a1c-0e5b6d7f8a90"), "https://h.example/o/{id}");
    EXPECT_EQ(PageShape("https://h.example/"), "https://h.example/");
    EXPECT_EQ(PageShape("https://h.example/docs/v2/"), "https://h.example/docs/v2/");
    EXPECT_EQ(Origin("not a url"), "");
}

TEST(CookieChecks, FlagsMissingSecureHttpOnlyAndSameSite) {
    Page page =
        HtmlPage("https://shop.example/login", {{"Set-Cookie", "PHPSESSID=8f14e45fceea167a5a36dedd4bea2543; path=/"},
                                                {"Set-Cookie", "lang=en; Path=/; Secure"}});
    auto found = CheckCookies(page);
    ASSERT_EQ(Checks(found),
              (std::vector<std::string>{"web.cookie.no_secure", "web.cookie.no_httponly", "web.cookie.no_samesite"}));
    for (const Observation& o : found) {
        EXPECT_EQ(o.location, "https://shop.example");
        EXPECT_EQ(o.detail, "PHPSESSID");
        EXPECT_EQ(o.evidence, "Set-Cookie: PHPSESSID=\u2026; path=/");  // the session id itself is not shown
        EXPECT_EQ(o.dedup_key, "shop.example|PHPSESSID");
    }
}

TEST(CookieChecks, AcceptsWellFlaggedCookies) {
    Page page = HtmlPage("https://shop.example/",
                         {{"Set-Cookie", "sessionid=abc; Path=/; Secure; HttpOnly; SameSite=Lax"},
                          {"Set-Cookie", "XSRF-TOKEN=abc; Path=/; Secure; SameSite=Strict"},  // readable on purpose
                          {"Set-Cookie", "theme=dark; Path=/; Secure"},                       // not a session cookie
                          {"Set-Cookie", "sid=; Max-Age=0; Path=/"},                          // deletion
                          {"Set-Cookie", "auth=x; Expires=Thu, 01 Jan 1970 00:00:00 GMT"},    // deletion
                          {"Set-Cookie", "\x01garbage"}});                                    // rejected by the parser
    EXPECT_TRUE(CheckCookies(page).empty());
}

TEST(CookieChecks, NoSecureOnlyOverHttpsAndSameSiteNoneIsWeak) {
    Page http = HtmlPage("http://shop.example/", {{"Set-Cookie", "JSESSIONID=abc; HttpOnly; SameSite=Lax"}});
    EXPECT_TRUE(CheckCookies(http).empty());
    Page none = HtmlPage("https://shop.example/", {{"Set-Cookie", "connect.sid=abc; Secure; HttpOnly; SameSite=None"}});
    EXPECT_EQ(Checks(CheckCookies(none)), std::vector<std::string>{"web.cookie.no_samesite"});
    Page csrf = HtmlPage("https://shop.example/", {{"Set-Cookie", "csrftoken=abc; Secure"}});
    EXPECT_EQ(Checks(CheckCookies(csrf)), std::vector<std::string>{"web.cookie.no_samesite"});
}

TEST(CookieChecks, RecognisesSessionCookieNames) {
    for (std::string_view name : {"PHPSESSID", "JSESSIONID", "ASP.NET_SessionId", "connect.sid", "laravel_session",
                                  "remember_user_token", "auth", "sid", "CFTOKEN", "jwt"}) {
        EXPECT_TRUE(IsSessionCookieName(name)) << name;
    }
    for (std::string_view name : {"lang", "theme", "_ga", "XSRF-TOKEN", "csrftoken", "consent", "side"}) {
        EXPECT_FALSE(IsSessionCookieName(name)) << name;
    }
}

TEST(MixedContent, SplitsActiveAndPassiveHttpSubresources) {
    Page page = HtmlPage("https://shop.example/", {},
                         "<link rel=\"stylesheet\" href=\"http://cdn.example/site\">"
                         "<link rel=icon href=http://cdn.example/favicon.ico>");
    page.html.scripts = {"http://cdn.example/app.js"};
    page.html.iframes = {"http://ads.example/frame"};
    page.html.subresources = {"http://cdn.example/app.js",      "http://cdn.example/site",
                              "http://cdn.example/favicon.ico", "http://ads.example/frame",
                              "http://img.example/a.png",       "https://cdn.example/ok.js",
                              "http://127.0.0.1:8080/dev.js"};
    auto found = CheckMixedContent(page);
    ASSERT_EQ(found.size(), 5u);
    EXPECT_EQ(found[0].check, "web.mixed_content.active");
    EXPECT_EQ(found[0].evidence, "script http://cdn.example/app.js");
    EXPECT_EQ(found[1].evidence, "stylesheet http://cdn.example/site");
    EXPECT_EQ(found[2].check, "web.mixed_content.passive");
    EXPECT_EQ(found[2].evidence, "resource http://cdn.example/favicon.ico");
    EXPECT_EQ(found[3].evidence, "iframe http://ads.example/frame");
    EXPECT_EQ(found[4].check, "web.mixed_content.passive");
    for (const Observation& o : found) {
        EXPECT_TRUE(o.grouped);
        EXPECT_EQ(o.location, "https://shop.example/");
    }
}

TEST(MixedContent, IgnoresHttpsOnlyPagesAndHttpPages) {
    Page secure = HtmlPage("https://shop.example/");
    secure.html.scripts = {"https://cdn.example/app.js"};
    secure.html.subresources = {"https://cdn.example/app.js", "https://img.example/a.png"};
    EXPECT_TRUE(CheckMixedContent(secure).empty());
    Page plain = HtmlPage("http://shop.example/");
    plain.html.subresources = {"http://cdn.example/app.js"};
    EXPECT_TRUE(CheckMixedContent(plain).empty());
}

TEST(FrameProtection, ReadsXFrameOptionsAndFrameAncestors) {
    auto with = [](std::vector<http::Header> headers) {
        http::Response r;
        r.headers = std::move(headers);
        return FrameProtected(r);
    };
    EXPECT_TRUE(with({{"X-Frame-Options", "DENY"}}));
    EXPECT_TRUE(with({{"X-Frame-Options", "sameorigin"}}));
    EXPECT_TRUE(with({{"X-Frame-Options", "DENY, SAMEORIGIN"}}));  // several values block framing
    EXPECT_TRUE(with({{"Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'"}}));
    EXPECT_TRUE(with({{"Content-Security-Policy", "frame-ancestors https://partner.example"}}));
    EXPECT_FALSE(with({}));
    EXPECT_FALSE(with({{"X-Frame-Options", "ALLOW-FROM https://a.example"}}));
    EXPECT_FALSE(with({{"X-Frame-Options", "ALLOWALL"}}));
    EXPECT_FALSE(with({{"Content-Security-Policy", "default-src 'self'"}}));
    EXPECT_FALSE(with({{"Content-Security-Policy", "frame-ancestors *"}, {"X-Frame-Options", "DENY"}}));
    EXPECT_FALSE(with({{"Content-Security-Policy", "frame-ancestors https:"}}));
    EXPECT_FALSE(with({{"Content-Security-Policy", "frame-ancestors https://*"}}));
    EXPECT_FALSE(with({{"Content-Security-Policy-Report-Only", "frame-ancestors 'none'"}}));
}

TEST(Clickjacking, FlagsFramableFormPages) {
    Page page = HtmlPage("https://shop.example/account/7/edit?tab=2");
    page.html.forms = {PostForm(page.url, "https://shop.example/account/7", false)};
    auto found = CheckClickjacking(page);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].check, "web.clickjacking");
    EXPECT_EQ(found[0].location, "https://shop.example/account/7/edit");
    EXPECT_EQ(found[0].dedup_key, "https://shop.example/account/{id}/edit");
    EXPECT_NE(found[0].evidence.find("X-Frame-Options: (absent)"), std::string::npos);
}

TEST(Clickjacking, IgnoresProtectedPagesSearchFormsAndNonHtml) {
    Page deny = HtmlPage("https://shop.example/login", {{"X-Frame-Options", "DENY"}});
    deny.html.forms = {PostForm(deny.url, deny.url, true)};
    EXPECT_TRUE(CheckClickjacking(deny).empty());

    Page search = HtmlPage("https://shop.example/");
    Form get;
    get.action = "https://shop.example/search";
    get.fields = {{"q", "text", ""}};
    search.html.forms = {get};
    EXPECT_TRUE(CheckClickjacking(search).empty());  // a GET form is a link: nothing to trick a click into

    Page none = HtmlPage("https://shop.example/about");
    EXPECT_TRUE(CheckClickjacking(none).empty());

    Page error = HtmlPage("https://shop.example/login");
    error.html.forms = {PostForm(error.url, error.url, true)};
    error.response.status = 404;
    EXPECT_TRUE(CheckClickjacking(error).empty());
}

TEST(PasswordForms, FlagsHttpActionsAndHttpPages) {
    Page page = HtmlPage("https://shop.example/login");
    page.html.forms = {PostForm(page.url, "http://shop.example/session", true)};
    auto found = CheckPasswordForms(page);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].check, "web.password_over_http");
    EXPECT_EQ(found[0].detail, "http://shop.example/session");
    EXPECT_NE(found[0].evidence.find("submits to http://shop.example/session"), std::string::npos);

    Page http = HtmlPage("http://shop.example/login");
    http.html.forms = {PostForm(http.url, "https://shop.example/session", true)};
    auto on_http = CheckPasswordForms(http);
    ASSERT_EQ(on_http.size(), 1u);
    EXPECT_NE(on_http[0].evidence.find("served over http"), std::string::npos);
}

TEST(PasswordForms, IgnoresHttpsFormsAndFormsWithoutPassword) {
    Page page = HtmlPage("https://shop.example/login");
    page.html.forms = {PostForm(page.url, "https://shop.example/session", true),
                       PostForm(page.url, "http://shop.example/newsletter", false)};
    EXPECT_TRUE(CheckPasswordForms(page).empty());
}

TEST(PasswordForms, LoopbackSitesAreJudgedLikeAnyOther) {
    // A CI pipeline scanning the application it just built on 127.0.0.1: deployed, it serves the same form.
    Page local = HtmlPage("http://127.0.0.1:8080/login");
    local.html.forms = {PostForm(local.url, "http://127.0.0.1:8080/session", true)};
    EXPECT_EQ(CheckPasswordForms(local).size(), 1u);
}

}  // namespace
}  // namespace palisade::scan::web::passive

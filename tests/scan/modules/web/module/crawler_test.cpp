// SPDX-License-Identifier: Apache-2.0
// The crawler against loopback sites: discovery (links, forms, scripts, frames, robots.txt, sitemap.xml), scope
// (redirects included), shape de-duplication, limits, logout avoidance, login and re-login.
#include "scan/modules/web/crawler.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <set>

#include "support/http/http_fixture.hpp"

namespace palisade::scan::web {
namespace {

using palisade::testing::HttpFixture;
using palisade::testing::HttpRequestRecord;
using palisade::testing::ScriptedResponse;

std::set<std::string> RequestedPaths(const HttpFixture& site) {
    std::set<std::string> out;
    for (const auto& r : site.Requests()) out.insert(r.path);
    return out;
}

CrawlResult CrawlSite(const HttpFixture& site, CrawlOptions options = {}, std::vector<std::string> hosts = {},
                      std::vector<std::string> paths = {}) {
    http::ClientOptions client_options;
    CrawlScope scope(site.Url("/"), std::move(hosts), std::move(paths), {});
    client_options.in_scope = [&scope](std::string_view url) { return scope.Contains(url); };
    auto client = http::MakeCurlClient(client_options);
    Crawler crawler(*client, scope, options, CancelToken());
    return crawler.Crawl(site.Url("/"), [](const Page&) {});
}

TEST(CrawlScope, SameOriginByDefaultPlusListedHostsAndPaths) {
    CrawlScope scope("http://127.0.0.1:8080/app/", {}, {}, {"/private"});
    EXPECT_TRUE(scope.Contains("http://127.0.0.1:8080/other"));
    EXPECT_FALSE(scope.Contains("http://127.0.0.1:8081/"));
    EXPECT_FALSE(scope.Contains("https://127.0.0.1:8080/"));
    EXPECT_FALSE(scope.Contains("http://evil.example/"));
    EXPECT_FALSE(scope.Contains("http://127.0.0.1:8080/private/x"));
    EXPECT_FALSE(scope.Contains("javascript:alert(1)"));
    CrawlScope wider("http://127.0.0.1:8080/", {"api.local", "cdn.local:9000"}, {"/app"}, {});
    EXPECT_TRUE(wider.Contains("http://api.local/app/x"));
    EXPECT_TRUE(wider.Contains("https://cdn.local:9000/app"));
    EXPECT_FALSE(wider.Contains("https://cdn.local:9001/app"));
    EXPECT_FALSE(wider.Contains("http://127.0.0.1:8080/other"));
}

TEST(Crawler, ShapesIgnoreParameterValuesAndOrder) {
    EXPECT_EQ(UrlShape("http://h/p?a=1&b=2"), UrlShape("http://h/p?b=9&a=7"));
    EXPECT_NE(UrlShape("http://h/p?a=1"), UrlShape("http://h/p?a=1&c=2"));
    EXPECT_NE(UrlShape("http://h/p?a=1"), UrlShape("http://h/q?a=1"));
    EXPECT_NE(UrlShape("http://h/p", "GET"), UrlShape("http://h/p", "POST"));
    EXPECT_TRUE(LooksLikeLogout("http://h/account/Logout?x=1"));
    EXPECT_FALSE(LooksLikeLogout("http://h/login"));
}

TEST(Crawler, DiscoversEverythingInScopeAndNothingOutside) {
    HttpFixture site;
    std::string off_site = "http://127.0.0.2:1/never";
    site.Route("/", ScriptedResponse::Html(
                        "<a href='/a?id=1'>a1</a><a href='/a?id=2'>a2</a><a href='" + off_site + "'>x</a>"
                        "<a href='/logout'>bye</a><iframe src='/frame'></iframe><img srcset='/img1.png 1x, /img2.png 2x'>"
                        "<script src='/app.js'></script><script>fetch('/api/items')</script>"
                        "<form action='/search'><input name='q'></form>"
                        "<form method='post' action='/comment'><input name='text'><input type='hidden' name='t' value='1'></form>"
                        "<a href='/jump'>jump</a>"));
    site.Route("/a", ScriptedResponse::Html("<a href='/deep1'>d</a>"));
    site.Route("/deep1", ScriptedResponse::Html("<a href='/deep2'>d</a>"));
    site.Route("/deep2", ScriptedResponse::Html("<a href='/deep3'>d</a>"));
    site.Route("/jump", ScriptedResponse::Redirect(302, off_site));
    site.Route("/robots.txt", ScriptedResponse{200, "OK", {{"Content-Type", "text/plain"}},
                                               "User-agent: *\nDisallow: /hidden/\nSitemap: " + site.Url("/s2.xml")});
    site.Route("/sitemap.xml", ScriptedResponse{200, "OK", {{"Content-Type", "application/xml"}},
                                                "<urlset><url><loc>" + site.Url("/from-sitemap") + "</loc></url></urlset>"});
    site.Route("/s2.xml", ScriptedResponse{200, "OK", {{"Content-Type", "application/xml"}},
                                           "<urlset><url><loc>" + site.Url("/from-sitemap2") + "</loc></url></urlset>"});
    site.Route("/app.js", ScriptedResponse{200, "OK", {{"Content-Type", "application/javascript"}}, "var x='/not-crawled';"});

    CrawlOptions options;
    options.max_depth = 3;
    CrawlResult result = CrawlSite(site, options);
    auto paths = RequestedPaths(site);
    for (std::string p : {"/", "/a", "/frame", "/img1.png", "/img2.png", "/app.js", "/api/items", "/search",
                          "/robots.txt", "/sitemap.xml", "/hidden/", "/s2.xml", "/from-sitemap", "/from-sitemap2",
                          "/deep1", "/deep2", "/jump"}) {
        EXPECT_TRUE(paths.count(p)) << p << " was not requested";
    }
    EXPECT_FALSE(paths.count("/logout"));
    EXPECT_FALSE(paths.count("/deep3")) << "deeper than max_depth";
    EXPECT_FALSE(paths.count("/not-crawled")) << "scripts are fetched, not crawled";
    // /a?id=1 and /a?id=2 are one shape: fetched once.
    std::size_t a_requests = 0;
    for (const auto& r : site.Requests()) a_requests += r.path == "/a";
    EXPECT_EQ(a_requests, 1u);
    EXPECT_EQ(result.scripts, (std::vector<std::string>{site.Url("/app.js")}));
    // Injection points: ?id of /a, q of the GET form, text and t of the POST form.
    std::set<std::string> points;
    for (const auto& p : result.points) points.insert(p.method + " " + p.url + " " + p.name());
    EXPECT_TRUE(points.count("GET " + site.Url("/a") + " id"));
    EXPECT_TRUE(points.count("GET " + site.Url("/search") + " q"));
    EXPECT_TRUE(points.count("POST " + site.Url("/comment") + " text"));
    EXPECT_TRUE(points.count("POST " + site.Url("/comment") + " t"));
    EXPECT_EQ(result.forms.size(), 2u);
}

TEST(Crawler, StopsAtThePageLimit) {
    HttpFixture site;
    site.SetHandler([](const HttpRequestRecord& r) {
        std::string links;
        for (int i = 0; i < 10; ++i) links += "<a href='" + r.path + (r.path == "/" ? "" : "/") + std::to_string(i) + "'>x</a>";
        return ScriptedResponse::Html(links);
    });
    CrawlOptions options;
    options.max_pages = 25;
    options.robots = false;
    options.sitemap = false;
    CrawlResult result = CrawlSite(site, options);
    EXPECT_EQ(site.Requests().size(), 25u);
    EXPECT_EQ(result.pages.size(), 25u);
    EXPECT_TRUE(result.page_limit_reached);
}

TEST(Crawler, StaysUnderTheScopePaths) {
    HttpFixture site;
    site.Route("/", ScriptedResponse::Html("<a href='/app/x'>in</a><a href='/other'>out</a>"));
    site.Route("/app/x", ScriptedResponse::Html("<a href='/app/y'>in</a>"));
    http::ClientOptions client_options;
    CrawlScope scope(site.Url("/app/"), {}, {"/app"}, {});
    auto client = http::MakeCurlClient(client_options);
    CrawlOptions options;
    Crawler crawler(*client, scope, options, CancelToken());
    site.Route("/app/", ScriptedResponse::Html("<a href='/app/x'>in</a><a href='/other'>out</a>"));
    crawler.Crawl(site.Url("/app/"), [](const Page&) {});
    auto paths = RequestedPaths(site);
    EXPECT_TRUE(paths.count("/app/x"));
    EXPECT_TRUE(paths.count("/app/y"));
    EXPECT_FALSE(paths.count("/other"));
    EXPECT_FALSE(paths.count("/robots.txt")) << "outside the scope paths";
}

TEST(Crawler, LogsInAndLogsInAgainWhenSentToTheLoginPage) {
    HttpFixture site;
    std::atomic<int> logins{0};
    std::atomic<int> account_views{0};
    site.SetHandler([&](const HttpRequestRecord& r) {
        bool session = r.Header("Cookie").find("sid=ok") != std::string::npos;
        if (r.path == "/login" && r.method == "POST") {
            ++logins;
            ScriptedResponse ok = ScriptedResponse::Redirect(302, "/account");
            ok.headers.push_back({"Set-Cookie", "sid=ok; Path=/"});
            return ok;
        }
        if (r.path == "/login") return ScriptedResponse::Html("<form method=post action=/login><input name=u></form>");
        if (r.path.starts_with("/account")) {
            if (!session) return ScriptedResponse::Redirect(302, "/login");
            // The second view of the account page "expires" the session once.
            if (r.path == "/account/b" && account_views++ == 0) {
                ScriptedResponse expired = ScriptedResponse::Redirect(302, "/login");
                expired.headers.push_back({"Set-Cookie", "sid=gone; Path=/"});
                return expired;
            }
            return ScriptedResponse::Html("<p>secret area</p><a href='/account/b'>b</a><a href='/account/c'>c</a>");
        }
        return ScriptedResponse::Html("<a href='/account'>my account</a>");
    });
    CrawlOptions options;
    options.login = LoginRecipe{site.Url("/login"), {{"u", "admin"}, {"p", "s3cret"}}};
    options.robots = false;
    options.sitemap = false;
    CrawlResult result = CrawlSite(site, options);
    EXPECT_TRUE(result.logged_in);
    EXPECT_EQ(logins.load(), 2);
    EXPECT_EQ(result.relogins, 1u);
    std::set<std::string> seen;
    for (const Page& p : result.pages) {
        if (p.response.body.find("secret area") != std::string::npos) seen.insert(p.url);
    }
    EXPECT_TRUE(seen.count(site.Url("/account/b"))) << "re-fetched after logging in again";
    EXPECT_TRUE(seen.count(site.Url("/account/c")));
}

TEST(Crawler, EndsAtItsTimeBudget) {
    HttpFixture site;
    site.SetHandler([](const HttpRequestRecord& r) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        return ScriptedResponse::Html("<a href='" + r.path + "x'>more</a>");
    });
    CrawlOptions options;
    options.budget = std::chrono::milliseconds(500);
    options.max_depth = 100;
    options.robots = false;
    options.sitemap = false;
    CrawlResult result = CrawlSite(site, options);
    EXPECT_TRUE(result.time_limit_reached);
    EXPECT_LT(result.pages.size(), 10u);
}

}  // namespace
}  // namespace palisade::scan::web

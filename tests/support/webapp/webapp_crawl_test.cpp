// SPDX-License-Identifier: Apache-2.0
// VulnerableApp: the Planted()/Decoys() table is consistent, and what it says is reachable by crawling really is
// (a small breadth-first crawl over href, src, srcset, form actions, fetch() URLs, robots.txt and sitemap.xml).
#include <gtest/gtest.h>

#include <deque>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "support/webapp/webapp_test_helpers.hpp"

namespace palisade::testing {
namespace {

using webapp_test::Contains;
using webapp_test::CookiePair;
using webapp_test::PostForm;

std::string DecodeEntities(std::string text) {
    for (std::size_t at; (at = text.find("&amp;")) != std::string::npos;) text.replace(at, 5, "&");
    return text;
}

// Every value after `marker` up to `end` (e.g. href=" ... ").
std::vector<std::string> Between(const std::string& body, std::string_view marker, char end) {
    std::vector<std::string> out;
    for (std::size_t at = body.find(marker); at != std::string::npos; at = body.find(marker, at + 1)) {
        const std::size_t start = at + marker.size();
        const std::size_t stop = body.find(end, start);
        if (stop != std::string::npos) out.push_back(DecodeEntities(body.substr(start, stop - start)));
    }
    return out;
}

// The URLs a page names, as found by a crawler.
std::vector<std::string> ExtractUrls(const std::string& body) {
    std::vector<std::string> urls;
    for (const char* marker : {"href=\"", "src=\"", "action=\"", "fetch(\""}) {
        for (auto& url : Between(body, marker, '"')) urls.push_back(url);
    }
    for (const char* marker : {"href='", "src='"}) {
        for (auto& url : Between(body, marker, '\'')) urls.push_back(url);
    }
    for (const std::string& set : Between(body, "srcset=\"", '"')) {
        for (std::size_t start = 0; start < set.size();) {
            std::size_t comma = set.find(',', start);
            std::string candidate = set.substr(start, comma == std::string::npos ? comma : comma - start);
            while (!candidate.empty() && candidate.front() == ' ') candidate.erase(0, 1);
            urls.push_back(candidate.substr(0, candidate.find(' ')));
            if (comma == std::string::npos) break;
            start = comma + 1;
        }
    }
    for (auto& url : Between(body, "<loc>", '<')) urls.push_back(url);
    for (const char* marker : {"Disallow: ", "Allow: ", "Sitemap: "}) {
        for (auto& url : Between(body, marker, '\n')) urls.push_back(url);
    }
    return urls;
}

// `url` as a target ("/path?query") on `origin`, relative to `page`; "" when off-site or not http.
std::string Resolve(const std::string& origin, const std::string& page, std::string url) {
    url = url.substr(0, url.find('#'));
    if (url.starts_with(origin)) url = url.substr(origin.size());
    if (url.empty() || url.starts_with("//") || url.find(':') < url.find_first_of("/?")) return {};
    if (url.front() == '/') return url;
    const std::string page_path = page.substr(0, page.find('?'));
    if (url.front() == '?') return page_path + url;
    return page_path.substr(0, page_path.rfind('/') + 1) + url;
}

// Every path (without query) named by a page reachable from "/", robots.txt and sitemap.xml.
std::set<std::string> Crawl(const VulnerableApp& app, const Headers& headers = {}) {
    const std::string origin = webapp_test::Base(app);
    HttpClient client(origin);
    std::set<std::string> seen{"/", "/robots.txt", "/sitemap.xml"};
    std::set<std::string> paths;
    std::deque<std::string> queue(seen.begin(), seen.end());
    while (!queue.empty() && seen.size() < 400) {
        const std::string target = queue.front();
        queue.pop_front();
        paths.insert(target.substr(0, target.find('?')));
        HttpResult r = client.Get(target, headers);
        if (r.status == 0) ADD_FAILURE() << target << ": " << r.error;
        std::vector<std::string> urls = ExtractUrls(r.body);
        if (std::string location = r.Header("location"); !location.empty()) urls.push_back(location);
        for (const std::string& url : urls) {
            const std::string next = Resolve(origin, target, url);
            if (next.empty() || next.starts_with("/logout")) continue;
            if (seen.insert(next).second) queue.push_back(next);
        }
    }
    return paths;
}

TEST(VulnerableAppTable, IdsAndEntriesAreConsistent) {
    const std::set<std::string> known = {"web.xss.reflected",
                                         "web.sqli.error",
                                         "web.sqli.boolean",
                                         "web.path_traversal",
                                         "web.open_redirect",
                                         "web.csrf.missing_token",
                                         "web.cors.reflected_origin_with_credentials",
                                         "web.exposed.git",
                                         "web.exposed.env",
                                         "web.exposed.svn",
                                         "web.exposed.ds_store",
                                         "web.exposed.server_status",
                                         "web.exposed.phpinfo",
                                         "web.exposed.backup_file",
                                         "web.http.trace",
                                         "web.http.put_delete_allowed",
                                         "web.disclosure.stack_trace",
                                         "web.disclosure.database_error",
                                         "web.directory_listing",
                                         "web.disclosure.private_ip",
                                         "web.secret.aws_access_key",
                                         "web.cookie.no_httponly",
                                         "web.cookie.no_samesite",
                                         "web.clickjacking",
                                         "web.password_over_http",
                                         "web.js.vulnerable_library"};
    for (bool catch_all : {false, true}) {
        VulnerableAppOptions options{.catch_all = catch_all};
        std::set<std::tuple<std::string, std::string, std::string>> keys;
        std::set<std::string> planted_checks;
        for (const PlantedVuln& p : PlantedFor(options)) {
            EXPECT_TRUE(known.contains(p.check)) << p.check;
            EXPECT_TRUE(keys.insert({p.check, p.path, p.parameter}).second) << p.check << " " << p.path;
            EXPECT_TRUE(p.path.starts_with("/")) << p.path;
            EXPECT_FALSE(p.note.empty());
            planted_checks.insert(p.check);
        }
        for (const Decoy& d : DecoysFor(options)) {
            EXPECT_TRUE(known.contains(d.check)) << d.check;
            EXPECT_TRUE(keys.insert({d.check, d.path, d.parameter}).second)
                << "planted and decoy: " << d.check << " " << d.path;
        }
        if (!catch_all) {
            EXPECT_EQ(planted_checks, known);  // every check has at least one planted case
        }
    }
    // catch_all turns exactly the exposed files and TRACE into decoys.
    const auto normal = PlantedFor({});
    const auto soft404 = PlantedFor({.catch_all = true});
    EXPECT_EQ(normal.size() - soft404.size(), 8u);
    EXPECT_EQ(DecoysFor({.catch_all = true}).size() - DecoysFor({}).size(), 8u);
    for (const PlantedVuln& p : soft404) {
        EXPECT_FALSE(p.check.starts_with("web.exposed.") || p.check == "web.http.trace") << p.check;
    }
}

TEST(VulnerableAppCrawl, EveryCrawlablePathIsLinkedFromTheHomePage) {
    VulnerableApp app;
    const std::set<std::string> reached = Crawl(app);
    for (const PlantedVuln& p : app.Planted()) {
        if (p.reach == Reach::kCrawl) {
            EXPECT_TRUE(reached.contains(p.path)) << p.check << " " << p.path;
        }
        if (p.reach == Reach::kProbe && p.path != "/") {
            EXPECT_FALSE(reached.contains(p.path)) << "a probe-only path is linked: " << p.path;
        }
    }
    for (const Decoy& d : app.Decoys()) {
        if (d.reach == Reach::kCrawl) {
            EXPECT_TRUE(reached.contains(d.path)) << d.check << " " << d.path;
        }
    }
    // Some pages are only reachable one way: the iframe, the srcset, robots.txt, the sitemap, a script fetch().
    for (const char* path : {"/widgets/banner", "/thumb", "/legacy/stats", "/events", "/jobs", "/api/profile"}) {
        EXPECT_TRUE(reached.contains(path)) << path;
    }
    EXPECT_FALSE(reached.contains("/account/search"));  // behind the login
    EXPECT_FALSE(reached.contains("/slow-down"));       // not part of the site's pages
}

TEST(VulnerableAppCrawl, LoggedInCrawlReachesTheAccountArea) {
    VulnerableApp app;
    HttpResult login = PostForm(app, "/login", "user=admin&pass=s3cret&next=%2Faccount%2F");
    ASSERT_EQ(login.status, 302);
    const std::set<std::string> reached = Crawl(app, {{"Cookie", CookiePair(login.Header("set-cookie"))}});
    for (const PlantedVuln& p : app.Planted()) {
        if (p.reach == Reach::kLogin) {
            EXPECT_TRUE(reached.contains(p.path)) << p.check << " " << p.path;
        }
    }
    for (const Decoy& d : app.Decoys()) {
        if (d.reach == Reach::kLogin) {
            EXPECT_TRUE(reached.contains(d.path)) << d.check << " " << d.path;
        }
    }
    EXPECT_TRUE(reached.contains("/account/settings"));
}

TEST(VulnerableAppCrawl, RequestsAreRecorded) {
    VulnerableApp app;
    webapp_test::Get(app, "/search?q=abc");
    auto requests = app.Requests();
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_EQ(requests[0].path, "/search");
    EXPECT_EQ(requests[0].query, "q=abc");
    EXPECT_TRUE(Contains(app.Url("/x"), "127.0.0.1:" + std::to_string(app.port()) + "/x"));
}

}  // namespace
}  // namespace palisade::testing

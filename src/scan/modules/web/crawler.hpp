// SPDX-License-Identifier: Apache-2.0
// The crawler of the web scanner: breadth-first from a start URL over links, forms, scripts, frames, srcset, meta
// refresh, URLs in inline scripts, robots.txt and sitemap.xml; never outside its scope (redirects included); within
// limits of depth, pages, time and response size; each URL shape (path + parameter names) explored once. It can
// log in with a form recipe first and logs in again when a page shows it was logged out. Every response goes to
// `on_page` (passive checks) as it arrives; the result lists the pages, forms and injection points for the active
// checks. Requests go through an http::Client (its rate limit, cookies and cancellation).
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "scan/engine/cancel.hpp"
#include "scan/http/http_client.hpp"
#include "scan/modules/web/web_types.hpp"

namespace palisade::scan::web {

struct LoginRecipe {
    std::string url;  // where the form posts
    std::vector<std::pair<std::string, std::string>> fields;
};

// Which URLs the crawl may request. Same origin as the start URL by default.
class CrawlScope {
  public:
    // `start`: the start URL; `hosts`: further hosts ("name" any port, or "name:port"); `paths`: path prefixes (empty:
    // every path); `exclude`: path substrings never requested.
    CrawlScope(std::string_view start, std::vector<std::string> hosts, std::vector<std::string> paths,
               std::vector<std::string> exclude);
    bool Contains(std::string_view url) const;
    const std::string& origin() const { return origin_; }

  private:
    std::string scheme_, host_, origin_;
    std::uint16_t port_ = 0;
    std::vector<std::string> hosts_, paths_, exclude_;
};

struct CrawlOptions {
    int max_depth = 5;
    std::size_t max_pages = 300;
    std::chrono::milliseconds budget{120000};
    int concurrency = 8;
    std::optional<LoginRecipe> login;
    bool robots = true;   // read /robots.txt for paths and sitemaps
    bool sitemap = true;  // read /sitemap.xml (and sitemaps named in robots.txt)
};

struct CrawlResult {
    std::vector<Page> pages;                // every response, in fetch order (bodies kept)
    std::vector<Form> forms;                // one per form shape
    std::vector<InjectionPoint> points;     // one per (method, URL path, parameter names, parameter)
    std::vector<std::string> scripts;       // script URLs fetched
    std::size_t requests = 0;
    bool page_limit_reached = false;
    bool time_limit_reached = false;
    bool logged_in = false;
    std::size_t relogins = 0;
    std::vector<std::string> notes;         // transport errors (first few), login failures
};

// The shape of a URL for de-duplication: scheme://host:port/path?sorted parameter names.
std::string UrlShape(std::string_view url, std::string_view method = "GET");

// Links that would end the session (logout, sign out) are never followed.
bool LooksLikeLogout(std::string_view url);

class Crawler {
  public:
    Crawler(http::Client& client, CrawlScope scope, CrawlOptions options, CancelToken cancel);
    CrawlResult Crawl(const std::string& start_url, const std::function<void(const Page&)>& on_page);

  private:
    bool Login(CrawlResult& result);
    bool LoggedOut(const Page& page) const;

    http::Client& client_;
    CrawlScope scope_;
    CrawlOptions options_;
    CancelToken cancel_;
};

}  // namespace palisade::scan::web

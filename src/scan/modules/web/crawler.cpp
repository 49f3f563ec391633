// SPDX-License-Identifier: Apache-2.0
#include "scan/modules/web/crawler.hpp"

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <set>

#include "scan/engine/module.hpp"
#include "scan/modules/headers/web_util.hpp"
#include "scan/modules/web/html/html_extract.hpp"
#include "scan/modules/web/html/robots.hpp"

namespace palisade::scan::web {
namespace {

using headers::AsciiLower;
using headers::ParseWebUrl;
using headers::ResolveWebUrl;

constexpr std::size_t kStoredBodyCap = 256 * 1024;  // bytes of a body kept for the active checks after inspection
constexpr std::size_t kMaxNotes = 20;
constexpr std::size_t kMaxSitemapUrls = 1000;

std::string PathOf(const headers::WebUrl& url) { return url.path_query.substr(0, url.path_query.find('?')); }

std::string QueryOf(const headers::WebUrl& url) {
    std::size_t q = url.path_query.find('?');
    return q == std::string::npos ? std::string() : url.path_query.substr(q + 1);
}

bool IsHtml(const http::Response& response) {
    std::string type = response.MediaType();
    if (type == "text/html" || type == "application/xhtml+xml") return true;
    if (!type.empty()) return false;
    std::string_view body = headers::TrimAscii(std::string_view(response.body).substr(0, 512));
    return body.starts_with("<");
}

// A form's parameters with values a scanner can submit: defaults kept, empty text fields filled in.
std::vector<std::pair<std::string, std::string>> FormParams(const Form& form) {
    std::vector<std::pair<std::string, std::string>> params;
    for (const FormField& f : form.fields) {
        std::string value = f.value;
        if (value.empty()) {
            if (f.type == "email") {
                value = "scanner@palisade.local";
            } else if (f.type == "number" || f.type == "range") {
                value = "1";
            } else if (f.type == "url") {
                value = "http://palisade.local/";
            } else if (f.type != "hidden" && f.type != "submit" && f.type != "checkbox" && f.type != "radio") {
                value = "palisade";
            }
        }
        params.emplace_back(f.name, std::move(value));
    }
    return params;
}

}  // namespace

std::string UrlShape(std::string_view url, std::string_view method) {
    auto parsed = ParseWebUrl(url);
    if (!parsed) return std::string(method) + " " + std::string(url);
    std::vector<std::string> names;
    for (const auto& [name, value] : ParseQuery(QueryOf(*parsed))) names.push_back(name);
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    std::string shape = std::string(method) + " " + parsed->scheme + "://" + parsed->host + ":" +
                        std::to_string(parsed->port) + PathOf(*parsed);
    if (!names.empty()) shape += "?";
    for (const std::string& n : names) shape += n + "&";
    return shape;
}

bool LooksLikeLogout(std::string_view url) {
    std::string lower = AsciiLower(url);
    for (std::string_view word : {"logout", "log-out", "log_out", "signout", "sign-out", "sign_out", "logoff"}) {
        if (lower.find(word) != std::string::npos) return true;
    }
    return false;
}

CrawlScope::CrawlScope(std::string_view start, std::vector<std::string> hosts, std::vector<std::string> paths,
                       std::vector<std::string> exclude)
    : hosts_(std::move(hosts)), paths_(std::move(paths)), exclude_(std::move(exclude)) {
    if (auto url = ParseWebUrl(start)) {
        scheme_ = url->scheme;
        host_ = url->host;
        port_ = url->port;
        origin_ = url->href.substr(0, url->href.size() - url->path_query.size());
    }
    for (std::string& h : hosts_) h = AsciiLower(h);
}

bool CrawlScope::Contains(std::string_view text) const {
    auto url = ParseWebUrl(text);
    if (!url || (url->scheme != "http" && url->scheme != "https")) return false;
    bool same_origin = url->scheme == scheme_ && url->host == host_ && url->port == port_;
    bool listed = std::any_of(hosts_.begin(), hosts_.end(), [&](const std::string& h) {
        return h == url->host || h == url->host + ":" + std::to_string(url->port);
    });
    if (!same_origin && !listed) return false;
    std::string path = PathOf(*url);
    if (!paths_.empty() &&
        std::none_of(paths_.begin(), paths_.end(), [&](const std::string& p) { return path.starts_with(p); })) {
        return false;
    }
    return std::none_of(exclude_.begin(), exclude_.end(),
                        [&](const std::string& e) { return !e.empty() && path.find(e) != std::string::npos; });
}

Crawler::Crawler(http::Client& client, CrawlScope scope, CrawlOptions options, CancelToken cancel)
    : client_(client), scope_(std::move(scope)), options_(std::move(options)), cancel_(std::move(cancel)) {}

bool Crawler::Login(CrawlResult& result) {
    if (!options_.login) return false;
    http::Request request;
    request.method = "POST";
    request.url = options_.login->url;
    request.body = BuildQuery(options_.login->fields);
    request.headers.push_back({"Content-Type", "application/x-www-form-urlencoded"});
    request.follow_redirects = true;
    ++result.requests;
    auto response = client_.Send(request);
    if (!response) {
        result.notes.push_back("login at " + options_.login->url + " failed: " + response.error().message);
        return false;
    }
    // A login that succeeded sets a cookie or sends the browser elsewhere; one that failed shows the form again.
    bool cookie = !response->Values("set-cookie").empty();
    auto login = ParseWebUrl(options_.login->url);
    auto landed = ParseWebUrl(response->url);
    bool moved_on = !response->redirects.empty() && login && landed && PathOf(*landed) != PathOf(*login);
    if (response->status >= 400 || (!cookie && !moved_on)) {
        result.notes.push_back("login at " + options_.login->url + " did not succeed (HTTP " +
                               std::to_string(response->status) + ")");
        return false;
    }
    return true;
}

bool Crawler::LoggedOut(const Page& page) const {
    if (!options_.login || page.response.redirects.empty()) return false;
    auto login = ParseWebUrl(options_.login->url);
    auto requested = ParseWebUrl(page.url);
    auto landed = ParseWebUrl(page.response.url);
    if (!login || !requested || !landed) return false;
    // Sent to the login page when asking for another one.
    return PathOf(*landed) == PathOf(*login) && PathOf(*requested) != PathOf(*login);
}

CrawlResult Crawler::Crawl(const std::string& start_url, const std::function<void(const Page&)>& on_page) {
    CrawlResult result;
    const auto deadline = std::chrono::steady_clock::now() + options_.budget;
    CancelToken token = cancel_.WithDeadline(deadline);
    std::mutex mutex;
    std::set<std::string> shapes;        // URL shapes queued or fetched
    std::set<std::string> form_shapes;
    std::set<std::string> point_keys;
    std::size_t queued = 0;
    std::atomic<std::uint64_t> login_generation{0};  // bumped by every login after the first

    if (options_.login) result.logged_in = Login(result);

    struct Item {
        std::string url;
        bool parse = true;  // HTML expected (false for scripts, robots, sitemaps: read but not crawled)
        enum class Kind { kPage, kRobots, kSitemap } kind = Kind::kPage;
    };
    // Adds `url` to `next` when it is in scope, not a logout link and of a new shape. Caller holds `mutex`.
    auto enqueue = [&](std::vector<Item>& next, const std::string& url, Item::Kind kind, bool parse) {
        if (!scope_.Contains(url) || LooksLikeLogout(url)) return;
        if (queued >= options_.max_pages) {
            result.page_limit_reached = true;
            return;
        }
        if (!shapes.insert(UrlShape(url)).second) return;
        ++queued;
        next.push_back({url, parse, kind});
    };
    auto add_point = [&](InjectionPoint point) {
        for (std::size_t i = 0; i < point.params.size(); ++i) {
            point.index = i;
            std::string key = point.method + " " + UrlShape(point.url) + " " + point.name() + " " +
                              std::to_string(static_cast<int>(point.location));
            if (point_keys.insert(key).second) result.points.push_back(point);
        }
    };

    std::vector<Item> frontier;
    {
        std::lock_guard lock(mutex);
        enqueue(frontier, start_url, Item::Kind::kPage, true);
        std::string origin = scope_.origin();
        if (options_.robots) enqueue(frontier, origin + "/robots.txt", Item::Kind::kRobots, false);
        if (options_.sitemap) enqueue(frontier, origin + "/sitemap.xml", Item::Kind::kSitemap, false);
    }
    for (int depth = 0; !frontier.empty() && depth <= options_.max_depth; ++depth) {
        std::vector<Item> next;
        std::vector<Page> fetched(frontier.size());
        std::vector<bool> ok(frontier.size(), false);
        ParallelFor(frontier.size(), options_.concurrency, token, [&](std::size_t i) {
            const Item& item = frontier[i];
            http::Request request;
            request.url = item.url;
            request.follow_redirects = true;
            std::uint64_t session = login_generation.load();
            auto response = client_.Send(request);
            Page page;
            page.url = item.url;
            page.depth = depth;
            if (response) page.response = std::move(*response);
            if (response && LoggedOut(page)) {
                bool again = true;
                {
                    // Requests in flight when the session ended all come back logged out: only the first logs in
                    // again, the others just retry on the new session.
                    std::lock_guard lock(mutex);
                    if (login_generation.load() == session) {
                        ++result.relogins;
                        again = Login(result);
                        ++login_generation;
                    }
                }
                if (again) {
                    auto retry = client_.Send(request);
                    if (retry) page.response = std::move(*retry);
                }
            }
            std::lock_guard lock(mutex);
            ++result.requests;
            if (!response) {
                if (result.notes.size() < kMaxNotes) result.notes.push_back(response.error().message);
                return;
            }
            ok[i] = true;
            fetched[i] = std::move(page);
        });
        for (std::size_t i = 0; i < frontier.size(); ++i) {
            if (!ok[i]) continue;
            Page& page = fetched[i];
            const Item& item = frontier[i];
            bool in_scope = scope_.Contains(page.response.url);
            if (in_scope && item.kind == Item::Kind::kPage && item.parse && IsHtml(page.response)) {
                page.html = ExtractPage(page.response.body, page.response.url);
            }
            on_page(page);
            std::lock_guard lock(mutex);
            if (item.kind == Item::Kind::kRobots && page.response.status == 200) {
                RobotsTxt robots = ParseRobots(page.response.body);
                for (const std::string& path : robots.paths) {
                    if (auto url = ResolveWebUrl(*ParseWebUrl(scope_.origin() + "/"), path)) {
                        enqueue(next, url->href, Item::Kind::kPage, true);
                    }
                }
                for (const std::string& sitemap : robots.sitemaps) enqueue(next, sitemap, Item::Kind::kSitemap, false);
            } else if (item.kind == Item::Kind::kSitemap && page.response.status == 200) {
                for (const std::string& loc : ParseSitemap(page.response.body, kMaxSitemapUrls)) {
                    bool nested = AsciiLower(loc).ends_with(".xml");
                    enqueue(next, loc, nested ? Item::Kind::kSitemap : Item::Kind::kPage, !nested);
                }
            }
            if (in_scope && item.kind == Item::Kind::kPage) {
                // Parameters of the URL itself.
                if (auto url = ParseWebUrl(page.url)) {
                    auto params = ParseQuery(QueryOf(*url));
                    if (!params.empty()) {
                        InjectionPoint point;
                        point.url = url->href.substr(0, url->href.find('?'));
                        point.params = std::move(params);
                        point.page_url = page.url;
                        add_point(std::move(point));
                    }
                }
                if (!item.parse) result.scripts.push_back(page.url);
                for (const std::string& link : page.html.links) enqueue(next, link, Item::Kind::kPage, true);
                for (const std::string& frame : page.html.iframes) enqueue(next, frame, Item::Kind::kPage, true);
                if (page.html.meta_refresh) enqueue(next, *page.html.meta_refresh, Item::Kind::kPage, true);
                for (const std::string& script : page.html.scripts) enqueue(next, script, Item::Kind::kPage, false);
                for (const Form& form : page.html.forms) {
                    if (!scope_.Contains(form.action) || LooksLikeLogout(form.action)) continue;
                    std::string key = form.method + " " + UrlShape(form.action);
                    for (const FormField& f : form.fields) key += " " + f.name;
                    if (!form_shapes.insert(key).second) continue;
                    result.forms.push_back(form);
                    InjectionPoint point;
                    point.method = form.method;
                    point.url = form.action;
                    point.params = FormParams(form);
                    point.page_url = page.url;
                    point.enctype = form.enctype;
                    if (form.method == "POST") {
                        point.location = InjectionPoint::Location::kBody;
                    } else {
                        std::string base = form.action.substr(0, form.action.find('?'));
                        point.url = base;
                        enqueue(next, point.params.empty() ? base : base + "?" + BuildQuery(point.params),
                                Item::Kind::kPage, true);
                    }
                    if (!point.params.empty()) add_point(std::move(point));
                }
            }
            if (page.response.body.size() > kStoredBodyCap) page.response.body.resize(kStoredBodyCap);
            result.pages.push_back(std::move(page));
        }
        if (token.Stopped()) {
            result.time_limit_reached = !cancel_.Stopped();
            break;
        }
        frontier = std::move(next);
    }
    return result;
}

}  // namespace palisade::scan::web

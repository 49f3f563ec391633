// SPDX-License-Identifier: Apache-2.0
#include "scan/modules/web/web_module.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <set>

#include "scan/http/web_sites.hpp"
#include "scan/modules/headers/web_util.hpp"
#include "scan/modules/web/checks/active/active_checks.hpp"
#include "scan/modules/web/checks/passive/passive_checks.hpp"
#include "scan/modules/web/checks/xss/xss_check.hpp"
#include "scan/modules/web/crawler.hpp"
#include "scan/modules/web/jslibs/js_libraries.hpp"

namespace palisade::scan::web {
namespace {

using jslibs::JsLibraryChecks;
using jslibs::JsLibraryScanner;
using jslibs::JsRepository;

namespace json = boost::json;

constexpr std::size_t kMaxCorsProbes = 30;
constexpr std::size_t kMaxMethodProbes = 30;

std::vector<http::Header> ParseHeaderLines(const std::vector<std::string>& lines) {
    std::vector<http::Header> out;
    for (const std::string& line : lines) {
        std::size_t colon = line.find(':');
        if (colon == std::string::npos || colon == 0) continue;  // validated by the CLI
        out.push_back({std::string(headers::TrimAscii(std::string_view(line).substr(0, colon))),
                       std::string(headers::TrimAscii(std::string_view(line).substr(colon + 1)))});
    }
    return out;
}

bool IsScript(const Page& page) {
    std::string type = page.response.MediaType();
    if (type.find("javascript") != std::string::npos || type == "text/ecmascript") return true;
    std::string path = page.url.substr(0, page.url.find('?'));
    return headers::AsciiLower(path).ends_with(".js");
}

std::string PathOf(std::string_view url) {
    auto parsed = headers::ParseWebUrl(url);
    if (!parsed) return {};
    return parsed->path_query.substr(0, parsed->path_query.find('?'));
}

// The built-in repository is parsed once per process; a user file is merged per scan.
Result<JsRepository> LoadRepository(const WebScanOptions& options) {
    static std::mutex mutex;
    static std::optional<Result<JsRepository>> builtin;
    Result<JsRepository> repo = [&]() -> Result<JsRepository> {
        std::lock_guard lock(mutex);
        if (!builtin) builtin = JsRepository::Builtin();
        return *builtin;
    }();
    if (!repo || options.jsrepo_file.empty()) return repo;
    auto user = JsRepository::LoadFile(options.jsrepo_file);
    if (!user) return Fail(user.error());
    repo->Merge(std::move(*user));
    return repo;
}

// Passive checks run on every response, the active checks' included: a stack trace or a database error that only
// a malformed value provokes is still disclosed to whoever sends it.
class PassiveTap final : public http::Client {
  public:
    PassiveTap(http::Client& inner, PassiveScanner& passive) : inner_(inner), passive_(passive) {}
    Result<http::Response> Send(const http::Request& request) override {
        auto response = inner_.Send(request);
        if (response) {
            Page page;
            page.url = request.url;
            page.response = *response;
            passive_.Inspect(page);
        }
        return response;
    }
    http::ClientStats Stats() const override { return inner_.Stats(); }

  private:
    http::Client& inner_;
    PassiveScanner& passive_;
};

class WebModule final : public Module {
  public:
    std::string_view Name() const override { return "web"; }
    std::string_view Description() const override {
        return "Web application: crawler, passive and active checks, exposed files, outdated JavaScript libraries";
    }
    std::span<const CheckInfo> Checks() const override { return WebChecks(); }

    Status Run(ModuleContext& ctx) override {
        const WebScanOptions& web = ctx.options().web;
        auto repository = LoadRepository(web);
        if (!repository) return Fail(repository.error());
        std::vector<http::WebSite> sites = http::WebSitesOf(ctx);
        if (sites.empty()) {
            ctx.Progress(1, "no web site");
            return Ok();
        }
        json::array details;
        for (std::size_t i = 0; i < sites.size() && !ctx.cancel().Stopped(); ++i) {
            details.push_back(ScanSite(ctx, sites[i], *repository, static_cast<double>(i) / sites.size(),
                                       1.0 / sites.size()));
        }
        ctx.SetDetails(json::serialize(json::object{{"sites", std::move(details)}}));
        ctx.Progress(1, "done");
        return Ok();
    }

  private:
    json::object ScanSite(ModuleContext& ctx, const http::WebSite& site, const JsRepository& repository,
                          double progress_base, double progress_share) {
        const ScanOptions& options = ctx.options();
        const WebScanOptions& web = options.web;
        CrawlScope scope(site.url, web.scope_hosts, web.scope_paths, web.exclude_paths);
        http::ClientOptions client_options;
        client_options.user_agent = options.user_agent;
        client_options.connect_timeout = options.timeout;
        client_options.max_body = web.max_response_bytes;
        client_options.requests_per_second = web.requests_per_second;
        client_options.extra_headers = ParseHeaderLines(web.headers);
        client_options.cookies = web.cookies;
        client_options.in_scope = [&scope](std::string_view url) { return scope.Contains(url); };
        if (!site.resolve.empty()) client_options.resolve.push_back(site.resolve);
        client_options.cancel = ctx.cancel();
        auto client = http::MakeCurlClient(std::move(client_options));

        auto report = [&ctx](Finding finding) { ctx.Report(std::move(finding)); };
        PassiveScanner passive(report);
        JsLibraryScanner libraries(repository, report);

        CrawlOptions crawl;
        crawl.max_depth = web.max_depth;
        crawl.max_pages = web.max_pages;
        crawl.budget = web.crawl_budget;
        crawl.concurrency = std::max(1, web.concurrency);
        if (!web.login_url.empty()) {
            auto base = headers::ParseWebUrl(site.url);
            auto login = base ? headers::ResolveWebUrl(*base, web.login_url) : std::nullopt;
            if (login) crawl.login = LoginRecipe{login->href, web.login_fields};
        }
        std::atomic<std::size_t> seen{0};
        Crawler crawler(*client, scope, crawl, ctx.cancel());
        ctx.Progress(progress_base, "crawling " + site.url);
        CrawlResult result = crawler.Crawl(site.url, [&](const Page& page) {
            passive.Inspect(page);
            if (IsScript(page) && page.response.status == 200) libraries.InspectScript(page.url, page.response.body);
            std::size_t n = ++seen;
            if (n % 10 == 0) {
                ctx.Progress(progress_base + progress_share * 0.4 * std::min(1.0, double(n) / web.max_pages),
                             "crawled " + std::to_string(n) + " pages of " + site.url);
            }
        });
        libraries.Finish();

        std::size_t active_requests_before = client->Stats().requests;
        if (web.active && !ctx.cancel().Stopped()) {
            PassiveTap tap(*client, passive);
            RunActive(ctx, tap, site, result, progress_base, progress_share);
        }

        http::ClientStats stats = client->Stats();
        json::array notes;
        for (const std::string& n : result.notes) notes.push_back(json::string(n));
        return json::object{{"url", site.url},
                            {"pages", result.pages.size()},
                            {"forms", result.forms.size()},
                            {"injection_points", result.points.size()},
                            {"scripts", result.scripts.size()},
                            {"crawl_requests", active_requests_before},
                            {"requests", stats.requests},
                            {"transport_errors", stats.errors},
                            {"retries", stats.retries},
                            {"bytes_received", stats.bytes_received},
                            {"page_limit_reached", result.page_limit_reached},
                            {"time_limit_reached", result.time_limit_reached},
                            {"logged_in", result.logged_in},
                            {"relogins", result.relogins},
                            {"notes", std::move(notes)}};
    }

    void RunActive(ModuleContext& ctx, http::Client& client, const http::WebSite& site, const CrawlResult& result,
                   double progress_base, double progress_share) {
        const WebScanOptions& web = ctx.options().web;
        CheckContext checks{client, ctx.cancel(), [&ctx](Finding f) { ctx.Report(std::move(f)); },
                            web.time_based_sqli};
        int threads = std::max(1, web.concurrency);
        std::atomic<std::size_t> done{0};
        std::size_t total = result.points.size();
        ctx.Progress(progress_base + progress_share * 0.4, "testing " + std::to_string(total) + " parameters");
        ParallelFor(total, threads, ctx.cancel(), [&](std::size_t i) {
            const InjectionPoint& point = result.points[i];
            CheckReflectedXss(checks, point);
            CheckSqlInjection(checks, point);
            CheckPathTraversal(checks, point);
            CheckOpenRedirect(checks, point);
            std::size_t n = ++done;
            ctx.Progress(progress_base + progress_share * (0.4 + 0.4 * double(n) / double(total)),
                         "tested " + std::to_string(n) + " of " + std::to_string(total) + " parameters");
        });

        // Page-level checks: CSRF on state-changing forms, CORS and methods on distinct paths, exposed files.
        std::map<std::string, const Page*> by_url;
        for (const Page& page : result.pages) by_url.emplace(page.url, &page);
        std::vector<std::function<void()>> tasks;
        for (const Form& form : result.forms) {
            if (form.method != "POST") continue;
            auto it = by_url.find(form.page_url);
            if (it == by_url.end()) continue;
            tasks.push_back([&checks, &form, page = it->second] { CheckCsrf(checks, form, page->response); });
        }
        std::set<std::string> paths;
        std::vector<std::string> page_urls;
        for (const Page& page : result.pages) {
            page_urls.push_back(page.response.url.empty() ? page.url : page.response.url);
            if (page.response.status >= 400) continue;
            std::string path = PathOf(page.url);
            if (path.empty() || !paths.insert(path).second) continue;
            std::string url = site.origin + path;
            if (paths.size() <= kMaxCorsProbes) tasks.push_back([&checks, url] { CheckCors(checks, url); });
            if (paths.size() <= kMaxMethodProbes) {
                tasks.push_back([&checks, url] { CheckAdvertisedMethods(checks, url); });
            }
        }
        tasks.push_back([&checks, &site] { CheckTrace(checks, site.origin + "/"); });
        tasks.push_back([&checks, &site, &page_urls] { CheckExposedFiles(checks, site.origin, page_urls); });
        ParallelFor(tasks.size(), threads, ctx.cancel(), [&](std::size_t i) { tasks[i](); });
    }
};

}  // namespace

std::span<const CheckInfo> WebChecks() {
    static const std::vector<CheckInfo> all = [] {
        std::vector<CheckInfo> v;
        for (auto table : {PassiveChecks(), JsLibraryChecks(), XssChecks(), ActiveChecks()}) {
            v.insert(v.end(), table.begin(), table.end());
        }
        return v;
    }();
    return all;
}

std::unique_ptr<Module> MakeWebModule() { return std::make_unique<WebModule>(); }

}  // namespace palisade::scan::web

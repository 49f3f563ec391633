// SPDX-License-Identifier: Apache-2.0
#include "scan/modules/templates/templates_module.hpp"

#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <mutex>
#include <optional>
#include <set>

#include "core/strings.hpp"
#include "scan/modules/headers/web_util.hpp"
#include "scan/modules/templates/builtin_pack.hpp"
#include "scan/modules/templates/result_json.hpp"
#include "scan/modules/templates/text_util.hpp"

namespace palisade::scan::templates {
namespace {

namespace json = boost::json;

constexpr std::size_t kMaxErrorsInDetails = 100;

constexpr CheckInfo kChecks[] = {
    {"templates.match", "Nuclei template matched", Severity::kInfo, "", "",
     "Follow the remediation of the template that matched (the finding's check id names it).",
     "https://docs.projectdiscovery.io/templates/introduction"},
};

Severity ToSeverity(TemplateSeverity s) {
    switch (s) {
        case TemplateSeverity::kLow:
            return Severity::kLow;
        case TemplateSeverity::kMedium:
            return Severity::kMedium;
        case TemplateSeverity::kHigh:
            return Severity::kHigh;
        case TemplateSeverity::kCritical:
            return Severity::kCritical;
        default:
            return Severity::kInfo;
    }
}

std::string Join(const std::vector<std::string>& items, std::string_view separator) {
    std::string out;
    for (const std::string& s : items) {
        if (!out.empty()) out += separator;
        out += s;
    }
    return out;
}

struct Site {
    std::string url;
    std::string ip;
};

std::string HostText(const std::string& host) { return host.find(':') != std::string::npos ? "[" + host + "]" : host; }

std::string SiteUrl(std::string_view scheme, const std::string& host, std::uint16_t port, std::string_view path) {
    bool default_port = (scheme == "http" && port == 80) || (scheme == "https" && port == 443);
    return std::string(scheme) + "://" + HostText(host) + (default_port ? "" : ":" + std::to_string(port)) +
           std::string(path.empty() ? "/" : path);
}

std::vector<Site> PlanSites(ModuleContext& ctx) {
    TargetState& state = ctx.state();
    std::vector<Site> sites;
    std::set<std::string> seen;
    auto add = [&](std::string url, std::string ip) {
        if (seen.insert(url).second) sites.push_back({std::move(url), std::move(ip)});
    };
    auto lock = ctx.Lock();
    if (state.url) {
        const UrlTarget& u = *state.url;
        add(SiteUrl(u.scheme, u.host, u.port, u.path),
            state.hosts.empty() ? "" : state.hosts.front().address.ToString());
        return sites;
    }
    std::set<std::string> with_services;
    for (const Service& svc : state.services) {
        with_services.insert(svc.host);
        if (svc.proto != "tcp") continue;
        std::string host = svc.host_name.empty() ? svc.host : svc.host_name;
        if (svc.service == "https" || (svc.service == "http" && svc.tls))
            add(SiteUrl("https", host, svc.port, "/"), svc.host);
        else if (svc.service == "http")
            add(SiteUrl("http", host, svc.port, "/"), svc.host);
    }
    for (const OpenPort& p : state.open_ports) {
        std::string address = p.address.ToString();
        if (with_services.count(address)) continue;
        std::string host = p.name.empty() ? address : p.name;
        if (p.port == 80 || p.port == 8000 || p.port == 8080) add(SiteUrl("http", host, p.port, "/"), address);
        if (p.port == 443 || p.port == 8443) add(SiteUrl("https", host, p.port, "/"), address);
    }
    return sites;
}

struct Loaded {
    std::vector<std::shared_ptr<const Template>> all;
    std::vector<LoadResult> skipped;  // without templates
    std::size_t builtin = 0;          // of `all`, from the built-in pack
};

// "Name: value" -> header (the CLI validated the form; a line without a colon is dropped).
std::vector<http::Header> ParseHeaders(const std::vector<std::string>& lines) {
    std::vector<http::Header> out;
    for (const std::string& line : lines) {
        std::size_t colon = line.find(':');
        if (colon == std::string::npos || colon == 0) continue;
        out.push_back({std::string(headers::TrimAscii(line.substr(0, colon))),
                       std::string(headers::TrimAscii(line.substr(colon + 1)))});
    }
    return out;
}

struct Outcome {
    std::vector<TemplateResult> results;
    std::vector<std::string> errors;
    std::size_t requests = 0;
};

class TemplatesModule final : public Module {
  public:
    explicit TemplatesModule(std::optional<TemplatesOptions> options) : fixed_(std::move(options)) {}

    std::string_view Name() const override { return "templates"; }
    std::string_view Description() const override {
        return "Nuclei HTTP templates (a compatible subset) run against every web site of the target";
    }
    std::span<const CheckInfo> Checks() const override { return kChecks; }

    Status Run(ModuleContext& ctx) override {
        const TemplatesOptions options = fixed_ ? *fixed_ : OptionsFromScan(ctx.options());
        auto loaded = Load(options);
        if (!loaded) return Fail(loaded.error());
        std::vector<std::shared_ptr<const Template>> selected;
        for (const auto& t : (*loaded)->all) {
            if (TemplateSelected(*t, options)) selected.push_back(t);
        }
        std::vector<Site> sites = PlanSites(ctx);
        if (sites.empty()) {
            ctx.SetDetails(R"({"error":"no HTTP or HTTPS service found"})");
            return Ok();
        }
        std::shared_ptr<http::Client> client = options.client ? options.client : MakeClient(ctx, sites, options);
        std::size_t total = sites.size() * selected.size();
        std::vector<Outcome> outcomes(total);
        std::atomic<std::size_t> done{0};
        ParallelFor(total, ctx.options().dialogue_concurrency, ctx.cancel(), [&](std::size_t i) {
            const Site& site = sites[i / selected.size()];
            RunOptions run_options;
            run_options.ip = site.ip;
            run_options.max_response_bytes = options.max_response_bytes;
            auto run = RunTemplate(*selected[i % selected.size()], site.url, *client, ctx.cancel(), run_options);
            if (run) {
                outcomes[i] = {std::move(run->results), std::move(run->errors), run->requests_sent};
            } else {
                outcomes[i].errors.push_back(run.error().message);
            }
            std::size_t n = ++done;
            if (n % 50 == 0 || n == total) ctx.Progress(static_cast<double>(n) / static_cast<double>(total));
        });
        if (ctx.cancel().Cancelled()) return Fail(ErrorCode::kUnavailable, "cancelled");

        json::array results, errors, site_list, skipped;
        std::size_t errors_total = 0, requests = 0;
        for (std::size_t i = 0; i < total; ++i) {
            requests += outcomes[i].requests;
            for (const TemplateResult& r : outcomes[i].results) {
                ctx.Report(ResultToFinding(r));
                results.emplace_back(ResultToJson(r));
            }
            for (const std::string& e : outcomes[i].errors) {
                if (++errors_total > kMaxErrorsInDetails) continue;
                errors.emplace_back(json::object{{"template", selected[i % selected.size()]->id},
                                                 {"site", sites[i / selected.size()].url},
                                                 {"error", SanitizeUtf8(e)}});
            }
        }
        for (const Site& s : sites) site_list.emplace_back(s.url);
        for (const LoadResult& r : (*loaded)->skipped) {
            skipped.emplace_back(json::object{
                {"path", SanitizeUtf8(r.path)}, {"reason", SanitizeUtf8(r.skip_reason)}, {"malformed", r.malformed}});
        }
        json::object details{{"templates", json::object{{"loaded", (*loaded)->all.size()},
                                                        {"builtin", (*loaded)->builtin},
                                                        {"selected", selected.size()},
                                                        {"skipped", (*loaded)->skipped.size()}}},
                             {"sites", std::move(site_list)},
                             {"requests", requests},
                             {"results", std::move(results)},
                             {"skipped", std::move(skipped)},
                             {"errors", std::move(errors)},
                             {"errors_total", errors_total}};
        ctx.SetDetails(json::serialize(details));
        ctx.Progress(1.0, "done");
        return Ok();
    }

  private:
    // The templates of one run: the fixed ones, those of the paths (loaded once per distinct path list) and the
    // built-in pack (once per process), a built-in template giving way to another with its id.
    Result<std::shared_ptr<const Loaded>> Load(const TemplatesOptions& options) {
        std::lock_guard<std::mutex> lock(mutex_);
        if (!from_paths_ || paths_ != options.template_dirs) {
            auto loaded = std::make_shared<Loaded>();
            for (const std::string& path : options.template_dirs) {
                auto results = LoadPath(path);
                if (!results) return Fail(results.error());
                for (LoadResult& r : *results) {
                    if (r.tmpl) {
                        loaded->all.push_back(std::make_shared<const Template>(std::move(*r.tmpl)));
                    } else {
                        loaded->skipped.push_back(std::move(r));
                    }
                }
            }
            from_paths_ = loaded;
            paths_ = options.template_dirs;
        }
        auto out = std::make_shared<Loaded>();
        out->all = options.templates;
        out->all.insert(out->all.end(), from_paths_->all.begin(), from_paths_->all.end());
        out->skipped = from_paths_->skipped;
        if (options.builtin) {
            std::set<std::string> ids;
            for (const auto& t : out->all) ids.insert(LowerAscii(t->id));
            const TemplatePack& pack = BuiltinPack();
            for (const auto& t : pack.templates) {
                if (ids.count(LowerAscii(t->id))) continue;
                out->all.push_back(t);
                ++out->builtin;
            }
            out->skipped.insert(out->skipped.end(), pack.skipped.begin(), pack.skipped.end());
        }
        return std::shared_ptr<const Loaded>(std::move(out));
    }

    std::shared_ptr<http::Client> MakeClient(ModuleContext& ctx, const std::vector<Site>& sites,
                                             const TemplatesOptions& options) {
        http::ClientOptions o;
        o.user_agent = ctx.options().user_agent;
        o.connect_timeout = ctx.options().timeout;
        o.requests_per_second = options.requests_per_second > 0 ? options.requests_per_second : ctx.options().rate;
        o.extra_headers = ParseHeaders(options.headers);
        o.cookies = options.cookies;
        o.ca_file = ctx.options().ca_file;
        o.cancel = ctx.cancel();
        auto hosts = std::make_shared<std::set<std::string>>();
        for (const Site& s : sites) {
            auto url = headers::ParseWebUrl(s.url);
            if (!url) continue;
            hosts->insert(LowerAscii(url->host));
            if (!s.ip.empty() && !headers::IsIpLiteral(url->host)) {
                o.resolve.push_back(url->host + ":" + std::to_string(url->port) + ":" + s.ip);
            }
        }
        o.in_scope = [hosts](std::string_view u) {
            auto url = headers::ParseWebUrl(u);
            return url && hosts->count(LowerAscii(url->host)) > 0;
        };
        return std::shared_ptr<http::Client>(http::MakeCurlClient(std::move(o)));
    }

    const std::optional<TemplatesOptions> fixed_;
    std::mutex mutex_;
    std::vector<std::string> paths_;  // the path list `from_paths_` was loaded from
    std::shared_ptr<const Loaded> from_paths_;
};

bool AnyEqual(const std::vector<std::string>& wanted, const std::vector<std::string>& have) {
    for (const std::string& w : wanted) {
        for (const std::string& h : have) {
            if (IEquals(w, h)) return true;
        }
    }
    return false;
}

}  // namespace

std::span<const CheckInfo> TemplatesChecks() { return kChecks; }

bool TemplateSelected(const Template& t, const TemplatesOptions& o) {
    if (!o.ids.empty() && !AnyEqual(o.ids, {t.id})) return false;
    if (!o.tags.empty() && !AnyEqual(o.tags, t.info.tags)) return false;
    if (!o.exclude_tags.empty() && AnyEqual(o.exclude_tags, t.info.tags)) return false;
    if (!o.severities.empty() && !AnyEqual(o.severities, {std::string(TemplateSeverityName(t.info.severity))})) {
        return false;
    }
    return true;
}

Finding ResultToFinding(const TemplateResult& r) {
    std::string id = std::string(kTemplateCheckPrefix) + LowerAscii(r.template_id);
    const Classification& c = r.info.classification;
    std::string cwe = Join(c.cwe_ids, ",");
    std::string references = Join(r.info.references, " ");
    std::string recommendation = r.info.remediation.empty()
                                     ? "Review what the template " + r.template_id + " detects and fix or restrict it."
                                     : r.info.remediation;
    CheckInfo check{id, r.info.name, ToSeverity(r.info.severity), "", cwe, recommendation, references};
    std::vector<std::string> parts;
    if (!r.matcher_name.empty()) parts.push_back("matcher: " + r.matcher_name);
    if (!r.extractor_name.empty()) parts.push_back("extractor: " + r.extractor_name);
    if (!r.extracted_results.empty()) parts.push_back("extracted: " + Join(r.extracted_results, ", "));
    if (!r.matched_snippets.empty()) parts.push_back("matched: " + Join(r.matched_snippets, ", "));
    if (parts.empty()) parts.push_back("template " + r.template_id + " matched");
    Finding f = MakeFinding(check, r.matched_at, Join(parts, "; "), r.matcher_name + "\n" + r.extractor_name, c.cve_ids,
                            r.info.name.empty() ? std::string_view(r.template_id) : std::string_view{});
    // CVSS 3.0 and 3.1 base scores use the same equations (3.1 only fixed the rounding), so a 3.0 vector is scored
    // with the 3.1 calculator and keeps its version.
    std::string_view vector = c.cvss_metrics;
    if (vector.starts_with("CVSS:3.1/") || vector.starts_with("CVSS:3.0/")) {
        std::string as31 = "CVSS:3.1/" + std::string(vector.substr(9));
        if (auto score = CvssBaseScore(as31))
            f.cvss = Cvss{std::string(vector.substr(5, 3)), std::string(vector), *score};
    }
    return f;
}

TemplatesOptions OptionsFromScan(const ScanOptions& scan) {
    TemplatesOptions o;
    o.template_dirs = scan.templates.dirs;
    o.builtin = scan.templates.builtin || scan.templates.dirs.empty();
    o.tags = scan.templates.tags;
    o.ids = scan.templates.ids;
    o.severities = scan.templates.severities;
    o.headers = scan.web.headers;
    o.cookies = scan.web.cookies;
    o.requests_per_second = scan.web.requests_per_second;
    return o;
}

std::unique_ptr<Module> MakeTemplatesModule() { return std::make_unique<TemplatesModule>(std::nullopt); }
std::unique_ptr<Module> MakeTemplatesModule(TemplatesOptions options) {
    return std::make_unique<TemplatesModule>(std::move(options));
}

}  // namespace palisade::scan::templates

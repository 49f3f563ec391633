// SPDX-License-Identifier: Apache-2.0
#include "scan/modules/headers/headers_module.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <unordered_map>

#include <boost/json.hpp>

#include "core/strings.hpp"
#include "scan/modules/headers/web_util.hpp"

namespace palisade::scan::headers {
namespace json = boost::json;
namespace {

constexpr std::string_view kClientLow = "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N";
constexpr std::string_view kClientMedium = "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:C/C:L/I:L/A:N";
constexpr std::string_view kSessionTheft = "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:H/I:N/A:N";
constexpr std::string_view kCorsCredentials = "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:L/A:N";
constexpr std::string_view kDisclosure = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N";
constexpr std::string_view kMitm = "CVSS:3.1/AV:A/AC:H/PR:N/UI:R/S:U/C:L/I:L/A:N";

using enum Severity;

// clang-format off
constexpr CheckInfo kChecks[] = {
    {"headers.csp.missing", "No Content-Security-Policy", kLow, kClientMedium, "CWE-693,CWE-1021",
     "Send a Content-Security-Policy header; start with default-src 'none' and allow what the page needs.",
     "https://developer.mozilla.org/en-US/docs/Web/HTTP/CSP https://developer.mozilla.org/en-US/observatory/docs/tests_and_scoring"},
    {"headers.csp.report_only", "Content-Security-Policy only in report-only mode", kLow, kClientMedium, "CWE-693",
     "Enforce the policy with Content-Security-Policy once the reports are clean.",
     "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Content-Security-Policy-Report-Only"},
    {"headers.csp.invalid", "Content-Security-Policy cannot be parsed", kLow, kClientMedium, "CWE-693",
     "Fix the policy: one occurrence per directive, 'strict-dynamic' only with a nonce or hash.",
     "https://developer.mozilla.org/en-US/docs/Web/HTTP/CSP"},
    {"headers.csp.unsafe_inline", "Content-Security-Policy allows inline or broad script sources", kMedium, kClientMedium,
     "CWE-79,CWE-693", "Remove 'unsafe-inline', data: and scheme/wildcard sources from script-src and object-src; use nonces or hashes.",
     "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Content-Security-Policy/script-src"},
    {"headers.csp.unsafe_eval", "Content-Security-Policy allows 'unsafe-eval'", kLow, kClientMedium, "CWE-95,CWE-693",
     "Remove 'unsafe-eval' from script-src and style-src.",
     "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Content-Security-Policy/script-src"},
    {"headers.csp.insecure_scheme", "Content-Security-Policy allows active content over http: or ftp:", kMedium, kClientMedium,
     "CWE-319,CWE-693", "Allow only https: sources on an https page.",
     "https://developer.mozilla.org/en-US/docs/Web/HTTP/CSP"},
    {"headers.csp.insecure_scheme_passive", "Content-Security-Policy allows images or media over http: or ftp:", kLow,
     kClientLow, "CWE-319", "Allow only https: sources for img-src and media-src.",
     "https://developer.mozilla.org/en-US/docs/Web/HTTP/CSP"},
    {"headers.cookies.without_secure", "Cookie set without the Secure flag", kLow, kClientLow, "CWE-614",
     "Set Secure on every cookie.", "https://developer.mozilla.org/en-US/docs/Web/HTTP/Cookies"},
    {"headers.cookies.without_secure_hsts", "Cookie without Secure (protected by HSTS)", kInfo, "", "CWE-614",
     "Set Secure on every cookie even though HSTS is in place.", "https://developer.mozilla.org/en-US/docs/Web/HTTP/Cookies"},
    {"headers.cookies.session_without_secure", "Session cookie set without the Secure flag", kMedium, kSessionTheft,
     "CWE-614", "Set Secure on session cookies.", "https://developer.mozilla.org/en-US/docs/Web/HTTP/Cookies"},
    {"headers.cookies.session_without_secure_hsts", "Session cookie without Secure (protected by HSTS)", kLow, kClientLow,
     "CWE-614", "Set Secure on session cookies.", "https://developer.mozilla.org/en-US/docs/Web/HTTP/Cookies"},
    {"headers.cookies.session_without_httponly", "Session cookie set without the HttpOnly flag", kMedium, kSessionTheft,
     "CWE-1004", "Set HttpOnly on session cookies.", "https://developer.mozilla.org/en-US/docs/Web/HTTP/Cookies"},
    {"headers.cookies.samesite_invalid", "Cookie with an invalid SameSite attribute", kLow, kClientLow, "CWE-1275",
     "Use SameSite=Strict, Lax, or None together with Secure.",
     "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Set-Cookie#samesitesamesite-value"},
    {"headers.cookies.anticsrf_without_samesite", "Anti-CSRF cookie without SameSite", kLow, kClientLow, "CWE-1275,CWE-352",
     "Set SameSite=Strict or Lax on anti-CSRF cookies.", "https://developer.mozilla.org/en-US/docs/Web/HTTP/Cookies"},
    {"headers.cors.universal_access", "CORS preflight grants any origin with credentials", kMedium, kCorsCredentials,
     "CWE-942", "Allow only trusted origins; never reflect arbitrary origins together with credentials.",
     "https://developer.mozilla.org/en-US/docs/Web/HTTP/CORS"},
    {"headers.cors.reflected_origin_with_credentials", "Arbitrary Origin reflected with Access-Control-Allow-Credentials",
     kHigh, kCorsCredentials, "CWE-942,CWE-346",
     "Check the Origin against an allow-list before echoing it; do not combine reflection with credentials.",
     "https://developer.mozilla.org/en-US/docs/Web/HTTP/CORS https://portswigger.net/web-security/cors"},
    {"headers.redirection.missing", "HTTP does not redirect to HTTPS", kLow, kMitm, "CWE-319",
     "Redirect every http:// request to https:// on the same host.",
     "https://developer.mozilla.org/en-US/docs/Web/Security/Practical_implementation_guides/TLS#http_redirections"},
    {"headers.redirection.not_to_https", "HTTP redirects, but not to HTTPS", kLow, kMitm, "CWE-319",
     "Make the redirect chain end on https://.", "https://developer.mozilla.org/en-US/docs/Web/Security/Practical_implementation_guides/TLS"},
    {"headers.redirection.not_to_https_initial", "HTTP redirects to another HTTP URL first", kLow, kMitm, "CWE-319",
     "Redirect to https:// on the same host first, then elsewhere.",
     "https://developer.mozilla.org/en-US/docs/Web/Security/Practical_implementation_guides/TLS"},
    {"headers.redirection.off_host", "HTTP redirects to HTTPS on another host", kLow, kMitm, "CWE-319",
     "Redirect to https:// on the same host first so HSTS can be set for it.",
     "https://developer.mozilla.org/en-US/docs/Web/Security/Practical_implementation_guides/TLS"},
    {"headers.redirection.invalid_cert", "HTTP redirects to HTTPS with an invalid certificate", kMedium, kMitm, "CWE-295",
     "Serve a certificate that validates for the host.", "https://developer.mozilla.org/en-US/docs/Web/Security/Practical_implementation_guides/TLS"},
    {"headers.referrer_policy.unsafe", "Referrer-Policy leaks full URLs", kLow, kClientLow, "CWE-200",
     "Use strict-origin-when-cross-origin, same-origin or no-referrer.",
     "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Referrer-Policy"},
    {"headers.referrer_policy.invalid", "Referrer-Policy is not recognised", kLow, kClientLow, "CWE-200",
     "Use a valid policy such as strict-origin-when-cross-origin.",
     "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Referrer-Policy"},
    {"headers.hsts.missing", "No Strict-Transport-Security", kLow, kMitm, "CWE-319,CWE-523",
     "Send Strict-Transport-Security: max-age=63072000 (at least 15552000) on HTTPS responses.",
     "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Strict-Transport-Security"},
    {"headers.hsts.no_https", "Site not available over HTTPS", kMedium, kMitm, "CWE-319",
     "Serve the site over HTTPS and send Strict-Transport-Security.",
     "https://developer.mozilla.org/en-US/docs/Web/Security/Practical_implementation_guides/TLS"},
    {"headers.hsts.invalid", "Strict-Transport-Security cannot be parsed", kLow, kMitm, "CWE-319",
     "Send one header: max-age=<seconds>[; includeSubDomains][; preload].",
     "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Strict-Transport-Security"},
    {"headers.hsts.short_max_age", "Strict-Transport-Security max-age below six months", kLow, kMitm, "CWE-319",
     "Use max-age of at least 15552000 (six months); 63072000 is common.",
     "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Strict-Transport-Security"},
    {"headers.hsts.invalid_cert", "HTTPS certificate invalid, HSTS ineffective", kMedium, kMitm, "CWE-295",
     "Serve a certificate that validates for the host.", "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Strict-Transport-Security"},
    {"headers.sri.external_insecure", "External scripts over HTTP without integrity", kMedium, kClientMedium,
     "CWE-353,CWE-829", "Load third-party scripts over https:// with an integrity attribute.",
     "https://developer.mozilla.org/en-US/docs/Web/Security/Subresource_Integrity"},
    {"headers.sri.external_without_integrity", "External scripts without Subresource Integrity", kLow, kClientLow,
     "CWE-353,CWE-829", "Add integrity (and crossorigin) to third-party scripts.",
     "https://developer.mozilla.org/en-US/docs/Web/Security/Subresource_Integrity"},
    {"headers.sri.integrity_insecure_scheme", "External scripts with integrity loaded over HTTP", kLow, kClientLow,
     "CWE-319,CWE-829", "Load third-party scripts over https://.",
     "https://developer.mozilla.org/en-US/docs/Web/Security/Subresource_Integrity"},
    {"headers.sri.html_not_parseable", "HTML could not be parsed", kInfo, "", "",
     "Serve well-formed HTML.", "https://developer.mozilla.org/en-US/docs/Web/Security/Subresource_Integrity"},
    {"headers.xcto.missing", "No X-Content-Type-Options: nosniff", kLow, kClientLow, "CWE-693",
     "Send X-Content-Type-Options: nosniff.", "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/X-Content-Type-Options"},
    {"headers.xcto.invalid", "X-Content-Type-Options is not nosniff", kLow, kClientLow, "CWE-693",
     "Send X-Content-Type-Options: nosniff.", "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/X-Content-Type-Options"},
    {"headers.xfo.missing", "No clickjacking protection", kLow, kClientLow, "CWE-1021",
     "Send Content-Security-Policy frame-ancestors 'none' (or X-Frame-Options: DENY).",
     "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/X-Frame-Options"},
    {"headers.xfo.invalid", "X-Frame-Options cannot be parsed", kLow, kClientLow, "CWE-1021",
     "Use X-Frame-Options: DENY or SAMEORIGIN, or CSP frame-ancestors.",
     "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/X-Frame-Options"},
    {"headers.corp.invalid", "Cross-Origin-Resource-Policy is invalid", kLow, kClientLow, "CWE-693",
     "Send one header with same-origin, same-site or cross-origin.",
     "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Cross-Origin-Resource-Policy"},
    {"headers.coop.invalid", "Cross-Origin-Opener-Policy is invalid", kLow, kClientLow, "CWE-693",
     "Send one header with a token: same-origin, same-origin-allow-popups, noopener-allow-popups or unsafe-none.",
     "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Cross-Origin-Opener-Policy"},
    {"headers.coep.invalid", "Cross-Origin-Embedder-Policy is invalid", kLow, kClientLow, "CWE-693",
     "Send one header with a token: require-corp, credentialless or unsafe-none.",
     "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Cross-Origin-Embedder-Policy"},
    {"headers.coop.missing", "No Cross-Origin-Opener-Policy", kInfo, "", "CWE-1021",
     "Send Cross-Origin-Opener-Policy: same-origin to isolate the browsing context.",
     "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Cross-Origin-Opener-Policy"},
    {"headers.permissions_policy.missing", "No Permissions-Policy", kInfo, "", "",
     "Send Permissions-Policy and disable features the site does not use (camera=(), microphone=(), geolocation=()).",
     "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Permissions-Policy"},
    {"headers.disclosure.server_version", "Server header discloses a version", kLow, kDisclosure, "CWE-200",
     "Configure the server to send no version in the Server header (e.g. server_tokens off, ServerTokens Prod).",
     "https://owasp.org/www-project-secure-headers/"},
    {"headers.disclosure.x_powered_by", "X-Powered-By header discloses the technology", kLow, kDisclosure, "CWE-200",
     "Remove the X-Powered-By header.", "https://owasp.org/www-project-secure-headers/"},
    {"headers.disclosure.x_aspnet_version", "X-AspNet-Version header discloses the framework version", kLow, kDisclosure,
     "CWE-200", "Remove X-AspNet-Version / X-AspNetMvc-Version (enableVersionHeader=\"false\").",
     "https://owasp.org/www-project-secure-headers/"},
};
// clang-format on

const std::map<std::string_view, std::string_view>& ResultToCheck() {
    static const std::map<std::string_view, std::string_view> m = {
        {"csp-not-implemented", "headers.csp.missing"},
        {"csp-not-implemented-but-reporting-enabled", "headers.csp.report_only"},
        {"csp-header-invalid", "headers.csp.invalid"},
        {"csp-implemented-with-unsafe-inline", "headers.csp.unsafe_inline"},
        {"csp-implemented-with-unsafe-eval", "headers.csp.unsafe_eval"},
        {"csp-implemented-with-insecure-scheme", "headers.csp.insecure_scheme"},
        {"csp-implemented-with-insecure-scheme-in-passive-content-only", "headers.csp.insecure_scheme_passive"},
        {"cookies-without-secure-flag", "headers.cookies.without_secure"},
        {"cookies-without-secure-flag-but-protected-by-hsts", "headers.cookies.without_secure_hsts"},
        {"cookies-session-without-secure-flag", "headers.cookies.session_without_secure"},
        {"cookies-session-without-secure-flag-but-protected-by-hsts", "headers.cookies.session_without_secure_hsts"},
        {"cookies-session-without-httponly-flag", "headers.cookies.session_without_httponly"},
        {"cookies-samesite-flag-invalid", "headers.cookies.samesite_invalid"},
        {"cookies-anticsrf-without-samesite-flag", "headers.cookies.anticsrf_without_samesite"},
        {"cross-origin-resource-sharing-implemented-with-universal-access", "headers.cors.universal_access"},
        {"redirection-missing", "headers.redirection.missing"},
        {"redirection-not-to-https", "headers.redirection.not_to_https"},
        {"redirection-not-to-https-on-initial-redirection", "headers.redirection.not_to_https_initial"},
        {"redirection-off-host-from-http", "headers.redirection.off_host"},
        {"redirection-invalid-cert", "headers.redirection.invalid_cert"},
        {"referrer-policy-unsafe", "headers.referrer_policy.unsafe"},
        {"referrer-policy-header-invalid", "headers.referrer_policy.invalid"},
        {"hsts-not-implemented", "headers.hsts.missing"},
        {"hsts-not-implemented-no-https", "headers.hsts.no_https"},
        {"hsts-header-invalid", "headers.hsts.invalid"},
        {"hsts-implemented-max-age-less-than-six-months", "headers.hsts.short_max_age"},
        {"hsts-invalid-cert", "headers.hsts.invalid_cert"},
        {"sri-not-implemented-and-external-scripts-not-loaded-securely", "headers.sri.external_insecure"},
        {"sri-not-implemented-but-external-scripts-loaded-securely", "headers.sri.external_without_integrity"},
        {"sri-implemented-but-external-scripts-not-loaded-securely", "headers.sri.integrity_insecure_scheme"},
        {"html-not-parseable", "headers.sri.html_not_parseable"},
        {"x-content-type-options-not-implemented", "headers.xcto.missing"},
        {"x-content-type-options-header-invalid", "headers.xcto.invalid"},
        {"x-frame-options-not-implemented", "headers.xfo.missing"},
        {"x-frame-options-header-invalid", "headers.xfo.invalid"},
        {"corp-header-invalid", "headers.corp.invalid"},
        {"coop-header-invalid", "headers.coop.invalid"},
        {"coep-header-invalid", "headers.coep.invalid"},
    };
    return m;
}

const CheckInfo& Check(std::string_view id) {
    for (const CheckInfo& c : kChecks) {
        if (c.id == id) return c;
    }
    return kChecks[0];  // unreachable for ids of this file (a test checks every mapping)
}

// A version number in a Server value: a digit right after '/', or "name 1.2" style.
bool HasVersion(std::string_view server) {
    for (std::size_t i = 1; i < server.size(); ++i) {
        bool digit = server[i] >= '0' && server[i] <= '9';
        if (!digit) continue;
        if (server[i - 1] == '/') return true;
        if ((server[i - 1] == ' ' || server[i - 1] == 'v' || server[i - 1] == '(') && i + 2 < server.size() &&
            server[i + 1] == '.' && server[i + 2] >= '0' && server[i + 2] <= '9') {
            return true;
        }
    }
    return false;
}

// Evidence for a failing test: the header value or the test's data.
std::string Evidence(const ObservatoryTest& t) {
    json::value extra = json::parse(SanitizeUtf8(t.data_json.empty() ? "{}" : t.data_json));
    std::string out = t.result;
    if (const json::value* data = extra.as_object().if_contains("data"); data && !data->is_null()) {
        out += ": " + (data->is_string() ? std::string(data->as_string()) : json::serialize(*data));
    } else if (const json::value* route = extra.as_object().if_contains("route"); route && route->is_array()) {
        out += ": " + json::serialize(*route);
    }
    return out;
}

struct Site {
    SiteSpec spec;
    std::string label;  // host name or address, for notes
};

std::uint16_t PickPort(const std::set<std::uint16_t>& ports, std::initializer_list<std::uint16_t> preferred) {
    for (auto p : preferred) {
        if (ports.count(p)) return p;
    }
    return *ports.begin();
}

std::vector<Site> PlanSites(ModuleContext& ctx) {
    TargetState& state = ctx.state();
    std::vector<Site> sites;
    if (state.url) {
        const UrlTarget& url = *state.url;
        Site s;
        s.spec.host = url.host;
        if (!state.hosts.empty()) s.spec.address = state.hosts.front().address.ToString();
        s.spec.path = url.path.empty() ? "/" : url.path;
        if (url.scheme == "https") {
            s.spec.https_port = url.port;
            s.spec.http_port = 80;
        } else {
            s.spec.http_port = url.port;
            s.spec.https_port = 443;
        }
        s.label = url.host;
        sites.push_back(std::move(s));
        return sites;
    }
    struct HostPorts {
        std::string name;
        std::set<std::uint16_t> http, https;
        bool has_services = false;
    };
    std::map<std::string, HostPorts> by_address;  // address text -> ports
    std::vector<std::string> order;
    auto entry = [&](const std::string& address, const std::string& name) -> HostPorts& {
        auto [it, inserted] = by_address.try_emplace(address);
        if (inserted) order.push_back(address);
        if (it->second.name.empty()) it->second.name = name;
        return it->second;
    };
    {
        auto lock = ctx.Lock();
        for (const HostAddress& h : state.hosts) entry(h.address.ToString(), h.name);
        for (const Service& svc : state.services) {
            HostPorts& hp = entry(svc.host, svc.host_name);
            hp.has_services = true;
            if (svc.proto != "tcp") continue;
            if (svc.service == "https" || (svc.service == "http" && svc.tls)) {
                hp.https.insert(svc.port);
            } else if (svc.service == "http") {
                hp.http.insert(svc.port);
            }
        }
        for (const OpenPort& p : state.open_ports) {
            HostPorts& hp = entry(p.address.ToString(), p.name);
            if (hp.has_services) continue;
            if (p.port == 80 || p.port == 8080 || p.port == 8000) hp.http.insert(p.port);
            if (p.port == 443 || p.port == 8443) hp.https.insert(p.port);
        }
    }
    for (const std::string& address : order) {
        const HostPorts& hp = by_address[address];
        if (hp.http.empty() && hp.https.empty()) continue;
        Site s;
        s.spec.host = hp.name.empty() ? address : hp.name;
        s.spec.address = address;
        if (!hp.http.empty()) s.spec.http_port = PickPort(hp.http, {80, 8080, 8000});
        if (!hp.https.empty()) s.spec.https_port = PickPort(hp.https, {443, 8443});
        s.label = s.spec.host;
        sites.push_back(std::move(s));
    }
    return sites;
}

struct SiteOutcome {
    std::string url;
    std::optional<ObservatoryScore> score;
    std::string error;
    std::vector<Finding> findings;
    std::vector<std::string> notes;
};

class HeadersModule final : public Module {
  public:
    explicit HeadersModule(HeadersOptions options) : options_(std::move(options)) {}

    std::string_view Name() const override { return "headers"; }
    std::string_view Description() const override {
        return "HTTP security headers graded like the MDN HTTP Observatory, plus CORS reflection and disclosure checks";
    }
    std::span<const CheckInfo> Checks() const override { return kChecks; }

    Status Run(ModuleContext& ctx) override {
        int version = options_.observatory_version.value_or(ctx.options().observatory_version);
        if (version < 4 || version > 6) {
            return Fail(ErrorCode::kInvalidArgument, "observatory_version must be 4, 5 or 6");
        }
        ScorerOptions scorer;
        scorer.version = version;
        if (!options_.hsts_preload_file.empty()) {
            auto preload = LoadHstsPreload(options_.hsts_preload_file);
            if (!preload) return Fail(preload.error());
            scorer.preload = *preload;
        }
        std::vector<Site> sites = PlanSites(ctx);
        if (sites.empty()) {
            ctx.SetDetails(R"({"error":"no HTTP or HTTPS service found"})");
            return Ok();
        }
        std::shared_ptr<Retriever> retriever = options_.retriever;
        if (!retriever) retriever = MakeCurlRetriever();
        std::vector<SiteOutcome> outcomes(sites.size());
        ParallelFor(sites.size(), ctx.options().dialogue_concurrency, ctx.cancel(), [&](std::size_t i) {
            outcomes[i] = RunSite(ctx, *retriever, sites[i], scorer);
        });
        if (ctx.cancel().Cancelled()) return Fail(ErrorCode::kUnavailable, "cancelled");

        std::optional<std::size_t> worst;
        for (std::size_t i = 0; i < outcomes.size(); ++i) {
            for (Finding& f : outcomes[i].findings) ctx.Report(std::move(f));
            if (outcomes[i].score && (!worst || outcomes[i].score->score < outcomes[*worst].score->score)) worst = i;
        }
        auto site_json = [&](const SiteOutcome& o) {
            json::object obj;
            if (o.score) {
                obj = json::parse(SanitizeUtf8(ObservatoryJson(*o.score))).as_object();
            } else {
                obj["error"] = o.error;
            }
            obj["site"] = o.url;
            json::array notes;
            for (const std::string& n : o.notes) notes.emplace_back(n);
            obj["notes"] = std::move(notes);
            return obj;
        };
        json::object details = site_json(outcomes[worst.value_or(0)]);
        if (outcomes.size() > 1) {
            json::array all;
            for (const SiteOutcome& o : outcomes) all.emplace_back(site_json(o));
            details["sites"] = std::move(all);
        }
        ctx.SetDetails(json::serialize(details));
        if (worst) ctx.SetScore(outcomes[*worst].score->score, outcomes[*worst].score->grade);
        ctx.Progress(1.0, "done");
        return Ok();
    }

  private:
    SiteOutcome RunSite(ModuleContext& ctx, Retriever& retriever, const Site& site, const ScorerOptions& scorer) {
        SiteOutcome out;
        RetrieveOptions ro;
        ro.connect_timeout = ctx.options().timeout;
        ro.request_timeout = options_.request_timeout;
        ro.max_body = options_.max_body;
        ro.ca_file = ctx.options().ca_file;
        ro.user_agent = ctx.options().user_agent;
        ro.in_scope = options_.in_scope;
        ro.cancel = ctx.cancel();
        ro.cors_probe = options_.cors_probe;
        RetrievedSite got = retriever.Retrieve(site.spec, ro);
        out.notes = got.notes;
        std::string host_text = site.spec.host.find(':') != std::string::npos ? "[" + site.spec.host + "]" : site.spec.host;
        out.url = got.input.session_url;
        if (out.url.empty()) {
            out.url = site.spec.https_port ? "https://" + host_text +
                                                 (*site.spec.https_port == 443 ? "" : ":" + std::to_string(*site.spec.https_port)) +
                                                 site.spec.path
                                           : "http://" + host_text +
                                                 (site.spec.http_port.value_or(80) == 80 ? "" : ":" + std::to_string(*site.spec.http_port)) +
                                                 site.spec.path;
        }
        auto score = ScoreObservatory(got.input, scorer);
        if (!score) {
            out.error = score.error().message;
            return out;
        }
        const std::string& location = out.url;
        for (const ObservatoryTest& t : score->tests) {
            if (t.pass && t.score_modifier >= 0) continue;
            std::string_view id = CheckIdForResult(t.result);
            if (id.empty()) continue;
            out.findings.push_back(MakeFinding(Check(id), location, Evidence(t)));
        }
        const HttpResponse& response = *got.input.auto_response;
        if (got.cors_probe) {
            auto acao = got.cors_probe->First("access-control-allow-origin");
            auto acac = got.cors_probe->First("access-control-allow-credentials");
            if (acao && TrimAscii(*acao) == got.cors_probe_origin && acac && AsciiLower(TrimAscii(*acac)) == "true") {
                out.findings.push_back(MakeFinding(Check("headers.cors.reflected_origin_with_credentials"), location,
                                                   "Origin: " + got.cors_probe_origin + " -> Access-Control-Allow-Origin: " +
                                                       *acao + ", Access-Control-Allow-Credentials: " + *acac));
            }
        }
        if (auto server = response.First("server"); server && HasVersion(*server)) {
            out.findings.push_back(MakeFinding(Check("headers.disclosure.server_version"), location, "Server: " + *server));
        }
        if (auto powered = response.First("x-powered-by"); powered && !TrimAscii(*powered).empty()) {
            out.findings.push_back(
                MakeFinding(Check("headers.disclosure.x_powered_by"), location, "X-Powered-By: " + *powered));
        }
        for (std::string_view name : {"x-aspnet-version", "x-aspnetmvc-version"}) {
            if (auto v = response.First(name); v && !TrimAscii(*v).empty()) {
                out.findings.push_back(MakeFinding(Check("headers.disclosure.x_aspnet_version"), location,
                                                   std::string(name) + ": " + *v, name));
            }
        }
        if (!response.First("permissions-policy") && !response.First("feature-policy")) {
            out.findings.push_back(MakeFinding(Check("headers.permissions_policy.missing"), location,
                                               "no Permissions-Policy header"));
        }
        if (!response.First("cross-origin-opener-policy")) {
            out.findings.push_back(
                MakeFinding(Check("headers.coop.missing"), location, "no Cross-Origin-Opener-Policy header"));
        }
        out.score = std::move(*score);
        return out;
    }

    HeadersOptions options_;
};

std::string StripLineComments(const std::string& text) {
    std::istringstream in(text);
    std::string line, out;
    while (std::getline(in, line)) {
        std::string_view t = TrimAscii(line);
        if (t.starts_with("//")) continue;
        out += line;
        out += '\n';
    }
    return out;
}

}  // namespace

std::span<const CheckInfo> HeadersChecks() { return kChecks; }

std::string_view CheckIdForResult(std::string_view result) {
    const auto& m = ResultToCheck();
    auto it = m.find(result);
    return it == m.end() ? std::string_view{} : it->second;
}

Result<std::function<std::optional<HstsPreloadEntry>(std::string_view)>> LoadHstsPreload(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    if (!file) return Fail(ErrorCode::kNotFound, "cannot read HSTS preload file " + path);
    std::stringstream buffer;
    buffer << file.rdbuf();
    boost::system::error_code ec;
    json::value doc = json::parse(StripLineComments(buffer.str()), ec);
    if (ec || !doc.is_object()) return Fail(ErrorCode::kInvalidArgument, "HSTS preload file is not a JSON object");
    auto entries = std::make_shared<std::unordered_map<std::string, HstsPreloadEntry>>();
    const json::object& root = doc.as_object();
    if (const json::value* list = root.if_contains("entries"); list && list->is_array()) {
        for (const json::value& e : list->as_array()) {
            if (!e.is_object()) continue;
            const json::object& o = e.as_object();
            const json::value* name = o.if_contains("name");
            if (!name || !name->is_string()) continue;
            HstsPreloadEntry entry;
            if (const json::value* v = o.if_contains("include_subdomains"); v && v->is_bool()) {
                entry.include_subdomains = v->as_bool();
            }
            if (const json::value* v = o.if_contains("mode"); v && v->is_string()) entry.mode = v->as_string().c_str();
            (*entries)[AsciiLower(name->as_string().c_str())] = entry;
        }
    } else {
        for (const auto& kv : root) {
            if (!kv.value().is_object()) continue;
            const json::object& o = kv.value().as_object();
            HstsPreloadEntry entry;
            if (const json::value* v = o.if_contains("includeSubDomains"); v && v->is_bool()) {
                entry.include_subdomains = v->as_bool();
            }
            if (const json::value* v = o.if_contains("mode"); v && v->is_string()) entry.mode = v->as_string().c_str();
            (*entries)[AsciiLower(std::string(kv.key()))] = entry;
        }
    }
    return std::function<std::optional<HstsPreloadEntry>(std::string_view)>(
        [entries](std::string_view host) -> std::optional<HstsPreloadEntry> {
            auto it = entries->find(std::string(host));
            if (it == entries->end()) return std::nullopt;
            return it->second;
        });
}

std::unique_ptr<Module> MakeHeadersModule() { return MakeHeadersModule(HeadersOptions{}); }
std::unique_ptr<Module> MakeHeadersModule(HeadersOptions options) {
    return std::make_unique<HeadersModule>(std::move(options));
}

}  // namespace palisade::scan::headers

// SPDX-License-Identifier: Apache-2.0
// The Observatory's tests, one function per test, in the Observatory's order. Comments name the behaviour being
// reproduced where it is surprising (it is deliberate: scores must match the reference implementation).
#include "scan/modules/headers/observatory.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <set>

#include <boost/json.hpp>

#include "core/strings.hpp"
#include "scan/modules/headers/observatory_csp.hpp"
#include "scan/modules/headers/web_util.hpp"

namespace palisade::scan::headers {
namespace json = boost::json;
namespace {

// Node.js keeps only the first of these when a response repeats them.
bool NodeSingleValued(std::string_view lower) {
    static constexpr std::array<std::string_view, 18> kNames = {
        "age",  "authorization", "content-length", "content-type", "etag", "expires", "from", "host",
        "if-modified-since", "if-unmodified-since", "last-modified", "location", "max-forwards",
        "proxy-authorization", "referer", "retry-after", "server", "user-agent"};
    return std::find(kNames.begin(), kNames.end(), lower) != kNames.end();
}

std::string Slice(std::string_view s, std::size_t n) { return std::string(s.substr(0, std::min(n, s.size()))); }

bool IsHtmlType(const HttpResponse& r) {
    // The media type before ';' exactly, without trimming or case folding, as the Observatory compares it.
    std::string type = r.First("content-type").value_or("");
    std::string_view mime = std::string_view(type).substr(0, type.find(';'));
    return mime == "text/html" || mime == "application/xhtml+xml";
}

// The auto response's <meta> facts, only for HTML with a non-empty body (as the retriever parses them).
HtmlFacts MetaFacts(const ObservatoryInput& in) {
    if (!in.auto_response || in.auto_response->body.empty() || !IsHtmlType(*in.auto_response)) return {};
    return ExtractHtmlFacts(in.auto_response->body);
}

ObservatoryTest Start(std::string name, std::string expectation) {
    ObservatoryTest t;
    t.name = std::move(name);
    t.expectation = std::move(expectation);
    return t;
}

bool In(std::string_view value, std::initializer_list<std::string_view> list) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

// Later results replace earlier ones only when they come later in `order` (unknown results rank before all).
void OnlyIfWorse(std::string& current, std::string_view candidate, const std::vector<std::string_view>& order) {
    if (current.empty()) {
        current = std::string(candidate);
        return;
    }
    auto rank = [&](std::string_view r) -> long {
        auto it = std::find(order.begin(), order.end(), r);
        return it == order.end() ? -1 : it - order.begin();
    };
    if (rank(candidate) > rank(current)) current = std::string(candidate);
}

json::value StrOrNull(const std::optional<std::string>& s) { return s ? json::value(*s) : json::value(nullptr); }

std::string Serialize(const json::object& o) { return json::serialize(o); }

// JS parseInt(s, 10) on the text after "max-age=": leading whitespace, optional sign, digits; NaN otherwise.
std::optional<double> JsParseInt(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '\f' ||
                            s[i] == '\v')) {
        ++i;
    }
    bool negative = false;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) negative = s[i++] == '-';
    double value = 0;
    std::size_t digits = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
        value = value * 10 + (s[i++] - '0');
        ++digits;
    }
    if (digits == 0) return std::nullopt;
    return negative ? -value : value;
}

constexpr double kSixMonths = 15552000;

std::optional<HstsPreloadEntry> Preloaded(const ScorerOptions& options, std::string_view host) {
    if (!options.preload) return std::nullopt;
    std::string h = AsciiLower(host);
    if (auto e = options.preload(h); e && e->mode == "force-https") return e;
    std::size_t dot = h.find('.');
    while (dot != std::string::npos) {
        std::string parent = h.substr(dot + 1);
        if (auto e = options.preload(parent); e && e->mode == "force-https" && e->include_subdomains) return e;
        dot = h.find('.', dot + 1);
    }
    return std::nullopt;
}

std::string HostOfSite(std::string_view hostname) {
    if (auto u = ParseWebUrl(std::string("http://") + std::string(hostname))) return u->host;
    return AsciiLower(hostname);
}

}  // namespace

// ---------------------------------------------------------------------------------------------------------------
// HttpResponse

std::vector<std::string> HttpResponse::Values(std::string_view name) const {
    std::string lower = AsciiLower(name);
    std::vector<std::string> out;
    for (const HeaderField& h : headers) {
        if (AsciiLower(h.name) != lower) continue;
        if (lower == "set-cookie") {
            out.push_back(h.value);
        } else if (out.empty()) {
            out.push_back(h.value);
        } else if (!NodeSingleValued(lower)) {
            out.front() += (lower == "cookie" ? "; " : ", ") + h.value;
        }
    }
    return out;
}

std::optional<std::string> HttpResponse::First(std::string_view name) const {
    auto values = Values(name);
    if (values.empty()) return std::nullopt;
    return values.front();
}

std::vector<HeaderField> HttpResponse::NodeHeaders() const {
    std::vector<HeaderField> out;
    std::set<std::string> done;
    for (const HeaderField& h : headers) {
        std::string lower = AsciiLower(h.name);
        if (lower == "set-cookie") {
            out.push_back({lower, h.value});
            continue;
        }
        if (!done.insert(lower).second) continue;
        out.push_back({lower, Values(lower).front()});
    }
    return out;
}

// ---------------------------------------------------------------------------------------------------------------
// CookieJar (tough-cookie 5, strict parsing, errors ignored)

void CookieJar::Set(std::string_view header, std::string_view request_url) {
    auto url = ParseWebUrl(request_url);
    if (!url) return;
    std::string_view str = TrimAscii(header);
    if (str.empty()) return;
    std::size_t first_semi = str.find(';');
    std::string pair(str.substr(0, first_semi));
    for (char t : {'\n', '\r', '\0'}) {
        if (std::size_t p = pair.find(t); p != std::string::npos) pair.resize(p);
    }
    std::size_t eq = pair.find('=');
    if (eq == std::string::npos || eq == 0) return;
    StoredCookie c;
    c.key = std::string(TrimAscii(std::string_view(pair).substr(0, eq)));
    c.value = std::string(TrimAscii(std::string_view(pair).substr(eq + 1)));
    auto has_control = [](std::string_view s) {
        return std::any_of(s.begin(), s.end(), [](char ch) { return static_cast<unsigned char>(ch) < 0x20; });
    };
    if (has_control(c.key) || has_control(c.value)) return;
    std::optional<std::string> domain_attr, path_attr;
    if (first_semi != std::string_view::npos) {
        std::string_view rest = TrimAscii(str.substr(first_semi + 1));
        std::size_t start = 0;
        while (start <= rest.size() && !rest.empty()) {
            std::size_t semi = rest.find(';', start);
            std::string_view av = TrimAscii(
                rest.substr(start, semi == std::string_view::npos ? std::string_view::npos : semi - start));
            start = semi == std::string_view::npos ? rest.size() + 1 : semi + 1;
            if (av.empty()) continue;
            std::size_t sep = av.find('=');
            std::string key = AsciiLower(TrimAscii(av.substr(0, sep)));
            std::optional<std::string> value;
            if (sep != std::string_view::npos && sep + 1 < av.size()) value = std::string(TrimAscii(av.substr(sep + 1)));
            if (key == "expires") {
                if (value && !value->empty()) c.expires = *value;
            } else if (key == "max-age") {
                if (value && !value->empty()) {
                    std::string_view v = *value;
                    std::string_view digits = v.front() == '-' ? v.substr(1) : v;
                    if (!digits.empty() &&
                        std::all_of(digits.begin(), digits.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) {
                        double d = std::strtod(value->c_str(), nullptr);
                        c.max_age = d > 9.2e18 ? INT64_MAX : d < -9.2e18 ? INT64_MIN : static_cast<std::int64_t>(d);
                    }
                }
            } else if (key == "domain") {
                if (value && !value->empty()) {
                    std::string d(TrimAscii(*value));
                    if (!d.empty() && d.front() == '.') d.erase(0, 1);
                    if (!d.empty()) domain_attr = AsciiLower(d);
                }
            } else if (key == "path") {
                path_attr = (value && !value->empty() && value->front() == '/') ? value : std::nullopt;
            } else if (key == "secure") {
                c.secure = true;
            } else if (key == "httponly") {
                c.http_only = true;
            } else if (key == "samesite") {
                std::string v = value ? AsciiLower(*value) : "";
                if (v == "strict" || v == "lax" || v == "none") {
                    c.same_site = v;
                } else {
                    c.same_site.reset();
                }
            }
        }
    }
    std::string host = url->host;
    if (domain_attr) {
        if (IsCookiePublicSuffix(*domain_attr)) return;
        bool match = host == *domain_attr;
        if (!match && !IsIpLiteral(host) && host.size() > domain_attr->size() + 1 && host.ends_with(*domain_attr) &&
            host[host.size() - domain_attr->size() - 1] == '.') {
            match = true;
        }
        if (!match) return;
        c.domain = *domain_attr;
        c.host_only = false;
    } else {
        c.domain = host;
        c.host_only = true;
    }
    if (path_attr) {
        c.path = *path_attr;
    } else {
        std::string p = url->path_query.substr(0, url->path_query.find('?'));
        std::size_t last = p.rfind('/');
        c.path = (p.empty() || p.front() != '/' || last == 0 || last == std::string::npos) ? "/" : p.substr(0, last);
    }
    if (c.key.starts_with("__Secure-") && !c.secure) return;
    if (c.key.starts_with("__Host-") && (!c.secure || !c.host_only || c.path != "/")) return;
    for (StoredCookie& existing : cookies_) {
        if (existing.domain == c.domain && existing.path == c.path && existing.key == c.key) {
            existing = std::move(c);
            return;
        }
    }
    cookies_.push_back(std::move(c));
}

// ---------------------------------------------------------------------------------------------------------------
// Scoring tables

int ObservatoryModifier(std::string_view result, int version) {
    static const std::map<std::string, int, std::less<>> kTable = {
        {"csp-implemented-with-no-unsafe-default-src-none", 10},
        {"csp-implemented-with-no-unsafe", 5},
        {"csp-implemented-with-unsafe-inline-in-style-src-only", 0},
        {"csp-implemented-with-insecure-scheme-in-passive-content-only", -10},
        {"csp-implemented-with-unsafe-eval", -10},
        {"csp-implemented-with-unsafe-inline", -20},
        {"csp-implemented-with-insecure-scheme", -20},
        {"csp-header-invalid", -25},
        {"csp-not-implemented", -25},
        {"csp-not-implemented-but-reporting-enabled", -25},
        {"csp-implemented-but-duplicate-directives", 0},
        {"cookies-secure-with-httponly-sessions-and-samesite", 5},
        {"cookies-secure-with-httponly-sessions", 0},
        {"cookies-not-found", 0},
        {"cookies-without-secure-flag-but-protected-by-hsts", -5},
        {"cookies-session-without-secure-flag-but-protected-by-hsts", -10},
        {"cookies-without-secure-flag", -20},
        {"cookies-samesite-flag-invalid", -20},
        {"cookies-anticsrf-without-samesite-flag", -20},
        {"cookies-session-without-httponly-flag", -30},
        {"cookies-session-without-secure-flag", -40},
        {"cross-origin-resource-sharing-not-implemented", 0},
        {"cross-origin-resource-sharing-implemented-with-public-access", 0},
        {"cross-origin-resource-sharing-implemented-with-restricted-access", 0},
        {"cross-origin-resource-sharing-implemented-with-universal-access", -50},
        {"redirection-all-redirects-preloaded", 0},
        {"redirection-to-https", 0},
        {"redirection-not-needed-no-http", 0},
        {"redirection-off-host-from-http", -5},
        {"redirection-not-to-https-on-initial-redirection", -10},
        {"redirection-not-to-https", -20},
        {"redirection-missing", -20},
        {"redirection-invalid-cert", -20},
        {"referrer-policy-private", 5},
        {"referrer-policy-not-implemented", 0},
        {"referrer-policy-unsafe", -5},
        {"referrer-policy-header-invalid", -5},
        {"hsts-preloaded", 5},
        {"hsts-implemented-max-age-at-least-six-months", 0},
        {"hsts-implemented-max-age-less-than-six-months", -10},
        {"hsts-not-implemented", -20},
        {"hsts-header-invalid", -20},
        {"hsts-not-implemented-no-https", -20},
        {"hsts-invalid-cert", -20},
        {"sri-implemented-and-all-scripts-loaded-securely", 5},
        {"sri-implemented-and-external-scripts-loaded-securely", 5},
        {"sri-not-implemented-response-not-html", 0},
        {"sri-not-implemented-but-no-scripts-loaded", 0},
        {"sri-not-implemented-but-all-scripts-loaded-from-secure-origin", 0},
        {"sri-not-implemented-but-external-scripts-loaded-securely", -5},
        {"sri-implemented-but-external-scripts-not-loaded-securely", -20},
        {"sri-not-implemented-and-external-scripts-not-loaded-securely", -50},
        {"html-not-parseable", -20},
        {"x-content-type-options-nosniff", 0},
        {"x-content-type-options-not-implemented", -5},
        {"x-content-type-options-header-invalid", -5},
        {"x-frame-options-implemented-via-csp", 5},
        {"x-frame-options-sameorigin-or-deny", 5},  // 0 in version 4
        {"x-frame-options-allow-from-origin", 0},
        {"x-frame-options-not-implemented", -20},
        {"x-frame-options-header-invalid", -20},
        {"corp-implemented-with-same-origin", 10},
        {"corp-implemented-with-same-site", 10},
        {"corp-implemented-with-cross-origin", 0},
        {"corp-not-implemented", 0},
        {"corp-header-invalid", -5},
        {"coop-implemented-with-same-origin", 10},
        {"coop-implemented-with-same-origin-allow-popups", 10},
        {"coop-implemented-with-noopener-allow-popups", 10},
        {"coop-implemented-with-unsafe-none", 0},
        {"coop-not-implemented", 0},
        {"coop-header-invalid", -5},
        {"coep-implemented-with-require-corp", 10},
        {"coep-implemented-with-credentialless", 10},
        {"coep-implemented-with-unsafe-none", 0},
        {"coep-not-implemented", 0},
        {"coep-header-invalid", -5},
    };
    if (version <= 4 && result == "x-frame-options-sameorigin-or-deny") return 0;
    auto it = kTable.find(result);
    return it == kTable.end() ? 0 : it->second;
}

std::string ObservatoryGrade(int score) {
    score = std::max(score, 0);
    int key = std::min(score - score % 5, 100);
    if (key >= 100) return "A+";
    if (key >= 90) return "A";
    if (key >= 85) return "A-";
    if (key >= 80) return "B+";
    if (key >= 70) return "B";
    if (key >= 65) return "B-";
    if (key >= 60) return "C+";
    if (key >= 50) return "C";
    if (key >= 45) return "C-";
    if (key >= 40) return "D+";
    if (key >= 30) return "D";
    if (key >= 25) return "D-";
    return "F";
}

int ObservatoryTotal(const std::vector<int>& modifiers) {
    int with_extra = 100, uncurved = 100;
    for (int m : modifiers) {
        with_extra += m;
        if (m < 0) uncurved += m;
    }
    int score = uncurved >= 90 ? with_extra : uncurved;
    return std::max(score, 0);
}

// ---------------------------------------------------------------------------------------------------------------
// Tests

ObservatoryTest CspTest(const ObservatoryInput& in, const ScorerOptions& options) {
    ObservatoryTest out = Start("content-security-policy", "csp-implemented-with-no-unsafe");
    json::object extra{{"data", nullptr}, {"http", false}, {"meta", false}, {"policy", nullptr}, {"numPolicies", 0}};
    auto finish = [&](std::string result) {
        out.result = std::move(result);
        out.data_json = Serialize(extra);
        return out;
    };
    const auto& response = in.auto_response;
    if (!response || in.session_url.empty()) return finish("csp-not-implemented");

    std::vector<std::string> http_csp = response->Values("content-security-policy");
    if (options.version >= 5) {
        // Newer revisions split every header value into its comma-separated policies.
        std::vector<std::string> split;
        for (const std::string& v : http_csp) {
            std::size_t start = 0;
            for (;;) {
                std::size_t comma = v.find(',', start);
                std::string_view piece = TrimAscii(std::string_view(v).substr(
                    start, comma == std::string::npos ? std::string::npos : comma - start));
                if (!piece.empty()) split.emplace_back(piece);
                if (comma == std::string::npos) break;
                start = comma + 1;
            }
        }
        http_csp = std::move(split);
    }
    std::vector<std::string> meta_csp = MetaFacts(in).csp_meta;
    extra["numPolicies"] = static_cast<std::int64_t>(http_csp.size() + meta_csp.size());

    std::vector<std::string> all = http_csp;
    all.insert(all.end(), meta_csp.begin(), meta_csp.end());
    auto parsed = ParseObservatoryCsp(all);
    if (!parsed) return finish("csp-header-invalid");
    ObsCsp csp = std::move(*parsed);
    ObsCsp header_only = ParseObservatoryCsp(http_csp).value_or(ObsCsp{});
    ObsCsp meta_only = ParseObservatoryCspMeta(meta_csp).value_or(ObsCsp{});

    if (header_only.size() + meta_only.size() == 0) {
        // Content-Security-Policy-Report-Only counts from headers only.
        auto report_only = response->First("content-security-policy-report-only");
        return finish(report_only && !report_only->empty() ? "csp-not-implemented-but-reporting-enabled"
                                                           : "csp-not-implemented");
    }
    json::object policy{{"antiClickjacking", false},      {"defaultNone", false},         {"insecureBaseUri", false},
                        {"insecureFormAction", false},    {"insecureSchemeActive", false}, {"insecureSchemePassive", false},
                        {"strictDynamic", false},         {"unsafeEval", false},          {"unsafeInline", false},
                        {"unsafeInlineStyle", false},     {"unsafeObjects", false}};
    extra["http"] = !http_csp.empty();
    extra["meta"] = !meta_csp.empty();

    // The Observatory's source lists alias the parsed map (deleting from script-src may edit default-src and the
    // reported data); pointers reproduce that.
    std::vector<std::string> star{"*"};
    std::vector<std::string> base_uri_own = star, frame_anc_own = star, form_action_own = star, object_own = star,
                             script_own = star, style_own = star;
    auto pick = [&](std::initializer_list<std::string_view> names, std::vector<std::string>* fallback) {
        for (std::string_view n : names) {
            if (auto* s = csp.Find(n)) return s;
        }
        return fallback;
    };
    std::vector<std::string>* base_uri = pick({"base-uri"}, &base_uri_own);
    std::vector<std::string>* frame_ancestors = header_only.Find("frame-ancestors");
    if (!frame_ancestors) frame_ancestors = &frame_anc_own;
    std::vector<std::string>* form_action = pick({"form-action"}, &form_action_own);
    std::vector<std::string>* object_src = pick({"object-src", "default-src"}, &object_own);
    std::vector<std::string>* script_src = pick({"script-src", "default-src"}, &script_own);
    std::vector<std::string>* style_src = pick({"style-src", "default-src"}, &style_own);

    auto has = [](const std::vector<std::string>* list, std::string_view v) {
        return std::find(list->begin(), list->end(), v) != list->end();
    };
    auto erase = [](std::vector<std::string>* list, std::string_view v) {
        std::erase_if(*list, [&](const std::string& s) { return s == v; });
    };
    auto nonce_or_hash = [](const std::vector<std::string>* list) {
        return std::any_of(list->begin(), list->end(), [](const std::string& s) {
            return s.starts_with("'sha256-") || s.starts_with("'sha384-") || s.starts_with("'sha512-") ||
                   s.starts_with("'nonce-");
        });
    };
    static const std::set<std::string, std::less<>> kBroad = {"ftp:",     "http:",      "https:",     "*",
                                                               "http://*", "http://*.*", "https://*", "https://*.*"};
    auto broad = [&](std::string_view s) { return kBroad.count(s) > 0; };
    auto broad_or_inline = [&](std::string_view s) { return broad(s) || s == "'unsafe-inline'" || s == "data:"; };

    for (std::vector<std::string>* list : {script_src, style_src}) {
        if (nonce_or_hash(list) && has(list, "'unsafe-inline'")) erase(list, "'unsafe-inline'");
    }
    std::string result;
    if (nonce_or_hash(script_src) && has(script_src, "'strict-dynamic'")) {
        std::erase_if(*script_src, [&](const std::string& s) {
            bool starts_broad = std::any_of(kBroad.begin(), kBroad.end(),
                                            [&](const std::string& b) { return s.starts_with(b); });
            return starts_broad || s == "'self'" || s == "'unsafe-inline'";
        });
        policy["strictDynamic"] = true;
    } else if (has(script_src, "'strict-dynamic'")) {
        result = "csp-header-invalid";
    }

    std::vector<std::string> active;
    for (const auto& [name, sources] : csp.directives) {
        if (name == "img-src" || name == "media-src" || name == "script-src") continue;
        active.insert(active.end(), sources.begin(), sources.end());
    }
    active.insert(active.end(), script_src->begin(), script_src->end());
    std::vector<std::string> passive;
    for (std::string_view d : {"img-src", "media-src"}) {
        const std::vector<std::string>* list = csp.Find(d);
        if (!list) list = csp.Find("default-src");
        if (list) passive.insert(passive.end(), list->begin(), list->end());
    }
    auto set_if_unset = [&](std::string_view r) {
        if (result.empty()) result = std::string(r);
    };
    bool https = in.session_url.starts_with("https:");
    auto insecure = [](const std::string& s) { return s.starts_with("http:") || s.starts_with("ftp:"); };

    if (std::any_of(script_src->begin(), script_src->end(), broad_or_inline) ||
        std::any_of(object_src->begin(), object_src->end(), broad)) {
        set_if_unset("csp-implemented-with-unsafe-inline");
        policy["unsafeInline"] = true;
    }
    if (https && std::any_of(active.begin(), active.end(), insecure)) {
        set_if_unset("csp-implemented-with-insecure-scheme");
        policy["insecureSchemeActive"] = true;
    }
    if (has(script_src, "'unsafe-eval'") || has(style_src, "'unsafe-eval'")) {
        set_if_unset("csp-implemented-with-unsafe-eval");
        policy["unsafeEval"] = true;
    }
    if (https && std::any_of(passive.begin(), passive.end(), insecure)) {
        set_if_unset("csp-implemented-with-insecure-scheme-in-passive-content-only");
        policy["insecureSchemePassive"] = true;
    }
    if (std::any_of(style_src->begin(), style_src->end(), broad_or_inline)) {
        set_if_unset("csp-implemented-with-unsafe-inline-in-style-src-only");
        policy["unsafeInlineStyle"] = true;
    }
    const std::vector<std::string>* default_src = csp.Find("default-src");
    if (default_src && default_src->size() == 1 && default_src->front() == "'none'") {
        set_if_unset("csp-implemented-with-no-unsafe-default-src-none");
        policy["defaultNone"] = true;
    } else {
        set_if_unset("csp-implemented-with-no-unsafe");
    }
    policy["antiClickjacking"] = !std::any_of(frame_ancestors->begin(), frame_ancestors->end(), broad);
    policy["insecureBaseUri"] = std::any_of(base_uri->begin(), base_uri->end(), broad_or_inline);
    policy["insecureFormAction"] = std::any_of(form_action->begin(), form_action->end(), broad);
    policy["unsafeObjects"] = std::any_of(object_src->begin(), object_src->end(), broad);

    if (In(result, {"csp-implemented-with-no-unsafe", "csp-implemented-with-no-unsafe-default-src-none",
                    "csp-implemented-with-unsafe-inline-in-style-src-only",
                    "csp-implemented-with-insecure-scheme-in-passive-content-only"})) {
        out.pass = true;
        if (!csp.duplicate_warnings.empty()) result = "csp-implemented-but-duplicate-directives";
    }
    json::object data;
    for (const auto& [name, sources] : csp.directives) {
        std::vector<std::string> sorted = sources;
        std::sort(sorted.begin(), sorted.end());
        json::array arr;
        for (const std::string& s : sorted) arr.emplace_back(s);
        data[name] = std::move(arr);
    }
    extra["policy"] = std::move(policy);
    extra["data"] = std::move(data);
    return finish(std::move(result));
}

ObservatoryTest HstsTest(const ObservatoryInput& in, const ScorerOptions& options) {
    ObservatoryTest out = Start("strict-transport-security", "hsts-implemented-max-age-at-least-six-months");
    json::object extra{{"data", nullptr}, {"includeSubDomains", false}, {"maxAge", nullptr}, {"preload", false},
                       {"preloaded", false}};
    std::string result = "hsts-not-implemented";
    const auto& response = in.https;
    if (!response) {
        result = "hsts-not-implemented-no-https";
    } else if (!response->verified) {
        result = "hsts-invalid-cert";
    } else if (auto header = response->First("strict-transport-security")) {
        std::string data = Slice(*header, 1024);
        extra["data"] = data;
        bool invalid = data.find(',') != std::string::npos;
        bool have_max_age = false;
        std::optional<double> max_age;
        std::size_t start = 0;
        for (; !invalid;) {  // a ',' aborts before any directive is read
            std::size_t semi = data.find(';', start);
            std::string param = AsciiLower(TrimAscii(std::string_view(data).substr(
                start, semi == std::string::npos ? std::string::npos : semi - start)));
            if (param.starts_with("max-age=")) {
                have_max_age = true;
                max_age = JsParseInt(std::string_view(param).substr(8, 120));
            } else if (param == "includesubdomains") {
                extra["includeSubDomains"] = true;
            } else if (param == "preload") {
                extra["preload"] = true;
            }
            if (semi == std::string::npos) break;
            start = semi + 1;
        }
        if (have_max_age) extra["maxAge"] = max_age ? json::value(*max_age) : json::value(nullptr);
        if (invalid || !have_max_age) {
            result = "hsts-header-invalid";
        } else if (max_age && *max_age < kSixMonths) {
            // NaN (max-age=abc) compares false in JS and so counts as "at least six months".
            result = "hsts-implemented-max-age-less-than-six-months";
        } else {
            result = "hsts-implemented-max-age-at-least-six-months";
        }
        if (max_age && std::floor(*max_age) == *max_age && std::fabs(*max_age) < 9e15) {
            extra["maxAge"] = static_cast<std::int64_t>(*max_age);
        }
    }
    if (response) {
        if (auto entry = Preloaded(options, HostOfSite(in.hostname))) {
            result = "hsts-preloaded";
            extra["includeSubDomains"] = entry->include_subdomains;
            extra["preloaded"] = true;
        }
    }
    out.pass = In(result, {"hsts-implemented-max-age-at-least-six-months", "hsts-preloaded"});
    out.result = result;
    out.data_json = Serialize(extra);
    return out;
}

ObservatoryTest CookiesTest(const ObservatoryInput& in, const ScorerOptions& options) {
    ObservatoryTest out = Start("cookies", "cookies-secure-with-httponly-sessions");
    static const std::vector<std::string_view> kOrder = {
        "cookies-without-secure-flag-but-protected-by-hsts",
        "cookies-without-secure-flag",
        "cookies-session-without-secure-flag-but-protected-by-hsts",
        "cookies-samesite-flag-invalid",
        "cookies-anticsrf-without-samesite-flag",
        "cookies-session-without-httponly-flag",
        "cookies-session-without-secure-flag",
    };
    bool hsts = HstsTest(in, options).pass;
    json::object extra{{"data", nullptr}, {"sameSite", false}};
    std::string result;
    bool missing_same_site = false;
    if (in.auto_response) {
        for (const std::string& raw : in.auto_response->Values("set-cookie")) {
            // Raw check: any ';'-part whose name is SameSite with an empty or unknown value (value ends at '=').
            std::string_view cookie = TrimAscii(raw);
            std::size_t start = 0;
            bool bad = false;
            for (;;) {
                std::size_t semi = cookie.find(';', start);
                std::string_view part = TrimAscii(cookie.substr(
                    start, semi == std::string_view::npos ? std::string_view::npos : semi - start));
                std::size_t eq = part.find('=');
                std::string key = AsciiLower(TrimAscii(part.substr(0, eq)));
                if (key == "samesite") {
                    std::string_view value;
                    if (eq != std::string_view::npos) {
                        value = part.substr(eq + 1);
                        value = value.substr(0, value.find('='));
                    }
                    std::string v = AsciiLower(TrimAscii(value));
                    if (value.empty() || (v != "lax" && v != "strict" && v != "none")) bad = true;
                }
                if (semi == std::string_view::npos) break;
                start = semi + 1;
            }
            if (bad) OnlyIfWorse(result, "cookies-samesite-flag-invalid", kOrder);
        }
    }
    std::vector<const StoredCookie*> cookies;
    for (const StoredCookie& c : in.cookies) {
        if (!c.key.empty() && c.key != "heroku-session-affinity") cookies.push_back(&c);
    }
    if (cookies.empty()) {
        result = "cookies-not-found";
    } else {
        for (const StoredCookie* c : cookies) {
            std::string key = AsciiLower(c->key);
            bool session = key.find("login") != std::string::npos || key.find("sess") != std::string::npos;
            bool anticsrf = key.find("csrf") != std::string::npos;
            if (!c->secure && c->same_site && *c->same_site == "none") {
                OnlyIfWorse(result, "cookies-samesite-flag-invalid", kOrder);
            }
            if (!c->secure) {
                OnlyIfWorse(result, hsts ? "cookies-without-secure-flag-but-protected-by-hsts"
                                         : "cookies-without-secure-flag",
                            kOrder);
            }
            if (anticsrf && !c->same_site) OnlyIfWorse(result, "cookies-anticsrf-without-samesite-flag", kOrder);
            if (session && !c->secure) {
                OnlyIfWorse(result, hsts ? "cookies-session-without-secure-flag-but-protected-by-hsts"
                                         : "cookies-session-without-secure-flag",
                            kOrder);
            }
            if (session && !c->http_only) OnlyIfWorse(result, "cookies-session-without-httponly-flag", kOrder);
            if (!c->same_site) missing_same_site = true;
        }
        if (result.empty()) {
            result = missing_same_site ? "cookies-secure-with-httponly-sessions"
                                       : "cookies-secure-with-httponly-sessions-and-samesite";
            extra["sameSite"] = !missing_same_site;
        }
        json::object data;
        for (const StoredCookie* c : cookies) {
            // tough-cookie's serialisation omits fields at their defaults.
            json::object item{{"domain", c->domain}};
            if (c->expires) item["expires"] = *c->expires;
            if (c->http_only) item["httponly"] = true;
            if (c->max_age) item["max-age"] = *c->max_age;
            item["path"] = c->path;
            item["port"] = nullptr;
            if (c->same_site) item["samesite"] = *c->same_site;
            if (c->secure) item["secure"] = true;
            data[c->key] = std::move(item);
        }
        extra["data"] = std::move(data);
    }
    out.pass = In(result, {"cookies-not-found", "cookies-secure-with-httponly-sessions-and-samesite",
                           "cookies-secure-with-httponly-sessions"});
    out.result = result;
    out.data_json = Serialize(extra);
    return out;
}

ObservatoryTest CorsTest(const ObservatoryInput& in, const ScorerOptions&) {
    ObservatoryTest out = Start("cross-origin-resource-sharing", "cross-origin-resource-sharing-not-implemented");
    json::object extra{{"data", nullptr}};
    std::string result = "cross-origin-resource-sharing-not-implemented";
    if (in.cors) {
        auto acao = in.cors->First("access-control-allow-origin");
        auto acac = in.cors->First("access-control-allow-credentials");
        if (acao && !acao->empty()) {
            std::string data = AsciiLower(TrimAscii(Slice(*acao, 256)));
            extra["data"] = data;
            if (data == "*") {
                result = "cross-origin-resource-sharing-implemented-with-public-access";
            } else if (!in.cors_request_origin.empty() && in.cors_request_origin == *acao && acac &&
                       AsciiLower(TrimAscii(*acac)) == "true") {
                result = "cross-origin-resource-sharing-implemented-with-universal-access";
            } else {
                result = "cross-origin-resource-sharing-implemented-with-restricted-access";
            }
        }
    }
    out.pass = result != "cross-origin-resource-sharing-implemented-with-universal-access";
    out.result = result;
    out.data_json = Serialize(extra);
    return out;
}

ObservatoryTest RedirectionTest(const ObservatoryInput& in, const ScorerOptions& options) {
    ObservatoryTest out = Start("redirection", "redirection-to-https");
    json::object extra{{"destination", nullptr}, {"redirects", true}, {"route", json::array{}}, {"statusCode", nullptr}};
    if (!in.http_redirects.empty()) {
        extra["destination"] = in.http_redirects.back().url;
    } else if (options.version >= 5 && !in.https_redirects.empty()) {
        // 1.4.x hands the http chain to both fields, so the https chain never shows here in version 4.
        extra["destination"] = in.https_redirects.back().url;
    }
    std::optional<int> status;
    if (in.http) status = in.http->status;
    std::string result;
    json::array route_json;
    if (!in.http) {
        result = "redirection-not-needed-no-http";
    } else if (!in.http->verified) {
        result = "redirection-invalid-cert";
    } else {
        const auto& route = in.http_redirects;
        for (const RedirectEntry& r : route) route_json.emplace_back(r.url);
        auto url_of = [](const RedirectEntry& e) { return ParseWebUrl(e.url).value_or(WebUrl{}); };
        bool all_preloaded = std::all_of(route.begin(), route.end(), [&](const RedirectEntry& e) {
            return Preloaded(options, url_of(e).host).has_value();
        });
        if (all_preloaded) {
            result = "redirection-all-redirects-preloaded";
        } else if (route.size() == 1) {
            result = "redirection-missing";
            extra["redirects"] = false;
        } else if (url_of(route.back()).scheme != "https") {
            result = "redirection-not-to-https";
        } else if (url_of(route[1]).scheme == "http") {
            result = "redirection-not-to-https-on-initial-redirection";
            status = route.back().status;
        } else if (url_of(route[0]).scheme == "http" && url_of(route[1]).scheme == "https" &&
                   url_of(route[0]).host != url_of(route[1]).host) {
            result = "redirection-off-host-from-http";
        } else {
            result = "redirection-to-https";
        }
    }
    if (json::serialize(route_json).size() > 8192) route_json.clear();
    extra["route"] = std::move(route_json);
    if (status && std::to_string(*status).size() < 5) extra["statusCode"] = *status;
    out.pass = In(result, {"redirection-not-needed-no-http", "redirection-all-redirects-preloaded",
                           "redirection-to-https"});
    out.result = result;
    out.data_json = Serialize(extra);
    return out;
}

ObservatoryTest ReferrerPolicyTest(const ObservatoryInput& in, const ScorerOptions&) {
    ObservatoryTest out = Start("referrer-policy", "referrer-policy-private");
    json::object extra{{"data", nullptr}, {"http", false}, {"meta", false}};
    auto finish = [&](std::string result) {
        out.result = std::move(result);
        out.pass = In(out.result, {"referrer-policy-private", "referrer-policy-not-implemented"});
        out.data_json = Serialize(extra);
        return out;
    };
    if (!in.auto_response) return finish("referrer-policy-not-implemented");
    std::vector<std::string> values = in.auto_response->Values("referrer-policy");
    extra["http"] = !values.empty();
    if (auto meta = MetaFacts(in).referrer_meta) {
        values.push_back(*meta);
        extra["meta"] = true;
    }
    if (values.empty()) return finish("referrer-policy-not-implemented");
    std::string data;
    for (std::size_t i = 0; i < values.size(); ++i) data += (i ? ", " : "") + values[i];
    extra["data"] = data;
    static const std::vector<std::string_view> kGood = {"no-referrer", "same-origin", "strict-origin",
                                                        "strict-origin-when-cross-origin"};
    static const std::vector<std::string_view> kBad = {"origin", "origin-when-cross-origin", "unsafe-url",
                                                       "no-referrer-when-downgrade"};
    std::string policy;
    std::size_t start = 0;
    for (;;) {
        std::size_t comma = data.find(',', start);
        std::string token = AsciiLower(
            TrimAscii(std::string_view(data).substr(start, comma == std::string::npos ? std::string::npos : comma - start)));
        if (std::find(kGood.begin(), kGood.end(), token) != kGood.end() ||
            std::find(kBad.begin(), kBad.end(), token) != kBad.end()) {
            policy = token;
        }
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    if (std::find(kGood.begin(), kGood.end(), policy) != kGood.end()) return finish("referrer-policy-private");
    if (std::find(kBad.begin(), kBad.end(), policy) != kBad.end()) return finish("referrer-policy-unsafe");
    return finish("referrer-policy-header-invalid");
}

ObservatoryTest SriTest(const ObservatoryInput& in, const ScorerOptions&) {
    ObservatoryTest out = Start("subresource-integrity", "sri-implemented-and-external-scripts-loaded-securely");
    static const std::vector<std::string_view> kOrder = {
        "sri-implemented-and-all-scripts-loaded-securely",
        "sri-implemented-and-external-scripts-loaded-securely",
        "sri-implemented-but-external-scripts-not-loaded-securely",
        "sri-not-implemented-but-external-scripts-loaded-securely",
        "sri-not-implemented-and-external-scripts-not-loaded-securely",
        "sri-not-implemented-response-not-html",
    };
    json::object data;
    std::string result;
    if (!in.auto_response) {
        result = "sri-not-implemented-but-no-scripts-loaded";
    } else if (!IsHtmlType(*in.auto_response)) {
        result = "sri-not-implemented-response-not-html";
    } else {
        HtmlFacts facts = ExtractHtmlFacts(in.auto_response->body);
        std::optional<WebUrl> base;
        if (facts.base_href) base = ParseWebUrl(*facts.base_href);
        std::optional<std::string> site_domain = RegistrableDomain(in.hostname);
        bool session_https = in.session_url.starts_with("https:");
        bool foreign_seen = false;
        for (const HtmlScript& script : facts.scripts) {
            if (!script.src) continue;
            // The reflected src: absolute URLs serialised, relative ones resolved against <base href> when that is
            // absolute, else (document URL about:blank) the attribute as written.
            std::string src = *script.src;
            if (auto abs = ParseWebUrl(src)) {
                src = abs->href;
            } else if (base) {
                if (auto resolved = ResolveWebUrl(*base, src)) src = resolved->href;
            }
            if (src.empty()) continue;
            bool relative_origin = false, relative_protocol = false, same_domain = false;
            if (src.size() >= 3 && src[0] == '/' && src[1] == '/' && src[2] != '/') {
                relative_protocol = true;
                same_domain = true;
            } else if (src.starts_with("http://") || src.starts_with("https://")) {
                same_domain = RegistrableDomain(src) == site_domain;
            } else {
                relative_origin = true;
                same_domain = true;
            }
            bool secure_origin = relative_origin || (same_domain && !relative_protocol);
            if (!secure_origin) foreign_seen = true;
            bool secure_scheme = (!relative_protocol && !relative_origin && src.starts_with("https:")) ||
                                 (relative_origin && session_https);
            bool integrity = script.integrity && !script.integrity->empty();
            if (!secure_origin) {
                data[src] = json::object{{"crossorigin", StrOrNull(script.crossorigin)},
                                         {"integrity", StrOrNull(script.integrity)}};
                if (integrity && !secure_scheme) {
                    OnlyIfWorse(result, "sri-implemented-but-external-scripts-not-loaded-securely", kOrder);
                } else if (!integrity && secure_scheme) {
                    OnlyIfWorse(result, "sri-not-implemented-but-external-scripts-loaded-securely", kOrder);
                } else if (!integrity && !secure_scheme) {
                    OnlyIfWorse(result, "sri-not-implemented-and-external-scripts-not-loaded-securely", kOrder);
                }
            } else if (integrity && secure_scheme && result.empty()) {
                result = "sri-implemented-and-all-scripts-loaded-securely";
            }
        }
        if (facts.script_elements == 0) {
            result = "sri-not-implemented-but-no-scripts-loaded";
        } else if (result.empty()) {
            result = foreign_seen ? "sri-implemented-and-external-scripts-loaded-securely"
                                  : "sri-not-implemented-but-all-scripts-loaded-from-secure-origin";
        }
    }
    if (json::serialize(data).size() >= 32768) data.clear();
    out.pass = In(result, {"sri-implemented-and-all-scripts-loaded-securely",
                           "sri-implemented-and-external-scripts-loaded-securely", "sri-not-implemented-response-not-html",
                           "sri-not-implemented-but-all-scripts-loaded-from-secure-origin",
                           "sri-not-implemented-but-no-scripts-loaded"});
    out.result = result;
    out.data_json = Serialize(json::object{{"data", std::move(data)}});
    return out;
}

ObservatoryTest XctoTest(const ObservatoryInput& in, const ScorerOptions&) {
    ObservatoryTest out = Start("x-content-type-options", "x-content-type-options-nosniff");
    json::object extra{{"data", nullptr}};
    std::string result = "x-content-type-options-not-implemented";
    if (in.auto_response) {
        if (auto header = in.auto_response->First("x-content-type-options"); header && !header->empty()) {
            std::string data = Slice(*header, 256);
            extra["data"] = data;
            result = AsciiLower(TrimAscii(data)) == "nosniff" ? "x-content-type-options-nosniff"
                                                               : "x-content-type-options-header-invalid";
        }
    }
    out.pass = result == "x-content-type-options-nosniff";
    out.result = result;
    out.data_json = Serialize(extra);
    return out;
}

ObservatoryTest XfoTest(const ObservatoryInput& in, const ScorerOptions& options) {
    ObservatoryTest out = Start("x-frame-options", "x-frame-options-sameorigin-or-deny");
    json::object extra{{"data", nullptr}};
    std::string result = "x-frame-options-not-implemented";
    if (in.auto_response) {
        if (auto header = in.auto_response->First("x-frame-options"); header && !header->empty()) {
            std::string data = Slice(*header, 1024);
            extra["data"] = data;
            std::string xfo = AsciiLower(TrimAscii(data));
            if (xfo == "deny" || xfo == "sameorigin") {
                result = "x-frame-options-sameorigin-or-deny";
            } else if (xfo.starts_with("allow-from")) {
                result = "x-frame-options-allow-from-origin";
            } else {
                result = "x-frame-options-header-invalid";
            }
        }
        // frame-ancestors anywhere in the CSP test's parsed data (header or meta) counts.
        ObservatoryTest csp = CspTest(in, options);
        json::value parsed = json::parse(SanitizeUtf8(csp.data_json));
        const json::value& data = parsed.as_object().at("data");
        if (data.is_object() && data.as_object().contains("frame-ancestors")) {
            result = "x-frame-options-implemented-via-csp";
        }
    }
    out.pass = In(result, {"x-frame-options-allow-from-origin", "x-frame-options-sameorigin-or-deny",
                           "x-frame-options-implemented-via-csp"});
    out.result = result;
    out.data_json = Serialize(extra);
    return out;
}

ObservatoryTest CorpTest(const ObservatoryInput& in, const ScorerOptions&) {
    ObservatoryTest out = Start("cross-origin-resource-policy", "corp-implemented-with-same-site");
    json::object extra{{"data", nullptr}, {"http", false}, {"meta", false}};
    std::string result = "corp-not-implemented";
    if (in.auto_response) {
        auto header = in.auto_response->First("cross-origin-resource-policy");
        if (header && !header->empty()) {
            extra["http"] = true;
            std::string corp = AsciiLower(TrimAscii(Slice(*header, 256)));
            if (!corp.empty()) {
                extra["data"] = corp;
                if (corp == "same-site") {
                    result = "corp-implemented-with-same-site";
                } else if (corp == "same-origin") {
                    result = "corp-implemented-with-same-origin";
                } else if (corp == "cross-origin") {
                    result = "corp-implemented-with-cross-origin";
                } else {
                    result = "corp-header-invalid";
                }
            }
        }
    }
    out.pass = result != "corp-header-invalid";
    out.result = result;
    out.data_json = Serialize(extra);
    return out;
}

namespace {

ObservatoryTest CrossOriginPolicyTest(const ObservatoryInput& in, std::string name, std::string prefix,
                                      std::string_view header_name,
                                      const std::vector<std::pair<std::string_view, std::string_view>>& values) {
    ObservatoryTest out = Start(std::move(name), prefix + "-not-implemented");
    json::object extra{{"data", nullptr}, {"http", false}};
    std::string result = prefix + "-not-implemented";
    if (in.auto_response) {
        std::vector<std::string> headers = in.auto_response->Values(header_name);
        extra["http"] = !headers.empty();
        if (headers.size() > 1) {
            result = prefix + "-header-invalid";
        } else if (!headers.empty() && !headers.front().empty()) {
            std::string value(TrimAscii(Slice(headers.front(), 1024)));
            extra["data"] = value;
            result = prefix + "-header-invalid";
            if (auto token = ParseStructuredFieldToken(value)) {
                for (const auto& [policy, id] : values) {
                    if (*token == policy) result = prefix + std::string(id);
                }
            }
        }
    }
    out.pass = result != prefix + "-header-invalid";
    out.result = result;
    out.data_json = Serialize(extra);
    return out;
}

}  // namespace

ObservatoryTest CoopTest(const ObservatoryInput& in, const ScorerOptions&) {
    return CrossOriginPolicyTest(in, "cross-origin-opener-policy", "coop", "cross-origin-opener-policy",
                                 {{"same-origin", "-implemented-with-same-origin"},
                                  {"same-origin-allow-popups", "-implemented-with-same-origin-allow-popups"},
                                  {"noopener-allow-popups", "-implemented-with-noopener-allow-popups"},
                                  {"unsafe-none", "-implemented-with-unsafe-none"}});
}

ObservatoryTest CoepTest(const ObservatoryInput& in, const ScorerOptions&) {
    return CrossOriginPolicyTest(in, "cross-origin-embedder-policy", "coep", "cross-origin-embedder-policy",
                                 {{"require-corp", "-implemented-with-require-corp"},
                                  {"credentialless", "-implemented-with-credentialless"},
                                  {"unsafe-none", "-implemented-with-unsafe-none"}});
}

Result<ObservatoryScore> ScoreObservatory(const ObservatoryInput& in, const ScorerOptions& options) {
    if (options.version < 4 || options.version > 6) {
        return Fail(ErrorCode::kInvalidArgument, "unsupported Observatory algorithm version " +
                                                     std::to_string(options.version) + " (4, 5 or 6)");
    }
    if (!in.auto_response) return Fail(ErrorCode::kUnavailable, "The site seems to be down.");
    int status = in.auto_response->status;
    if (status < 200 || (status >= 400 && status != 401 && status != 403)) {
        return Fail(ErrorCode::kConflict,
                    "Site did respond with an unexpected HTTP status code " + std::to_string(status) + ".");
    }
    ObservatoryScore score;
    score.algorithm_version = options.version;
    score.status_code = status;
    score.response_headers = in.auto_response->NodeHeaders();
    using TestFn = ObservatoryTest (*)(const ObservatoryInput&, const ScorerOptions&);
    std::vector<TestFn> tests = {CspTest, CookiesTest, CorsTest, RedirectionTest, ReferrerPolicyTest,
                                 HstsTest, SriTest, XctoTest, XfoTest, CorpTest};
    if (options.version >= 6) {
        tests.push_back(CoopTest);
        tests.push_back(CoepTest);
    }
    std::vector<int> modifiers;
    for (TestFn fn : tests) {
        ObservatoryTest t = fn(in, options);
        t.score_modifier = ObservatoryModifier(t.result, options.version);
        modifiers.push_back(t.score_modifier);
        if (t.pass) ++score.tests_passed;
        score.tests.push_back(std::move(t));
    }
    score.tests_quantity = static_cast<int>(score.tests.size());
    score.tests_failed = score.tests_quantity - score.tests_passed;
    score.score = ObservatoryTotal(modifiers);
    score.grade = ObservatoryGrade(score.score);
    return score;
}

std::string ObservatoryJson(const ObservatoryScore& s) {
    json::object headers;
    for (const HeaderField& h : s.response_headers) {
        if (h.name == "set-cookie") {
            if (!headers.contains(h.name)) headers[h.name] = json::array{};
            headers[h.name].as_array().emplace_back(h.value);
        } else {
            headers[h.name] = h.value;
        }
    }
    json::object scan{{"algorithmVersion", s.algorithm_version},
                      {"grade", s.grade},
                      {"error", nullptr},
                      {"score", s.score},
                      {"statusCode", s.status_code},
                      {"testsFailed", s.tests_failed},
                      {"testsPassed", s.tests_passed},
                      {"testsQuantity", s.tests_quantity},
                      {"responseHeaders", std::move(headers)}};
    json::object tests;
    for (const ObservatoryTest& t : s.tests) {
        json::object o{{"expectation", t.expectation},
                       {"pass", t.pass},
                       {"result", t.result},
                       {"scoreModifier", t.score_modifier}};
        if (!t.data_json.empty()) {
            json::value extra = json::parse(SanitizeUtf8(t.data_json));
            for (auto& kv : extra.as_object()) o[kv.key()] = kv.value();
        }
        tests[t.name] = std::move(o);
    }
    // Header values are bytes from the server: keep the document valid UTF-8 whatever they hold.
    return SanitizeUtf8(json::serialize(json::object{{"scan", std::move(scan)}, {"tests", std::move(tests)}}));
}

}  // namespace palisade::scan::headers

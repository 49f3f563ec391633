// SPDX-License-Identifier: Apache-2.0
// The Observatory's tests, one function per test, in the Observatory's order. Comments name the behaviour being
// reproduced where it is surprising (it is deliberate: scores must match the reference implementation).
#include "scan/modules/headers/observatory.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <boost/json.hpp>

#include "core/strings.hpp"
#include "scan/modules/headers/observatory_csp.hpp"
#include "scan/modules/headers/observatory_internal.hpp"
#include "scan/modules/headers/web_util.hpp"

namespace palisade::scan::headers {
namespace json = boost::json;
using namespace detail;

// ---------------------------------------------------------------------------------------------------------------
// Tests

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

}  // namespace palisade::scan::headers

// SPDX-License-Identifier: Apache-2.0
// The Observatory scorer: responses and the cookie jar, score modifiers per algorithm version, the total and grade,
// the whole run and its JSON. The tests themselves are in observatory_tests.cpp.
#include "scan/modules/headers/observatory.hpp"

#include <algorithm>
#include <array>
#include <cmath>
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

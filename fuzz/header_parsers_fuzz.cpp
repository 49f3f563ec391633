// SPDX-License-Identifier: Apache-2.0
// The three HTTP security header parsers (CSP, Set-Cookie, HSTS) and the CSP queries on arbitrary bytes. Besides
// "no crash, no sanitizer report, no exception", it checks the parsers' stated contracts: CSP directive names are
// unique, lower-case [a-z0-9-]+ and non-empty, sources are non-empty and free of ASCII whitespace; a parsed
// cookie never has both name and value empty and obeys the 4096-byte limit; HSTS max-age is never negative.
// The same bytes also go through the Observatory scorer's own readers (its CSP intersection, the cookie jar,
// structured-field tokens, URL resolution, gumbo HTML facts) and the whole scorer as header values and body:
// it must always produce a result for a 200 answer, with a grade from the chart.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "scan/modules/headers/csp_parser.hpp"
#include "scan/modules/headers/hsts_parser.hpp"
#include "scan/modules/headers/observatory.hpp"
#include "scan/modules/headers/observatory_csp.hpp"
#include "scan/modules/headers/web_util.hpp"
#include "scan/modules/headers/set_cookie_parser.hpp"

namespace {

namespace h = palisade::scan::headers;

void Check(bool ok) {
    if (!ok) __builtin_trap();
}

bool IsAsciiSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }

void CheckPolicy(const h::CspPolicy& policy) {
    std::set<std::string> names;
    Check(!policy.directives.empty());
    for (const h::CspDirective& d : policy.directives) {
        Check(!d.name.empty() && names.insert(d.name).second);
        for (char c : d.name) Check((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-');
        for (const std::string& s : d.sources) {
            Check(!s.empty());
            for (char c : s) Check(!IsAsciiSpace(c) && c != ';' && c != ',');
        }
    }
    for (std::string_view directive : {"script-src", "style-src", "object-src", "worker-src", "frame-src"}) {
        h::AllowsUnsafeInline(policy, directive);
        h::AllowsUnsafeEval(policy, directive);
        h::HasWildcardOrSchemeSource(policy, directive);
    }
    h::HasObjectSrcNone(policy);
    h::HasRestrictedBaseUri(policy);
    h::HasStrictDynamicWithoutNonceOrHash(policy);
    if (auto fa = h::FrameAncestors(policy)) Check(h::FindDirective(policy, "frame-ancestors") != nullptr);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);

    if (auto policies = h::ParseCsp(input)) {
        Check(size <= h::kMaxHeaderBytes);
        for (const h::CspPolicy& p : *policies) CheckPolicy(p);
        h::AllowsUnsafeInline(*policies, "script-src");
    } else {
        Check(size > h::kMaxHeaderBytes);
    }
    // The same bytes split at the first newline, as two header fields of one response.
    std::size_t nl = input.find('\n');
    std::vector<std::string_view> two = {input.substr(0, nl), nl == std::string_view::npos ? "" : input.substr(nl + 1)};
    if (auto policies = h::ParseCspHeaders(two)) {
        for (const h::CspPolicy& p : *policies) CheckPolicy(p);
    }

    if (auto cookie = h::ParseSetCookie(input)) {
        Check(!(cookie->name.empty() && cookie->value.empty()));
        Check(cookie->name.size() + cookie->value.size() <= 4096);
        Check(!cookie->domain || !cookie->domain->empty());
        Check(!cookie->path || (!cookie->path->empty() && cookie->path->front() == '/'));
        Check((cookie->same_site == h::SameSite::kAbsent) == !cookie->same_site_raw.has_value());
        h::PrefixRulesSatisfied(*cookie);
    }

    {
        std::vector<std::string> policies = {std::string(two[0]), std::string(two[1])};
        if (auto csp = h::ParseObservatoryCsp(policies)) {
            for (const auto& [name, sources] : csp->directives) Check(!sources.empty());
        }
        h::CookieJar jar;
        jar.Set(input, "https://example.com/a/b");
        for (const h::StoredCookie& c : jar.cookies()) Check(!c.key.empty() && !c.path.empty() && c.path[0] == '/');
        if (auto token = h::ParseStructuredFieldToken(input)) Check(!token->empty());
        if (auto base = h::ParseWebUrl("https://example.com/x/y")) {
            if (auto u = h::ResolveWebUrl(*base, input)) Check(!u->href.empty());
        }
        h::RegistrableDomain(input.substr(0, 253));
        h::ExtractHtmlFacts(input, 64 * 1024);

        h::ObservatoryInput in;
        in.hostname = "example.com";
        h::HttpResponse r;
        r.status = 200;
        r.body = std::string(input.substr(0, 64 * 1024));
        for (const char* name : {"Content-Type", "Content-Security-Policy", "Set-Cookie", "Referrer-Policy",
                                 "Strict-Transport-Security", "X-Frame-Options", "Cross-Origin-Opener-Policy"}) {
            r.headers.push_back({name, std::string(two[0])});
        }
        r.headers.push_back({"Content-Type", "text/html"});
        in.auto_response = r;
        in.https = r;
        in.http = r;
        in.cors = r;
        in.http_redirects = {{"http://example.com/", 200}};
        in.session_url = "https://example.com/";
        in.cookies = jar.cookies();
        auto score = h::ScoreObservatory(in, h::ScorerOptions{6, {}});
        Check(score.has_value() && score->score >= 0 && !score->grade.empty() && score->tests_quantity == 12);
        h::ObservatoryJson(*score);
    }

    if (auto hsts = h::ParseHsts(input)) {
        Check(hsts->max_age.count() >= 0);
        Check(input.find(',') == std::string_view::npos || input.find('"') != std::string_view::npos);
    }
    return 0;
}

// SPDX-License-Identifier: Apache-2.0
// The three HTTP security header parsers (CSP, Set-Cookie, HSTS) and the CSP queries on arbitrary bytes. Besides
// "no crash, no sanitizer report, no exception", it checks the parsers' stated contracts: CSP directive names are
// unique, lower-case [a-z0-9-]+ and non-empty, sources are non-empty and free of ASCII whitespace; a parsed
// cookie never has both name and value empty and obeys the 4096-byte limit; HSTS max-age is never negative.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "scan/modules/headers/csp_parser.hpp"
#include "scan/modules/headers/hsts_parser.hpp"
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

    if (auto hsts = h::ParseHsts(input)) {
        Check(hsts->max_age.count() >= 0);
        Check(input.find(',') == std::string_view::npos || input.find('"') != std::string_view::npos);
    }
    return 0;
}

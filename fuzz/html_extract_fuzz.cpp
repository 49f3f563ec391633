// SPDX-License-Identifier: Apache-2.0
// The web scanner's HTML readers on arbitrary bytes: the page extractor (links, forms, scripts), robots.txt and
// sitemap parsing, and the XSS context finder and payload confirmation. The leading run of lower-case letters and
// digits (at most 16; else the first byte, mapped to one) is the marker the XSS functions look for; the rest is the
// document. Besides "no crash, no sanitizer
// report", it checks the stated contracts: every extracted URL is absolute http(s) without fragment and each list
// is free of duplicates; forms have a GET/POST method and http(s) action; robots paths are root-relative; every
// context offset points at the marker in the input.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "scan/modules/web/html/html_extract.hpp"
#include "scan/modules/web/html/js_lexer.hpp"
#include "scan/modules/web/html/robots.hpp"
#include "scan/modules/web/html/xss_context.hpp"

namespace {

namespace w = palisade::scan::web;

void Check(bool ok) {
    if (!ok) __builtin_trap();
}

bool IsHttpUrl(const std::string& url) {
    return (url.starts_with("http://") || url.starts_with("https://")) && url.find('#') == std::string::npos;
}

void CheckUrls(const std::vector<std::string>& urls) {
    std::set<std::string> seen;
    for (const std::string& url : urls) {
        Check(IsHttpUrl(url));
        Check(seen.insert(url).second);
    }
}

bool SameIgnoringCase(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
        if (x != b[i]) return false;
    }
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static constexpr char kAlnum[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    std::string marker;
    std::size_t used = 0;
    for (; used < size && used < 16; ++used) {
        char c = static_cast<char>(data[used]);
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) break;
        marker += c;
    }
    if (marker.empty() && size > 0) marker = kAlnum[data[used++] % 36];
    std::string_view html(reinterpret_cast<const char*>(data) + used, size - used);

    w::ExtractedPage page = w::ExtractPage(html, "https://fuzz.example/dir/page.html?x=1");
    CheckUrls(page.links);
    CheckUrls(page.scripts);
    CheckUrls(page.iframes);
    CheckUrls(page.subresources);
    if (page.meta_refresh) Check(IsHttpUrl(*page.meta_refresh));
    for (const w::Form& form : page.forms) {
        Check(form.method == "GET" || form.method == "POST");
        Check(IsHttpUrl(form.action));
        for (const w::FormField& field : form.fields) Check(!field.name.empty());
    }

    w::RobotsTxt robots = w::ParseRobots(html);
    for (const std::string& path : robots.paths) Check(path.size() >= 2 && path.front() == '/');
    CheckUrls(robots.sitemaps);
    std::vector<std::string> locs = w::ParseSitemap(html, 100);
    Check(locs.size() <= 100);
    CheckUrls(locs);

    if (!marker.empty()) {
        for (const w::XssContext& ctx : w::FindMarkerContexts(html, marker)) {
            Check(ctx.offset + marker.size() <= html.size());
            Check(SameIgnoringCase(html.substr(ctx.offset, marker.size()), marker));
        }
        w::XssProof proof = w::ConfirmXssPayload(html, marker);
        if (proof.executable) Check(!proof.how.empty());
        w::JsStatesAt(html, marker);
    }
    return 0;
}

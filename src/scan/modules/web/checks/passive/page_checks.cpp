// SPDX-License-Identifier: Apache-2.0
#include "scan/modules/web/checks/passive/page_checks.hpp"

#include <algorithm>
#include <set>

#include <re2/re2.h>

#include "core/strings.hpp"
#include "scan/modules/headers/csp_parser.hpp"
#include "scan/modules/headers/set_cookie_parser.hpp"
#include "scan/modules/headers/web_util.hpp"
#include "scan/modules/web/checks/passive/sensitive_data.hpp"

namespace palisade::scan::web::passive {
namespace {

constexpr std::size_t kMaxLinkTags = 2048;  // <link> elements read per page for stylesheets
constexpr std::size_t kMaxCookieEvidence = 200;

bool IsHtml(const http::Response& response) {
    std::string type = response.MediaType();
    return type == "text/html" || type == "application/xhtml+xml";
}

bool IsIdSegment(std::string_view segment) {
    if (segment.empty()) return false;
    if (std::all_of(segment.begin(), segment.end(), [](char c) { return c >= '0' && c <= '9'; })) return true;
    bool digit = std::any_of(segment.begin(), segment.end(), [](char c) { return c >= '0' && c <= '9'; });
    bool hexish = std::all_of(segment.begin(), segment.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '-';
    });
    return segment.size() >= 16 && digit && hexish;
}

// "Set-Cookie: sid=…; Path=/; HttpOnly": the header with the cookie value masked.
std::string CookieEvidence(std::string_view header) {
    std::size_t eq = header.find('=');
    std::size_t semi = header.find(';');
    std::string out = "Set-Cookie: ";
    if (eq == std::string_view::npos || (semi != std::string_view::npos && semi < eq)) {
        out += "\u2026";  // a nameless cookie: its whole first part is the value
    } else {
        out += std::string(header.substr(0, eq)) + "=\u2026";
    }
    if (semi != std::string_view::npos) out += header.substr(semi);
    if (out.size() > kMaxCookieEvidence) out = out.substr(0, kMaxCookieEvidence) + "\u2026";
    return out;
}

// A cookie sent only to be deleted (Max-Age <= 0 or an Expires date before 2000) exposes nothing.
bool IsDeletion(const headers::SetCookie& cookie) {
    if (cookie.max_age && *cookie.max_age <= 0) return true;
    if (!cookie.expires) return false;
    const std::string& e = *cookie.expires;
    for (std::size_t i = 0; i + 4 <= e.size(); ++i) {
        if (std::all_of(e.begin() + i, e.begin() + i + 4, [](char c) { return c >= '0' && c <= '9'; })) {
            return std::stoi(e.substr(i, 4)) < 2000;
        }
    }
    return false;
}

// frame-ancestors sources that let any site frame the page.
bool PermissiveAncestor(std::string_view source) {
    if (source == "*") return true;
    std::size_t colon = source.find(':');
    if (colon + 1 == source.size()) return true;  // scheme-only ("https:")
    std::size_t sep = source.find("://");
    return sep != std::string_view::npos && source.substr(sep + 3).starts_with("*") &&
           !source.substr(sep + 3).starts_with("*.");
}

// Absolute http:// hrefs of <link rel=stylesheet> elements in the raw body (the extractor does not tell
// stylesheets from icons and preloads; a stylesheet is active content).
std::set<std::string> InsecureStylesheets(std::string_view body) {
    static const re2::RE2 link_tag(R"re((?i)(<link\b[^>]{0,1000}>))re", re2::RE2::Latin1);
    static const re2::RE2 href(R"re((?i)\bhref\s*=\s*["']?\s*(http://[^"'\s>]+))re", re2::RE2::Latin1);
    std::set<std::string> out;
    re2::StringPiece input(body.data(), body.size());
    re2::StringPiece tag;
    for (std::size_t n = 0; n < kMaxLinkTags && re2::RE2::FindAndConsume(&input, link_tag, &tag); ++n) {
        if (ToLower(std::string_view(tag.data(), tag.size())).find("stylesheet") == std::string::npos) continue;
        std::string url;
        if (re2::RE2::PartialMatch(tag, href, &url)) out.insert(url);
    }
    return out;
}

std::string_view ResourceKind(const Page& page, const std::string& url, const std::set<std::string>& stylesheets) {
    auto in = [&](const std::vector<std::string>& list) {
        return std::find(list.begin(), list.end(), url) != list.end();
    };
    if (in(page.html.scripts)) return "script";
    if (in(page.html.iframes)) return "iframe";
    if (stylesheets.count(url) != 0) return "stylesheet";
    std::string path = ToLower(WithoutQuery(url));
    for (std::string_view ext : {".js", ".mjs", ".css", ".swf", ".wasm"}) {
        if (path.ends_with(ext)) return ext == ".css" ? "stylesheet" : "script";
    }
    return "";  // images, media, icons: passive (optionally blockable) content
}

}  // namespace

std::string EffectiveUrl(const Page& page) { return page.response.url.empty() ? page.url : page.response.url; }

std::string Origin(std::string_view url) {
    auto u = headers::ParseWebUrl(url);
    if (!u) return {};
    return u->href.substr(0, u->href.size() - u->path_query.size());
}

std::string Host(std::string_view url) {
    auto u = headers::ParseWebUrl(url);
    return u ? u->host : std::string();
}

std::string WithoutQuery(std::string_view url) {
    auto u = headers::ParseWebUrl(url);
    if (!u) return std::string(url);
    return u->href.substr(0, u->href.size() - u->path_query.size()) + u->path_query.substr(0, u->path_query.find('?'));
}

std::string PageShape(std::string_view url) {
    auto u = headers::ParseWebUrl(url);
    if (!u) return std::string(url);
    std::string out = u->href.substr(0, u->href.size() - u->path_query.size());
    std::string path = u->path_query.substr(0, u->path_query.find('?'));
    std::vector<std::string_view> segments = Split(path, '/');
    for (std::size_t i = 1; i < segments.size(); ++i) {  // segments[0] is the empty text before the first '/'
        out += '/';
        out += IsIdSegment(segments[i]) ? std::string_view("{id}") : segments[i];
    }
    if (segments.size() <= 1) out += '/';
    return out;
}

bool IsSessionCookieName(std::string_view name) {
    std::string n = ToLower(name);
    if (n.find("csrf") != std::string::npos || n.find("xsrf") != std::string::npos) return false;
    for (std::string_view part : {"sess", "login", "auth", "token", "jwt", "remember"}) {
        if (n.find(part) != std::string::npos) return true;
    }
    return n.ends_with("sid") || n == "cfid" || n == "cftoken";
}

bool FrameProtected(const http::Response& response) {
    std::vector<std::string> csp = response.Values("content-security-policy");
    std::vector<std::string_view> views(csp.begin(), csp.end());
    bool has_ancestors = false;
    bool restricted = false;
    if (auto policies = headers::ParseCspHeaders(views)) {
        for (const headers::CspPolicy& policy : *policies) {
            auto sources = headers::FrameAncestors(policy);
            if (!sources) continue;
            has_ancestors = true;
            restricted = restricted || std::none_of(sources->begin(), sources->end(),
                                                    [](const std::string& s) { return PermissiveAncestor(s); });
        }
    }
    if (has_ancestors) return restricted;  // browsers ignore X-Frame-Options when frame-ancestors is present
    std::set<std::string> values;
    for (const std::string& header : response.Values("x-frame-options")) {
        for (std::string_view part : Split(header, ',')) {
            std::string v = ToLower(Trim(part));
            if (!v.empty()) values.insert(v);
        }
    }
    if (values.count("allowall") != 0) return false;
    if (values.size() > 1) return true;  // HTML: several distinct values block framing
    return values.size() == 1 && (values.count("deny") != 0 || values.count("sameorigin") != 0);
}

std::vector<Observation> CheckCookies(const Page& page) {
    std::vector<Observation> out;
    std::string url = EffectiveUrl(page);
    std::string origin = Origin(url);
    if (origin.empty()) origin = url;  // not an absolute URL: the location is what the crawler had
    std::string host = Host(url);
    bool https = StartsWith(url, "https:");
    for (const std::string& header : page.response.Values("set-cookie")) {
        auto cookie = headers::ParseSetCookie(header);
        if (!cookie || IsDeletion(*cookie)) continue;
        std::string evidence = CookieEvidence(header);
        bool session = IsSessionCookieName(cookie->name);
        std::string lower = ToLower(cookie->name);
        bool anti_csrf = lower.find("csrf") != std::string::npos || lower.find("xsrf") != std::string::npos;
        auto add = [&](std::string_view check) {
            out.push_back({check, origin, evidence, cookie->name, host + "|" + cookie->name});
        };
        if (https && !cookie->secure) add("web.cookie.no_secure");
        if (session && !cookie->http_only) add("web.cookie.no_httponly");
        bool weak_same_site = cookie->same_site == headers::SameSite::kAbsent ||
                              cookie->same_site == headers::SameSite::kNone ||
                              cookie->same_site == headers::SameSite::kInvalid;
        if ((session || anti_csrf) && weak_same_site) add("web.cookie.no_samesite");
    }
    return out;
}

std::vector<Observation> CheckMixedContent(const Page& page) {
    std::vector<Observation> out;
    std::string url = EffectiveUrl(page);
    if (!StartsWith(url, "https:") || !IsHtml(page.response)) return out;
    std::string origin = Origin(url);
    std::set<std::string> stylesheets;
    bool stylesheets_read = false;
    for (const std::string& resource : page.html.subresources) {
        if (!StartsWith(ToLower(resource.substr(0, 7)), "http://") || IsLoopbackHost(Host(resource))) continue;
        if (!stylesheets_read) {
            stylesheets = InsecureStylesheets(std::string_view(page.response.body).substr(0, 2 * 1024 * 1024));
            stylesheets_read = true;
        }
        std::string_view kind = ResourceKind(page, resource, stylesheets);
        std::string_view check = kind.empty() ? "web.mixed_content.passive" : "web.mixed_content.active";
        std::string item = std::string(kind.empty() ? "resource" : kind) + " " + resource;
        out.push_back({check, url, item, "", origin + "|" + resource, true});
    }
    return out;
}

std::vector<Observation> CheckClickjacking(const Page& page) {
    const http::Response& response = page.response;
    if (response.status < 200 || response.status > 299 || !IsHtml(response)) return {};
    auto form = std::find_if(page.html.forms.begin(), page.html.forms.end(),
                             [](const Form& f) { return f.method == "POST" || f.has_password; });
    if (form == page.html.forms.end() || FrameProtected(response)) return {};
    std::string url = EffectiveUrl(page);
    std::string evidence = "form " + form->method + " " + form->action +
                           "; X-Frame-Options: " + response.First("x-frame-options").value_or("(absent)") +
                           "; no restrictive CSP frame-ancestors";
    return {{"web.clickjacking", WithoutQuery(url), evidence, "", PageShape(url)}};
}

std::vector<Observation> CheckPasswordForms(const Page& page) {
    std::vector<Observation> out;
    std::string url = EffectiveUrl(page);
    bool page_http = StartsWith(ToLower(url.substr(0, 5)), "http:");
    for (const Form& form : page.html.forms) {
        if (!form.has_password) continue;
        bool action_http = StartsWith(ToLower(form.action.substr(0, 5)), "http:");
        std::string evidence;
        // Loopback hosts are judged like any other: a scan of 127.0.0.1 is usually a CI pipeline scanning the
        // application it just built, which is served the same way when deployed.
        if (action_http) {
            evidence = "password form submits to " + form.action + " (" + form.method + ")";
        } else if (page_http) {
            evidence =
                "password form on a page served over http: " + WithoutQuery(url) + " (submits to " + form.action + ")";
        } else {
            continue;
        }
        std::string action = WithoutQuery(form.action);
        out.push_back({"web.password_over_http", WithoutQuery(url), evidence, action, PageShape(url) + "|" + action});
    }
    return out;
}

}  // namespace palisade::scan::web::passive

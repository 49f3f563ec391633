// SPDX-License-Identifier: Apache-2.0
// Open redirect (web.open_redirect): a redirect-like parameter set to a URL on the marker host makes the answer send
// the browser there (Location of a 3xx, a meta refresh, or a script assigning location).
#include <algorithm>
#include <memory>
#include <optional>
#include <vector>

#include "core/strings.hpp"
#include "scan/modules/headers/web_util.hpp"
#include "scan/modules/web/checks/active/active_checks.hpp"
#include "scan/modules/web/checks/active/active_internal.hpp"
#include "scan/modules/web/checks/active/similarity.hpp"

namespace palisade::scan::web {
namespace {

using active::Check;

std::string Normalise(std::string_view name) {
    std::string out;
    for (char c : name) {
        if (c >= 'A' && c <= 'Z') {
            out += static_cast<char>(c - 'A' + 'a');
        } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            out += c;
        }
    }
    return out;
}

bool RedirectLikeName(std::string_view name) {
    static constexpr std::string_view kExact[] = {
        "u",       "r",        "to",      "go",       "out",      "view",        "link",     "back",
        "ref",     "rurl",     "jump",    "fwd",      "dest",     "target",      "location", "navigate",
        "success", "checkout", "referer", "referrer", "continue", "forward",     "next",     "goto",
        "return",  "redirect", "redir",   "url",      "uri",      "destination", "callback", "site"};
    static constexpr std::string_view kParts[] = {"redirect", "redir", "return",   "url",      "uri",     "next",
                                                  "goto",     "dest",  "continue", "callback", "forward", "target"};
    std::string n = Normalise(name);
    if (std::find(std::begin(kExact), std::end(kExact), n) != std::end(kExact)) return true;
    return std::any_of(std::begin(kParts), std::end(kParts),
                       [&n](std::string_view p) { return n.find(p) != std::string::npos; });
}

bool UrlLikeValue(std::string_view v) {
    return v.starts_with("http://") || v.starts_with("https://") || v.starts_with("//") ||
           (v.starts_with("/") && v.size() > 1) || v.starts_with("\\\\");
}

bool OnMarkerHost(const std::string& host, const std::string& marker) {
    return host == marker || host.ends_with("." + marker);
}

// Where the target resolves (relative to the request URL) when it is on the marker host.
std::optional<std::string> ResolvesToMarker(const std::string& request_url, std::string target,
                                            const std::string& marker) {
    target = active::ReplaceAll(target, "\\/", "/");  // JSON/JS-escaped slashes
    auto base = headers::ParseWebUrl(request_url);
    if (!base) return std::nullopt;
    auto resolved = headers::ResolveWebUrl(*base, target);
    if (!resolved || !OnMarkerHost(resolved->host, marker)) return std::nullopt;
    return resolved->href;
}

const re2::RE2& MetaRefreshTag() {
    static const auto re = active::CompileSignature(R"((?s)(<meta\b[^>]*\brefresh\b[^>]*>))", false);
    return *re;
}
const re2::RE2& RefreshUrl() {
    static const auto re = active::CompileSignature(R"(url\s*=\s*['"]?([^'"\s>;]+))", false);
    return *re;
}
const re2::RE2& ScriptLocation() {
    static const auto re = active::CompileSignature(
        R"((?:\blocation(?:\.href)?\s*=\s*|\blocation\.(?:replace|assign)\(\s*)["'`]([^"'`]+)["'`])", false);
    return *re;
}

// Every capture of `re` in `text`, in order (at most 50).
std::vector<std::string> AllMatches(const re2::RE2& re, std::string_view text) {
    std::vector<std::string> out;
    re2::StringPiece input(text.data(), text.size());
    std::string capture;
    while (out.size() < 50 && re2::RE2::FindAndConsume(&input, re, &capture)) out.push_back(capture);
    return out;
}

// The redirect to the marker host in `response`, described for the evidence, if any.
std::optional<std::string> MarkerRedirect(const http::Request& request, const http::Response& response,
                                          const std::string& marker) {
    if (response.status >= 300 && response.status < 400) {
        if (auto location = response.First("Location")) {
            if (ResolvesToMarker(request.url, *location, marker)) {
                return "Location: " + active::OneLine(*location, 120) + " (status " + std::to_string(response.status) +
                       ")";
            }
        }
    }
    std::string_view body(response.body);
    for (const std::string& tag : AllMatches(MetaRefreshTag(), body)) {
        auto url = active::FirstMatch(RefreshUrl(), tag);
        if (url && ResolvesToMarker(request.url, *url, marker)) return "meta refresh: " + active::OneLine(tag, 160);
    }
    for (const std::string& target : AllMatches(ScriptLocation(), body)) {
        if (ResolvesToMarker(request.url, target, marker)) {
            return "script assigns location = " + active::OneLine(target, 120);
        }
    }
    return std::nullopt;
}

}  // namespace

void CheckOpenRedirect(CheckContext& ctx, const InjectionPoint& point) {
    if (point.index >= point.params.size()) return;
    if (!RedirectLikeName(point.name()) && !UrlLikeValue(point.original())) return;
    const std::string marker = ToLower(ctx.redirect_marker_host);
    std::vector<std::string> payloads = {"https://" + marker + "/", "//" + marker + "/", "/\\" + marker + "/"};
    // Prefix checks ("must start with https://our.site") are bypassed by a subdomain or user-info of the marker.
    if (auto original = headers::ParseWebUrl(point.original()); original && UrlLikeValue(point.original())) {
        payloads.push_back(original->scheme + "://" + original->host + "." + marker + "/");
        payloads.push_back(original->scheme + "://" + original->host + "@" + marker + "/");
    }
    for (const std::string& payload : payloads) {
        http::Request request = BuildInjection(point, payload);
        request.follow_redirects = false;
        auto response = active::Send(ctx, request);
        if (!response) return;
        auto how = MarkerRedirect(request, *response, marker);
        if (!how) continue;
        std::string evidence = active::PointWhere(point) + " = " + payload + " -> " + *how;
        ctx.report(MakeFinding(Check("web.open_redirect"), point.url, std::move(evidence), active::PointDetail(point)));
        return;
    }
}

}  // namespace palisade::scan::web

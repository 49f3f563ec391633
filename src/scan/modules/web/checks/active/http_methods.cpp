// SPDX-License-Identifier: Apache-2.0
// HTTP methods: TRACE echoing the request (cross-site tracing), and PUT/DELETE advertised by OPTIONS. Only TRACE and
// OPTIONS are sent; neither changes anything on the server.
#include <algorithm>
#include <set>

#include "core/strings.hpp"
#include "scan/modules/web/checks/active/active_checks.hpp"
#include "scan/modules/web/checks/active/active_internal.hpp"

namespace palisade::scan::web {
namespace {

using active::Check;

constexpr std::string_view kTraceHeader = "X-Palisade-Trace";

}  // namespace

void CheckTrace(CheckContext& ctx, const std::string& url) {
    std::string marker = active::RandomAlnum(16);
    http::Request request = active::GetRequest(url);
    request.method = "TRACE";
    request.headers.push_back({std::string(kTraceHeader), marker});
    request.use_cookies = false;  // the echo is proven by our marker; session cookies need not travel
    request.max_body = 64 * 1024;
    auto response = active::Send(ctx, request);
    if (!response || response->status != 200) return;
    const std::string& body = response->body;
    // The echoed request: its request line ("TRACE /path HTTP/1.1") and our header with its value.
    std::size_t line = body.find("TRACE ");
    bool request_line = line != std::string::npos && (line == 0 || body[line - 1] == '\n');
    if (!request_line || body.find(marker) == std::string::npos ||
        !active::ContainsNoCase(body, std::string(kTraceHeader) + ":")) {
        return;
    }
    std::string first = body.substr(line, body.find_first_of("\r\n", line) - line);
    std::string evidence = "TRACE answered 200 and echoed the request: \"" + active::OneLine(first, 120) +
                           "\" with header " + std::string(kTraceHeader) + ": " + marker;
    ctx.report(MakeFinding(Check("web.http.trace"), url, std::move(evidence), "TRACE"));
}

namespace {

// Method names listed in a header value ("GET, PUT,DELETE"), upper-cased.
std::set<std::string> Methods(std::string_view value) {
    std::set<std::string> out;
    for (std::string_view part : Split(value, ',')) {
        std::string m(Trim(part));
        std::transform(m.begin(), m.end(), m.begin(), [](char c) { return (c >= 'a' && c <= 'z') ? c - 32 : c; });
        if (!m.empty()) out.insert(m);
    }
    return out;
}

}  // namespace

void CheckAdvertisedMethods(CheckContext& ctx, const std::string& url) {
    http::Request request = active::GetRequest(url);
    request.method = "OPTIONS";
    request.max_body = 64 * 1024;
    auto response = active::Send(ctx, request);
    if (!response) return;
    // 2xx answers the question; 405 refuses OPTIONS but still lists the resource's methods in Allow.
    if (!(response->status >= 200 && response->status < 300) && response->status != 405) return;
    std::string evidence;
    std::set<std::string> risky;
    for (std::string_view header : {"Allow", "Access-Control-Allow-Methods", "Public"}) {
        for (const std::string& value : response->Values(header)) {
            auto methods = Methods(value);
            bool hit = false;
            for (std::string_view m : {"PUT", "DELETE"}) {
                if (methods.count(std::string(m))) {
                    risky.insert(std::string(m));
                    hit = true;
                }
            }
            if (hit)
                evidence += (evidence.empty() ? "" : "; ") + std::string(header) + ": " + active::OneLine(value, 200);
        }
    }
    if (risky.empty()) return;
    if (auto dav = response->First("DAV")) evidence += "; DAV: " + active::OneLine(*dav, 60);
    evidence = "OPTIONS (status " + std::to_string(response->status) + ") " + evidence;
    ctx.report(MakeFinding(Check("web.http.put_delete_allowed"), url, std::move(evidence), "OPTIONS"));
}

void CheckHttpMethods(CheckContext& ctx, const std::string& url) {
    CheckTrace(ctx, url);
    CheckAdvertisedMethods(ctx, url);
}

}  // namespace palisade::scan::web

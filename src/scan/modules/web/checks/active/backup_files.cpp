// SPDX-License-Identifier: Apache-2.0
// Backup, editor and swap copies of crawled pages (web.exposed.backup_file): /x/y.php -> /x/y.php.bak, .old, ~,
// .orig, .save, .1 and /x/.y.php.swp. A copy counts only when it is served raw: the answer shows server-side source
// (or is a vim swap file) that neither the page as served nor the answer for a random name of the same shape shows.
// A copy of a static page is not reported (it discloses nothing the page does not).
#include <algorithm>
#include <memory>
#include <vector>

#include "scan/modules/web/checks/active/active_checks.hpp"
#include "scan/modules/web/checks/active/active_internal.hpp"

namespace palisade::scan::web::active {
namespace {

constexpr std::size_t kMaxBody = 256 * 1024;

// Markers of server-side source that an executed page never sends: PHP, ASP/JSP, ColdFusion, a script shebang.
const re2::RE2& SourceMarker() {
    static const auto re =
        CompileSignature(R"((<\?php|<\?=|<%@|<%=|<%--|<%\s|<cf(?:set|query|include|output|component|function)\b|<jsp:|)"
                         R"(\A#!/(?:usr/)?bin/))",
                         false);
    return *re;
}

struct Candidate {
    std::string path;         // the copy's path
    std::string shape;        // its shape for the soft-404 cache ("*.php.bak", ".*.php.swp")
    std::string random_path;  // a random name of that shape in the same directory
    bool swap = false;
};

std::vector<Candidate> Candidates(const std::string& path) {
    std::size_t slash = path.rfind('/');
    std::string dir = path.substr(0, slash + 1);
    std::string file = path.substr(slash + 1);
    std::size_t dot = file.rfind('.');
    std::string ext = dot == std::string::npos || dot == 0 ? "" : file.substr(dot);
    std::string random = RandomAlnum(10);
    std::vector<Candidate> out;
    for (std::string_view suffix : {".bak", ".old", "~", ".orig", ".save", ".1"}) {
        out.push_back({dir + file + std::string(suffix), "*" + ext + std::string(suffix),
                       dir + random + ext + std::string(suffix), false});
    }
    out.push_back({dir + "." + file + ".swp", ".*" + ext + ".swp", dir + "." + random + ext + ".swp", true});
    return out;
}

// Distinct paths of `origin` that name a file (not a directory), at most kMaxBackupPages, in crawl order.
std::vector<std::string> PagePaths(const std::string& origin, const std::vector<std::string>& page_urls) {
    std::vector<std::string> out;
    for (const std::string& url : page_urls) {
        if (OriginOf(url) != origin) continue;
        std::string path = PathOf(url);
        if (path.empty() || path.back() == '/') continue;
        if (std::find(out.begin(), out.end(), path) != out.end()) continue;
        out.push_back(path);
        if (out.size() >= kMaxBackupPages) break;
    }
    return out;
}

}  // namespace

void CheckBackupFiles(CheckContext& ctx, const std::string& origin, const std::vector<std::string>& page_urls,
                      Soft404Cache& soft404) {
    std::string normalised = OriginOf(origin + "/");
    for (const std::string& path : PagePaths(normalised, page_urls)) {
        std::optional<std::optional<http::Response>> served;  // the page itself, fetched when first needed
        for (const Candidate& c : Candidates(path)) {
            http::Request request = GetRequest(normalised + c.path);
            request.max_body = kMaxBody;
            auto response = Send(ctx, request);
            if (!response) {
                if (ctx.cancel.Stopped()) return;
                continue;
            }
            if (response->status != 200) continue;
            bool swap = c.swap && response->body.starts_with("b0VIM ");
            auto marker = FirstMatch(SourceMarker(), response->body);
            if (!swap && !marker) continue;
            const http::Response* sample = soft404.For(c.shape, normalised + c.random_path);
            if (!sample) {
                if (ctx.cancel.Stopped()) return;
                continue;
            }
            if (SameAsSoft404(*sample, c.random_path, *response, c.path, swap ? nullptr : &SourceMarker())) continue;
            if (!swap) {
                if (!served) {
                    http::Request page = GetRequest(normalised + path);
                    page.max_body = kMaxBody;
                    served = Send(ctx, page);
                    if (ctx.cancel.Stopped()) return;
                }
                // A page that shows code as its content (a tutorial) proves nothing; an unreachable one neither.
                if (!*served || FirstMatch(SourceMarker(), (*served)->body)) continue;
            }
            std::string evidence =
                "GET " + c.path + " answered 200 (" + std::to_string(response->body.size()) + " bytes) with ";
            if (swap) {
                evidence += "a vim swap file (b0VIM), unlike the answer for a random name";
            } else {
                evidence += "server-side source (" + OneLine(*marker, 20) + "), absent from " + path +
                            " as served and from the answer for a random name";
            }
            ctx.report(MakeFinding(Check("web.exposed.backup_file"), request.url, std::move(evidence), c.path));
        }
    }
}

}  // namespace palisade::scan::web::active

// SPDX-License-Identifier: Apache-2.0
#include "api/web/web_ui.hpp"

#include <cstdint>
#include <cstdio>

#include "core/strings.hpp"
#include "server/problem.hpp"

namespace palisade::api {

namespace {

// script-src and style-src 'self': no inline script or <style>; React sets styles through the CSSOM, which CSP allows.
// img-src data: for the TOTP QR code; connect-src 'self' covers the API and the same-origin WebSocket.
constexpr std::string_view kCsp =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";
constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";
constexpr std::string_view kRevalidate = "no-cache";
constexpr std::string_view kShortLived = "public, max-age=3600";

std::string_view ContentTypeOf(std::string_view path) {
    const auto dot = path.rfind('.');
    const std::string_view ext = dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
    if (ext == "html") return "text/html; charset=utf-8";
    if (ext == "js" || ext == "mjs") return "text/javascript; charset=utf-8";
    if (ext == "css") return "text/css; charset=utf-8";
    if (ext == "svg") return "image/svg+xml";
    if (ext == "json" || ext == "map") return "application/json";
    if (ext == "webmanifest") return "application/manifest+json";
    if (ext == "png") return "image/png";
    if (ext == "ico") return "image/x-icon";
    if (ext == "woff2") return "font/woff2";
    if (ext == "txt") return "text/plain; charset=utf-8";
    return "application/octet-stream";
}

std::string EtagOf(std::string_view data) {
    std::uint64_t h = 14695981039346656037ULL;  // FNV-1a 64: a change detector, not a security boundary
    for (unsigned char c : data) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    char buf[24];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return "W/\"" + std::string(buf) + "-" + std::to_string(data.size()) + "\"";
}

bool EndsWith(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// A q-value of zero ("gzip;q=0", "gzip; q=0.000") refuses the coding.
bool RefusedByQ(std::string_view params) {
    for (std::string_view p : Split(params, ';')) {
        p = Trim(p);
        if (p.size() < 2 || (p[0] != 'q' && p[0] != 'Q') || p[1] != '=') continue;
        const std::string_view v = Trim(p.substr(2));
        if (v.empty() || v[0] != '0') return false;
        for (char c : v.substr(1)) {
            if (c != '.' && c != '0') return false;
        }
        return true;
    }
    return false;
}

server::Response NotFound() {
    return server::Problem(404, "not-found", "Not found");
}

}  // namespace

AcceptedEncodings ParseAcceptEncoding(std::string_view header) {
    AcceptedEncodings out;
    bool br_said = false;
    bool gzip_said = false;
    std::optional<bool> star;
    for (std::string_view item : Split(header, ',')) {
        const auto semi = item.find(';');
        const std::string_view name = Trim(item.substr(0, semi));
        const bool ok = !RefusedByQ(semi == std::string_view::npos ? std::string_view() : item.substr(semi + 1));
        if (IEquals(name, "br")) {
            br_said = true;
            out.br = ok;
        } else if (IEquals(name, "gzip") || IEquals(name, "x-gzip")) {
            gzip_said = true;
            out.gzip = ok;
        } else if (name == "*") {
            star = ok;
        }
    }
    if (star) {
        if (!br_said) out.br = *star;
        if (!gzip_said) out.gzip = *star;
    }
    return out;
}

bool IfNoneMatchHits(std::string_view header, std::string_view etag) {
    const auto opaque = [](std::string_view tag) {
        tag = Trim(tag);
        if (StartsWith(tag, "W/")) tag.remove_prefix(2);
        return tag;
    };
    const std::string_view mine = opaque(etag);
    for (std::string_view item : Split(header, ',')) {
        const std::string_view tag = Trim(item);
        if (tag == "*" || (!tag.empty() && opaque(tag) == mine)) return true;
    }
    return false;
}

WebUi::WebUi(std::span<const EmbeddedFile> files) {
    std::unordered_map<std::string_view, std::string_view> by_path;
    for (const EmbeddedFile& f : files) {
        if (!f.path.empty()) by_path.emplace(f.path, f.data);
    }
    for (const auto& [path, data] : by_path) {
        if (EndsWith(path, ".gz") || EndsWith(path, ".br")) {
            // A compressed copy sits beside its original; a .gz with no original is served as itself.
            if (by_path.contains(path.substr(0, path.size() - 3))) continue;
        }
        Asset a;
        a.identity = data;
        if (auto gz = by_path.find(std::string(path) + ".gz"); gz != by_path.end()) a.gzip = gz->second;
        if (auto br = by_path.find(std::string(path) + ".br"); br != by_path.end()) a.brotli = br->second;
        a.etag = EtagOf(data);
        a.content_type = ContentTypeOf(path);
        a.immutable = StartsWith(path, "assets/");
        assets_.emplace(std::string(path), std::move(a));
    }
    if (auto it = assets_.find("index.html"); it != assets_.end()) index_ = &it->second;
}

std::string_view WebUi::ContentSecurityPolicy() { return kCsp; }

server::Response WebUi::Serve(const server::Request& request) const {
    if (index_ == nullptr) return NotFound();
    std::string_view path = request.path;
    if (!path.empty() && path.front() == '/') path.remove_prefix(1);
    if (path.empty() || path == "index.html") return Answer(request, *index_, true);
    if (auto it = assets_.find(std::string(path)); it != assets_.end()) {
        return Answer(request, it->second, EndsWith(path, ".html"));
    }
    // A missing script or image must not come back as HTML (the browser would report a MIME error, not a 404);
    // anything else is a client route.
    const std::string_view last = path.substr(path.rfind('/') == std::string_view::npos ? 0 : path.rfind('/') + 1);
    if (StartsWith(path, "assets/") || last.find('.') != std::string_view::npos) return NotFound();
    return Answer(request, *index_, true);
}

server::Response WebUi::Answer(const server::Request& request, const Asset& asset, bool is_html) const {
    server::Response r;
    r.SetHeader("Cache-Control", asset.immutable ? kImmutable : (is_html ? kRevalidate : kShortLived));
    r.SetHeader("ETag", asset.etag);
    r.SetHeader("Vary", "Accept-Encoding");
    if (is_html) r.SetHeader("Content-Security-Policy", kCsp);
    if (const std::string* inm = request.Header("if-none-match"); inm != nullptr && IfNoneMatchHits(*inm, asset.etag)) {
        r.status = 304;
        return r;
    }
    r.SetHeader("Content-Type", asset.content_type);
    const std::string* ae = request.Header("accept-encoding");
    const AcceptedEncodings accepted = ae == nullptr ? AcceptedEncodings{} : ParseAcceptEncoding(*ae);
    if (accepted.br && !asset.brotli.empty()) {
        r.SetHeader("Content-Encoding", "br");
        r.body = asset.brotli;
    } else if (accepted.gzip && !asset.gzip.empty()) {
        r.SetHeader("Content-Encoding", "gzip");
        r.body = asset.gzip;
    } else {
        r.body = asset.identity;
    }
    return r;
}

}  // namespace palisade::api

// SPDX-License-Identifier: Apache-2.0
// The web UI (web/, built by vite and embedded by web/scripts/embed.mjs), served by `palisade serve` on the API's
// origin: each file under its path, a precompressed copy (brotli, else gzip) when the client accepts one, content-hashed
// assets cacheable for a year, index.html revalidated every time, and index.html for any other GET outside /api/ so
// that client routes (/findings/<id>) load the app. Every HTML answer carries a CSP that allows no inline script.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/embedded_file.hpp"
#include "server/http.hpp"
#include "server/router.hpp"

namespace palisade::api {

// Which content codings a request's Accept-Encoding allows (a q of 0 refuses; "*" counts for both).
struct AcceptedEncodings {
    bool br = false;
    bool gzip = false;
};
AcceptedEncodings ParseAcceptEncoding(std::string_view header);

// True when an If-None-Match header value lists `etag` (weak comparison) or is "*".
bool IfNoneMatchHits(std::string_view header, std::string_view etag);

class WebUi {
public:
    // `files`: paths relative to the UI root ("index.html", "assets/index-3f2a.js"), with "<path>.gz" / "<path>.br"
    // holding the compressed copies. The files must outlive the WebUi (they are the binary's own data).
    explicit WebUi(std::span<const EmbeddedFile> files);

    // False when the binary was built without the UI (PALISADE_WEB=OFF): no index.html.
    bool Available() const { return index_ != nullptr; }

    // The answer to GET or HEAD `request` (its path already percent-decoded): the file, index.html for a client
    // route, 304 when If-None-Match matches, 404 for a missing file that has an extension or lives under /assets/.
    server::Response Serve(const server::Request& request) const;

    // The Content-Security-Policy sent with index.html.
    static std::string_view ContentSecurityPolicy();

private:
    struct Asset {
        std::string_view identity;
        std::string_view gzip;    // empty: no smaller copy
        std::string_view brotli;  // empty: no smaller copy
        std::string etag;
        std::string_view content_type;
        bool immutable = false;  // content-hashed: cacheable for a year
    };

    server::Response Answer(const server::Request& request, const Asset& asset, bool is_html) const;

    std::unordered_map<std::string, Asset> assets_;
    const Asset* index_ = nullptr;
};

// The UI built into this binary (empty when it was built with PALISADE_WEB=OFF).
const WebUi& BuiltInWebUi();

// Routes "/" and, as the router's fallback, every other GET or HEAD outside /api/ to `ui`, which must outlive the
// router. Without a built UI, "/" answers a page saying so.
void MountWebUi(server::Router& router, const WebUi& ui, std::string version);

}  // namespace palisade::api

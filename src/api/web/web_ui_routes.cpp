// SPDX-License-Identifier: Apache-2.0
// The UI built into this binary and its routes. Serving an embedded file never blocks: both routes run inline.
#include <cstddef>
#include <span>

#include "api/web/web_ui.hpp"

namespace palisade {
// web_ui_embedded.cpp, generated at build time by web/scripts/embed.mjs (or empty with PALISADE_WEB=OFF).
extern const EmbeddedFile kWebUiFiles[];
extern const std::size_t kWebUiFiles_count;
}  // namespace palisade

namespace palisade::api {

namespace {

std::string HtmlEscape(std::string_view s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out.push_back(c);
        }
    }
    return out;
}

// What "/" says when the binary was built without the UI.
server::Response NoUiPage(std::string_view version) {
    server::Response r;
    r.SetHeader("Content-Type", "text/html; charset=utf-8");
    r.SetHeader("Cache-Control", "no-cache");
    r.body = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Palisade</title></head>\n"
             "<body><h1>Palisade is running</h1>\n<p>Version " + HtmlEscape(version) + "</p>\n"
             "<p>This binary was built without the web UI (PALISADE_WEB=OFF, or Node.js and npm were missing). "
             "Rebuild with <code>make build</code> to include it.</p>\n"
             "<p>API description: <a href=\"/api/v1/openapi.json\">/api/v1/openapi.json</a></p>\n</body></html>\n";
    return r;
}

}  // namespace

const WebUi& BuiltInWebUi() {
    static const WebUi ui(std::span<const EmbeddedFile>(kWebUiFiles, kWebUiFiles_count));
    return ui;
}

void MountWebUi(server::Router& router, const WebUi& ui, std::string version) {
    if (!ui.Available()) {
        router.Get("/", [version = std::move(version)](server::Request&) { return NoUiPage(version); })
            .Public()
            .Inline();
        return;
    }
    router.Get("/", [&ui](server::Request& request) { return ui.Serve(request); }).Public().Inline();
    router.Fallback([&ui](server::Request& request) { return ui.Serve(request); }).Public().Inline();
}

}  // namespace palisade::api

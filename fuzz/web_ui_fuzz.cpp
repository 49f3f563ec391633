// SPDX-License-Identifier: Apache-2.0
// The web UI's file server on arbitrary requests: Accept-Encoding and If-None-Match parsing, path lookup and the
// client-route fallback, over a small set of files. Input: three parts split by '\n': the path, Accept-Encoding,
// If-None-Match. Invariants: every answer is 200, 304 or 404; a 200 body is one of the files' bytes (or a compressed
// copy the client accepted); a 404 is never served for the root.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "api/web/web_ui.hpp"

namespace {

void Check(bool ok) {
    if (!ok) __builtin_trap();
}

const std::array<palisade::EmbeddedFile, 6> kFiles = {{
    {"index.html", "<!doctype html><div id=\"root\"></div>"},
    {"index.html.gz", "gz-index"},
    {"assets/app-1.js", "app();"},
    {"assets/app-1.js.br", "br-app"},
    {"favicon.svg", "<svg/>"},
    {"", ""},
}};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const palisade::api::WebUi ui(kFiles);
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const auto first = input.find('\n');
    const auto second = first == std::string_view::npos ? first : input.find('\n', first + 1);
    palisade::server::Request request;
    request.path = std::string(input.substr(0, first));
    request.target = request.path;
    if (first != std::string_view::npos) {
        request.headers.emplace_back("accept-encoding", std::string(input.substr(first + 1, second - first - 1)));
    }
    if (second != std::string_view::npos) request.headers.emplace_back("if-none-match", std::string(input.substr(second + 1)));

    (void)palisade::api::ParseAcceptEncoding(input);
    (void)palisade::api::IfNoneMatchHits(input, "W/\"abc\"");
    const auto r = ui.Serve(request);
    Check(r.status == 200 || r.status == 304 || r.status == 404);
    if (request.path == "/" || request.path.empty()) Check(r.status != 404);
    if (r.status == 200) {
        bool known = false;
        for (const auto& f : kFiles) known = known || (!f.path.empty() && r.body == f.data);
        Check(known);
    }
    return 0;
}

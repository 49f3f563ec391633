// SPDX-License-Identifier: Apache-2.0
// Raw HTTP request text (nuclei `raw:` blocks) -> http::Request.
#include "scan/http/http_client.hpp"
#include "scan/modules/headers/web_util.hpp"

namespace palisade::scan::http {

Result<Request> ParseRawRequest(std::string_view raw, std::string_view base_url) {
    // Leading blank lines (YAML block scalars often start with one) are ignored.
    while (raw.starts_with("\r\n") || raw.starts_with("\n")) raw.remove_prefix(raw.front() == '\r' ? 2 : 1);
    auto next_line = [&raw]() -> std::optional<std::string_view> {
        if (raw.empty()) return std::nullopt;
        std::size_t end = raw.find('\n');
        std::string_view line = raw.substr(0, end);
        raw = end == std::string_view::npos ? std::string_view() : raw.substr(end + 1);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        return line;
    };
    auto request_line = next_line();
    if (!request_line || request_line->empty()) return Fail(ErrorCode::kInvalidArgument, "raw request: no request line");
    std::size_t sp1 = request_line->find(' ');
    if (sp1 == std::string_view::npos || sp1 == 0) {
        return Fail(ErrorCode::kInvalidArgument, "raw request: malformed request line");
    }
    std::string_view rest = request_line->substr(sp1 + 1);
    std::size_t sp2 = rest.rfind(' ');
    std::string_view target = sp2 != std::string_view::npos && rest.substr(sp2 + 1).starts_with("HTTP/")
                                  ? rest.substr(0, sp2)
                                  : rest;
    target = headers::TrimAscii(target);
    if (target.empty()) return Fail(ErrorCode::kInvalidArgument, "raw request: no request target");
    Request request;
    request.method = std::string(request_line->substr(0, sp1));
    for (char c : request.method) {
        if (!(c >= 'A' && c <= 'Z') && c != '-' && c != '_') {
            return Fail(ErrorCode::kInvalidArgument, "raw request: bad method");
        }
    }
    if (target.starts_with("http://") || target.starts_with("https://")) {
        request.url = std::string(target);
    } else {
        std::string base(base_url);
        while (!base.empty() && base.back() == '/') base.pop_back();
        request.url = base + (target.front() == '/' ? "" : "/") + std::string(target);
    }
    if (!headers::ParseWebUrl(request.url)) return Fail(ErrorCode::kInvalidArgument, "raw request: bad URL");
    while (auto line = next_line()) {
        if (line->empty()) break;
        std::size_t colon = line->find(':');
        if (colon == std::string_view::npos || colon == 0) {
            return Fail(ErrorCode::kInvalidArgument, "raw request: malformed header line");
        }
        std::string name(headers::TrimAscii(line->substr(0, colon)));
        std::string value(headers::TrimAscii(line->substr(colon + 1)));
        // curl computes the length of what it sends; a stale Content-Length from the template would break framing.
        if (headers::AsciiLower(name) == "content-length") continue;
        request.headers.push_back({std::move(name), std::move(value)});
    }
    request.body = std::string(raw);
    return request;
}

}  // namespace palisade::scan::http

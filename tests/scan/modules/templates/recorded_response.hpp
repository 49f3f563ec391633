// SPDX-License-Identifier: Apache-2.0
// Recorded HTTP responses for the template tests (cases/ and pack/): a file holds "HTTP/1.1 <status> <reason>",
// header lines, a blank line and the body (LF or CRLF; one final newline of the file is not part of the body).
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "scan/http/http_client.hpp"
#include "scan/modules/headers/web_util.hpp"

namespace palisade::scan::templates::test_data {

inline std::string ReadFile(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

inline http::Response ParseResponse(std::string text) {
    http::Response r;
    std::size_t split = text.find("\r\n\r\n");
    std::size_t body_start = split == std::string::npos ? std::string::npos : split + 4;
    std::size_t lf = text.find("\n\n");
    if (lf != std::string::npos && (split == std::string::npos || lf < split)) {
        split = lf;
        body_start = lf + 2;
    }
    std::string head = text.substr(0, split);
    r.body = body_start == std::string::npos ? "" : text.substr(body_start);
    if (r.body.ends_with("\n")) r.body.pop_back();
    std::istringstream lines(head);
    std::string line;
    bool first = true;
    while (std::getline(lines, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (first) {
            first = false;
            std::istringstream status(line);
            std::string version;
            status >> version >> r.status;
            std::getline(status >> std::ws, r.reason);
            continue;
        }
        std::size_t colon = line.find(':');
        if (colon == std::string::npos) continue;
        r.headers.push_back({line.substr(0, colon), std::string(headers::TrimAscii(line.substr(colon + 1)))});
    }
    return r;
}

inline http::Response ReadResponseFile(const std::filesystem::path& p) { return ParseResponse(ReadFile(p)); }

}  // namespace palisade::scan::templates::test_data

// SPDX-License-Identifier: Apache-2.0
// A small blocking HTTP client for tests (libcurl easy): one keep-alive connection per client, loopback only.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace palisade::testing {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpResult {
    long status = 0;          // 0 when the request failed at transport level (see `error`)
    std::string body;
    palisade::testing::Headers headers;  // names lower-cased, in arrival order
    std::string error;        // curl's message on transport failure

    std::string Header(std::string_view lower_name) const;             // first value or ""
    std::vector<std::string> Headers(std::string_view lower_name) const;  // every value (Set-Cookie)
};

class HttpClient {
public:
    // base_url like "http://127.0.0.1:8080" or "https://127.0.0.1:8443" (TLS certificate checks are off).
    explicit HttpClient(std::string base_url);
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    HttpResult Request(std::string_view method, std::string_view path, std::string_view body = {},
                       const palisade::testing::Headers& headers = {});
    HttpResult Get(std::string_view path, const palisade::testing::Headers& headers = {}) {
        return Request("GET", path, {}, headers);
    }
    // Sends Content-Type: application/json unless `headers` sets one.
    HttpResult Post(std::string_view path, std::string_view json, const palisade::testing::Headers& headers = {}) {
        return Request("POST", path, json, headers);
    }

private:
    std::string base_url_;
    void* curl_ = nullptr;  // CURL*, reused for keep-alive
};

}  // namespace palisade::testing

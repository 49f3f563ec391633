// SPDX-License-Identifier: Apache-2.0
#include "support/http_client.hpp"

#include <curl/curl.h>

#include <mutex>

#include "core/strings.hpp"

namespace palisade::testing {

namespace {

void GlobalInit() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::size_t OnBody(char* data, std::size_t size, std::size_t count, void* user) {
    static_cast<std::string*>(user)->append(data, size * count);
    return size * count;
}

// Called once per header line. A status line starts a new header block (after "100 Continue", or a redirect),
// and only the last block is kept.
std::size_t OnHeader(char* data, std::size_t size, std::size_t count, void* user) {
    auto* headers = static_cast<palisade::testing::Headers*>(user);
    const std::string_view line(data, size * count);
    if (StartsWith(line, "HTTP/")) {
        headers->clear();
        return size * count;
    }
    const std::size_t colon = line.find(':');
    if (colon != std::string_view::npos) {
        headers->emplace_back(ToLower(Trim(line.substr(0, colon))), std::string(Trim(line.substr(colon + 1))));
    }
    return size * count;
}

}  // namespace

std::string HttpResult::Header(std::string_view lower_name) const {
    for (const auto& [name, value] : headers) {
        if (name == lower_name) return value;
    }
    return {};
}

std::vector<std::string> HttpResult::Headers(std::string_view lower_name) const {
    std::vector<std::string> out;
    for (const auto& [name, value] : headers) {
        if (name == lower_name) out.push_back(value);
    }
    return out;
}

HttpClient::HttpClient(std::string base_url) : base_url_(std::move(base_url)) {
    GlobalInit();
    curl_ = curl_easy_init();
}

HttpClient::~HttpClient() { curl_easy_cleanup(static_cast<CURL*>(curl_)); }

HttpResult HttpClient::Request(std::string_view method, std::string_view path, std::string_view body,
                               const palisade::testing::Headers& headers) {
    HttpResult result;
    CURL* curl = static_cast<CURL*>(curl_);
    if (curl == nullptr) {
        result.error = "curl_easy_init failed";
        return result;
    }
    // reset() keeps the connection cache, so the next request reuses the kept-alive connection.
    curl_easy_reset(curl);
    const std::string url = base_url_ + std::string(path);
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 30'000L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 0L);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    const std::string method_text(method);
    if (method == "HEAD") {
        curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
    } else if (method != "GET" || !body.empty()) {
        curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method_text.c_str());
    }
    if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    }
    curl_slist* list = nullptr;
    bool has_content_type = false;
    for (const auto& [name, value] : headers) {
        if (IEquals(name, "content-type")) has_content_type = true;
        // "Name;" is curl's way to send a header with an empty value; "Name:" would remove it.
        const std::string line = value.empty() ? name + ";" : name + ": " + value;
        list = curl_slist_append(list, line.c_str());
    }
    if (!body.empty() && !has_content_type) list = curl_slist_append(list, "Content-Type: application/json");
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, OnBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &result.body);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, OnHeader);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &result.headers);

    const CURLcode rc = curl_easy_perform(curl);
    curl_slist_free_all(list);
    if (rc != CURLE_OK) {
        result.error = curl_easy_strerror(rc);
        result.status = 0;
        return result;
    }
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &result.status);
    return result;
}

}  // namespace palisade::testing

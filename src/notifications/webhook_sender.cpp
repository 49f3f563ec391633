// SPDX-License-Identifier: Apache-2.0
#include "notifications/webhook_sender.hpp"

#include <curl/curl.h>
#include <sodium.h>

#include <memory>
#include <mutex>

#include "core/strings.hpp"

namespace palisade::notifications {

namespace {

struct CurlDeleter {
    void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

struct Transfer {
    std::size_t received = 0;
    std::size_t cap = 0;
    bool capped = false;
    const std::atomic<bool>* cancel = nullptr;
};

// The answer is not kept: only its size counts, and reading stops at the cap.
std::size_t OnBody(char*, std::size_t size, std::size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const std::size_t n = size * count;
    t->received += n;
    if (t->received > t->cap) {
        t->capped = true;
        return 0;  // CURLE_WRITE_ERROR: curl closes the connection
    }
    return n;
}

int OnProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    const auto* t = static_cast<const Transfer*>(user);
    return t->cancel != nullptr && t->cancel->load() ? 1 : 0;
}

// "host:port" for CURLOPT_CONNECT_TO, with IPv6 addresses in brackets.
std::string ConnectTarget(const CheckedUrl& target) {
    const bool v6 = target.pinned.find(':') != std::string::npos;
    return (v6 ? "[" + target.pinned + "]" : target.pinned) + ":" + std::to_string(target.url.port);
}

curl_slist* Append(curl_slist* list, const std::string& line) {
    curl_slist* next = curl_slist_append(list, line.c_str());
    return next != nullptr ? next : list;
}

}  // namespace

std::string SignatureHeader(std::string_view secret, std::int64_t unix_seconds, std::string_view body) {
    const std::string signed_prefix = std::to_string(unix_seconds) + ".";
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()), secret.size());
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(signed_prefix.data()),
                                  signed_prefix.size());
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(body.data()), body.size());
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_final(&state, mac);
    sodium_memzero(&state, sizeof state);
    return "sha256=" + HexEncode(std::string_view(reinterpret_cast<const char*>(mac), sizeof mac));
}

WebhookResponse PostWebhook(const WebhookRequest& request, const WebhookSendOptions& options,
                            const std::atomic<bool>* cancel) {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    WebhookResponse out;
    const auto started = std::chrono::steady_clock::now();
    std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
    if (!curl) {
        out.error = "could not start the HTTP client";
        return out;
    }
    CURL* h = curl.get();
    curl_slist* raw_headers = nullptr;
    raw_headers = Append(raw_headers, "Content-Type: application/json");
    raw_headers = Append(raw_headers, "Expect:");  // no 100-continue round trip
    for (const auto& [name, value] : request.headers) raw_headers = Append(raw_headers, name + ": " + value);
    std::unique_ptr<curl_slist, CurlDeleter> headers(raw_headers);
    // An empty HOST and PORT match every connection of the transfer: all of them go to the checked address.
    std::unique_ptr<curl_slist, CurlDeleter> connect_to(
        curl_slist_append(nullptr, ("::" + ConnectTarget(request.target)).c_str()));
    Transfer t;
    t.cap = options.max_response_bytes;
    t.cancel = cancel;
    char error_buffer[CURL_ERROR_SIZE] = {};
    const long timeout_ms = static_cast<long>(options.timeout.count());

    curl_easy_setopt(h, CURLOPT_URL, request.target.url.url.c_str());
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_CONNECT_TO, connect_to.get());
    curl_easy_setopt(h, CURLOPT_PROXY, "");  // never a proxy from http_proxy/https_proxy: it would resolve anew
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout_ms);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
    curl_easy_setopt(h, CURLOPT_USERAGENT, options.user_agent.c_str());
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, OnBody);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &t);
    curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, OnProgress);
    curl_easy_setopt(h, CURLOPT_XFERINFODATA, &t);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);

    const CURLcode rc = curl_easy_perform(h);
    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    out.duration = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    out.status = static_cast<int>(status);
    if (rc == CURLE_ABORTED_BY_CALLBACK) {
        out.cancelled = true;
        out.error = "cancelled";
        out.status = 0;
        return out;
    }
    if (rc == CURLE_OK || (rc == CURLE_WRITE_ERROR && t.capped) || out.status > 0) return out;
    if (rc == CURLE_OPERATION_TIMEDOUT) {
        out.error = "timed out after " + std::to_string(timeout_ms) + " ms";
    } else {
        out.error = error_buffer[0] != '\0' ? std::string(error_buffer) : std::string(curl_easy_strerror(rc));
    }
    return out;
}

}  // namespace palisade::notifications

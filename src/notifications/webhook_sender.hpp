// SPDX-License-Identifier: Apache-2.0
// The wire side of webhooks: the signature and one POST with libcurl. The request goes to the address the URL
// guard checked (CURLOPT_CONNECT_TO pins every connection of the transfer to it, whatever DNS says by then); no
// redirects are followed, no proxy from the environment is used, the whole request has a deadline and the answer
// is read up to a cap. Thread-safe (one curl handle per call). Blocking.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "notifications/notification_types.hpp"
#include "notifications/url_guard.hpp"

namespace palisade::notifications {

// "sha256=" + lower-case hex of HMAC-SHA256(secret, decimal timestamp + "." + body) (libsodium
// crypto_auth_hmacsha256, any key length). The X-Palisade-Signature header.
std::string SignatureHeader(std::string_view secret, std::int64_t unix_seconds, std::string_view body);

struct WebhookRequest {
    CheckedUrl target;                                         // from CheckWebhookUrl: the URL and the pinned address
    std::string body;                                          // JSON
    std::vector<std::pair<std::string, std::string>> headers;  // besides Content-Type and User-Agent
};

struct WebhookResponse {
    int status = 0;  // the HTTP status; 0 when there was no answer
    std::chrono::milliseconds duration{0};
    std::string error;       // why there was no answer (timeout, refused, TLS...); "" when answered
    bool cancelled = false;  // *cancel became true during the request
};

// POSTs request.body to request.target. Never throws; transport failures are in WebhookResponse::error. An answer
// longer than options.max_response_bytes is cut off (the status still counts). `cancel` (may be null) aborts the
// transfer soon after it becomes true.
WebhookResponse PostWebhook(const WebhookRequest& request, const WebhookSendOptions& options,
                            const std::atomic<bool>* cancel);

}  // namespace palisade::notifications

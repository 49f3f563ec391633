// SPDX-License-Identifier: Apache-2.0
// Webhook delivery: one attempt (check the URL again, sign, POST, log it in webhook_deliveries) and the job kind
// "webhook" that runs attempts on the durable queue with its retries. The request is
//   POST <url>   Content-Type: application/json
//   X-Palisade-Event: <event>            X-Palisade-Delivery: <delivery id, the same for every attempt>
//   X-Palisade-Timestamp: <unix seconds> X-Palisade-Signature: sha256=<hex HMAC-SHA256(secret, timestamp "." body)>
//   {"id": <event id>, "event": <event>, "created_at": <time>, "data": {...}}
// Outcomes: 2xx delivered; 5xx, timeouts and connection errors retried (RetryBackoff, kWebhookMaxAttempts in all);
// any other status failed at once. docs/fragments/notifications.md tells receivers how to verify.
#pragma once

#include <atomic>
#include <string>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "jobs/job_context.hpp"
#include "notifications/notification_types.hpp"
#include "notifications/webhook_sender.hpp"
#include "store/notifications/notification_records.hpp"

namespace palisade::notifications {

inline constexpr const char* kWebhookJobKind = "webhook";
inline constexpr int kWebhookMaxAttempts = 6;

// What a delivery needs. Referenced objects must outlive the handler.
struct WebhookJobDeps {
    store::Store& store;
    const Clock& clock;
    const auth::SecretBox& secrets;  // opens the webhook's signing secret
    WebhookSendOptions options;      // 10 s, 64 KiB by default
    Resolver resolver;               // empty: the system resolver
};

// The handler to register for kWebhookJobKind. Its job payload is WebhookJobPayload(); the job's org_id scopes
// every lookup. A deleted or disabled webhook ends the job as done without a request ({"skipped": ...}).
jobs::JobHandler MakeWebhookJobHandler(WebhookJobDeps deps);

// {"webhook_id": ..., "event_id": ...}
std::string WebhookJobPayload(const std::string& webhook_id, const std::string& event_id);

// {"id","event","created_at","data"}: the request body, the same for every attempt.
std::string EventBody(const store::NotificationEventRecord& event);

enum class AttemptOutcome { kDelivered, kRetry, kFailed, kCancelled };

struct AttemptResult {
    AttemptOutcome outcome = AttemptOutcome::kFailed;
    store::WebhookDeliveryRecord log;  // as written to webhook_deliveries (not written when cancelled)
};

// One attempt of `delivery_id` (attempt number `attempt`): checks the URL (allow_private as the webhook says),
// opens the secret, signs and POSTs the event, and appends the attempt to the delivery log with outcome
// delivered, retrying (kRetry and not `last`) or failed. A refused address fails; a host that does not resolve is
// retried. `cancel` (may be null) aborts the request. Returns kUnavailable only when the log cannot be written
// (the attempt still happened: its result is in the error's detail).
Result<AttemptResult> AttemptDelivery(const WebhookJobDeps& deps, const store::WebhookRecord& webhook,
                                      const store::NotificationEventRecord& event, const std::string& delivery_id,
                                      int attempt, bool last, const std::atomic<bool>* cancel);

}  // namespace palisade::notifications

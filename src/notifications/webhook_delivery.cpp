// SPDX-License-Identifier: Apache-2.0
#include "notifications/webhook_delivery.hpp"

#include <memory>

#include <boost/json.hpp>

#include "auth/secret_box.hpp"
#include "core/time.hpp"
#include "log/log.hpp"
#include "store/notifications/notification_repository.hpp"
#include "store/notifications/webhook_repository.hpp"
#include "store/store.hpp"

namespace palisade::notifications {

namespace json = boost::json;

namespace {

AttemptOutcome Classify(const WebhookResponse& r) {
    if (r.cancelled) return AttemptOutcome::kCancelled;
    if (r.status >= 200 && r.status < 300) return AttemptOutcome::kDelivered;
    if (r.status == 0 || r.status >= 500) return AttemptOutcome::kRetry;
    return AttemptOutcome::kFailed;
}

std::string OutcomeText(AttemptOutcome outcome, bool last) {
    switch (outcome) {
        case AttemptOutcome::kDelivered:
            return "delivered";
        case AttemptOutcome::kRetry:
            return last ? "failed" : "retrying";
        default:
            return "failed";
    }
}

std::string StatusError(const WebhookResponse& r) {
    if (!r.error.empty()) return r.error;
    if (r.status >= 300 && r.status < 400) return "HTTP " + std::to_string(r.status) + " (redirects are not followed)";
    if (r.status < 200 || r.status >= 300) return "HTTP " + std::to_string(r.status);
    return "";
}

}  // namespace

std::string WebhookJobPayload(const std::string& webhook_id, const std::string& event_id) {
    return json::serialize(json::object{{"webhook_id", webhook_id}, {"event_id", event_id}});
}

std::string EventBody(const store::NotificationEventRecord& event) {
    boost::system::error_code ec;
    json::value data = json::parse(event.data, ec);
    if (ec) data = json::object();
    return json::serialize(
        json::object{{"id", event.id}, {"event", event.event}, {"created_at", event.created_at}, {"data", data}});
}

Result<AttemptResult> AttemptDelivery(const WebhookJobDeps& deps, const store::WebhookRecord& webhook,
                                      const store::NotificationEventRecord& event, const std::string& delivery_id,
                                      int attempt, bool last, const std::atomic<bool>* cancel) {
    AttemptResult result;
    store::WebhookDeliveryRecord& entry = result.log;
    entry.org_id = webhook.org_id;
    entry.webhook_id = webhook.id;
    entry.delivery_id = delivery_id;
    entry.event_id = event.id;
    entry.event = event.event;
    entry.attempt = attempt;

    auto target = CheckWebhookUrl(webhook.url, webhook.allow_private, deps.resolver);
    auto secret = deps.secrets.Open(webhook.secret_sealed);
    if (!target) {
        const bool unresolved = target.error().detail == kUrlUnresolved;
        result.outcome = unresolved ? AttemptOutcome::kRetry : AttemptOutcome::kFailed;
        entry.error = target.error().message;
    } else if (!secret) {
        result.outcome = AttemptOutcome::kFailed;
        entry.error = "the signing secret cannot be opened (was the data-dir key replaced?)";
    } else {
        WebhookRequest request;
        request.target = std::move(*target);
        request.body = EventBody(event);
        const std::int64_t timestamp = ToUnixSeconds(deps.clock.Now());
        request.headers = {{"X-Palisade-Event", event.event},
                           {"X-Palisade-Delivery", delivery_id},
                           {"X-Palisade-Timestamp", std::to_string(timestamp)},
                           {"X-Palisade-Signature", SignatureHeader(*secret, timestamp, request.body)}};
        const WebhookResponse response = PostWebhook(request, deps.options, cancel);
        result.outcome = Classify(response);
        entry.status_code = response.status;
        entry.duration_ms = response.duration.count();
        entry.error = StatusError(response);
    }
    if (result.outcome == AttemptOutcome::kCancelled) return result;
    entry.outcome = OutcomeText(result.outcome, last);
    entry.id = NewId(deps.clock.Now());
    entry.at = FormatTime(deps.clock.Now());
    auto written = deps.store.Write([&](store::Tx& tx) -> Status {
        store::webhook_deliveries::Insert(tx, entry);
        return Ok();
    });
    if (!written) {
        log::Warn("webhook delivery not logged",
                  {{"webhook_id", webhook.id}, {"event_id", event.id}, {"error", written.error().detail}});
        return Fail(ErrorCode::kUnavailable, "could not log the delivery", "outcome " + entry.outcome);
    }
    log::Info("webhook delivery attempt", {{"webhook_id", webhook.id},
                                           {"event_id", event.id},
                                           {"attempt", std::to_string(attempt)},
                                           {"outcome", entry.outcome},
                                           {"status", std::to_string(entry.status_code)}});
    return result;
}

jobs::JobHandler MakeWebhookJobHandler(WebhookJobDeps deps) {
    auto shared = std::make_shared<WebhookJobDeps>(std::move(deps));
    return [shared](jobs::JobContext& ctx) -> jobs::JobOutcome {
        const WebhookJobDeps& d = *shared;
        boost::system::error_code ec;
        const json::value payload = json::parse(ctx.job.payload_json, ec);
        const json::object* o = !ec ? payload.if_object() : nullptr;
        const json::value* wid = o ? o->if_contains("webhook_id") : nullptr;
        const json::value* eid = o ? o->if_contains("event_id") : nullptr;
        if (!wid || !eid || !wid->is_string() || !eid->is_string()) return jobs::JobOutcome::Failed("bad job payload");
        const std::string webhook_id(wid->as_string());
        const std::string event_id(eid->as_string());
        std::optional<store::WebhookRecord> webhook;
        std::optional<store::NotificationEventRecord> event;
        auto read = d.store.Read([&](store::Tx& tx) -> Status {
            webhook = store::webhooks::Find(tx, ctx.job.org_id, webhook_id);
            event = store::notification_events::Find(tx, ctx.job.org_id, event_id);
            return Ok();
        });
        if (!read) return jobs::JobOutcome::Retry("database unavailable");
        if (!webhook) return jobs::JobOutcome::Done(R"({"skipped":"webhook deleted"})");
        if (!webhook->enabled) return jobs::JobOutcome::Done(R"({"skipped":"webhook disabled"})");
        if (!event) return jobs::JobOutcome::Failed("event not found");

        auto cancel = std::make_shared<std::atomic<bool>>(false);
        ctx.OnCancel([cancel] { cancel->store(true); });
        const bool last = ctx.job.attempts >= ctx.job.max_attempts;
        auto r = AttemptDelivery(d, *webhook, *event, ctx.job.id, ctx.job.attempts, last, cancel.get());
        if (!r) return jobs::JobOutcome::Retry(r.error().message);
        const std::string result =
            json::serialize(json::object{{"status_code", r->log.status_code}, {"outcome", r->log.outcome}});
        switch (r->outcome) {
            case AttemptOutcome::kDelivered:
                return jobs::JobOutcome::Done(result);
            case AttemptOutcome::kRetry:
                return jobs::JobOutcome::Retry(r->log.error);
            case AttemptOutcome::kCancelled:
                return jobs::JobOutcome::Cancelled();
            case AttemptOutcome::kFailed:
                break;
        }
        return jobs::JobOutcome::Failed(r->log.error);
    };
}

}  // namespace palisade::notifications

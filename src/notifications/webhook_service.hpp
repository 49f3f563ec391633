// SPDX-License-Identifier: Apache-2.0
// WebhookService: an organisation's webhooks (admin). A signing secret is generated at creation, returned once,
// and kept sealed with the process's SecretBox (signing needs it back); it is never logged nor returned again.
// URLs pass the SSRF guard (url_guard.hpp) on every save; allow_private is explicit and audited. Every lookup is
// scoped to ctx.principal->org_id: another organisation's webhook is kNotFound. Blocking; thread-safe.
#pragma once

#include <optional>
#include <string>

#include "core/result.hpp"
#include "identity/context.hpp"
#include "notifications/notification_types.hpp"
#include "store/notifications/notification_records.hpp"

namespace palisade::notifications {

inline constexpr std::size_t kMaxWebhookNameChars = 200;

struct WebhookInput {
    std::string name;
    std::string url;
    bool enabled = true;
    bool allow_private = false;  // allows loopback, private and link-local addresses (a deliberate admin choice)
};

struct WebhookPatch {
    std::optional<std::string> name;
    std::optional<std::string> url;
    std::optional<bool> enabled;
    std::optional<bool> allow_private;
};

struct CreatedWebhook {
    store::WebhookRecord webhook;
    std::string secret;  // shown once
};

class WebhookService {
  public:
    explicit WebhookService(NotificationDeps deps) : deps_(std::move(deps)) {}

    Result<identity::Page<store::WebhookRecord>> List(const std::string& cursor, int limit,
                                                      const identity::RequestContext& ctx) const;
    Result<store::WebhookRecord> Get(const std::string& id, const identity::RequestContext& ctx) const;
    // kInvalidArgument naming "name" or "url": a bad URL (400), or detail kUrlRefused / kUrlUnresolved (the API
    // answers 422); kConflict beyond kMaxWebhooksPerOrg webhooks.
    Result<CreatedWebhook> Create(const WebhookInput& input, const identity::RequestContext& ctx);
    // The URL is checked again whenever url or allow_private is in the patch. Errors as Create, and kNotFound.
    Result<store::WebhookRecord> Update(const std::string& id, const WebhookPatch& patch,
                                        const identity::RequestContext& ctx);
    // Deletes the webhook and its delivery log, and removes it from the rules that name it. kNotFound.
    Status Delete(const std::string& id, const identity::RequestContext& ctx);
    // The delivery log, newest first. kNotFound for an unknown webhook.
    Result<identity::Page<store::WebhookDeliveryRecord>> Deliveries(const std::string& id, const std::string& cursor,
                                                                    int limit,
                                                                    const identity::RequestContext& ctx) const;
    // Sends a "webhook.test" event now (one attempt, no retry, even when the webhook is disabled) and returns the
    // logged attempt. kNotFound.
    Result<store::WebhookDeliveryRecord> Test(const std::string& id, const identity::RequestContext& ctx);

  private:
    NotificationDeps deps_;
};

}  // namespace palisade::notifications

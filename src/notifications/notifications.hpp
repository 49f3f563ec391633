// SPDX-License-Identifier: Apache-2.0
// Notifications: the notification services of one process, built from one NotificationDeps (the composition root
// owns it; the API mounts its routes with it). Docs: docs/fragments/notifications.md.
//
//   inbox()     a user's own in-app notifications (list, unread count, read, read-all)
//   rules()     notification rules (admin)
//   webhooks()  webhooks and their delivery log (admin)
//   notifier()  the entry points: OnScanEnded, OnSlaBreached, OnAcceptedRisksExpiring, Purge
//
// Webhook deliveries run as jobs of kind kWebhookJobKind: register MakeWebhookJobHandler (webhook_delivery.hpp)
// on the worker pool. Thread-safe; everything referenced by the deps must outlive it.
#pragma once

#include "notifications/inbox_service.hpp"
#include "notifications/notifier.hpp"
#include "notifications/rule_service.hpp"
#include "notifications/webhook_service.hpp"

namespace palisade::notifications {

class Notifications {
  public:
    explicit Notifications(const NotificationDeps& deps)
        : inbox_(deps), rules_(deps), webhooks_(deps), notifier_(deps) {}
    Notifications(const Notifications&) = delete;
    Notifications& operator=(const Notifications&) = delete;

    InboxService& inbox() { return inbox_; }
    RuleService& rules() { return rules_; }
    WebhookService& webhooks() { return webhooks_; }
    Notifier& notifier() { return notifier_; }

  private:
    InboxService inbox_;
    RuleService rules_;
    WebhookService webhooks_;
    Notifier notifier_;
};

}  // namespace palisade::notifications

// SPDX-License-Identifier: Apache-2.0
// Webhooks and their delivery log. Functions run inside Store::Read/Write; database failures throw and are turned
// into Result errors by the Store. Every lookup is scoped to an organisation. Values are always bound.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/notifications/notification_records.hpp"

namespace palisade::store {

class Tx;

namespace webhooks {
void Insert(Tx& tx, const WebhookRecord& w);
// Writes name, url, allow_private, enabled and updated_at (never the secret); false when no such row.
bool Update(Tx& tx, const WebhookRecord& w);
std::optional<WebhookRecord> Find(Tx& tx, const std::string& org_id, const std::string& id);
// In id order after `after_id` ("" = from the first).
std::vector<WebhookRecord> List(Tx& tx, const std::string& org_id, const std::string& after_id, int limit);
long long Count(Tx& tx, const std::string& org_id);
// Deletes the webhook and (cascade) its delivery log.
bool Delete(Tx& tx, const std::string& org_id, const std::string& id);
}  // namespace webhooks

namespace webhook_deliveries {
void Insert(Tx& tx, const WebhookDeliveryRecord& d);
// Newest first, rows with an id below `before_id` ("" = from the newest).
std::vector<WebhookDeliveryRecord> List(Tx& tx, const std::string& org_id, const std::string& webhook_id,
                                        const std::string& before_id, int limit);
long long Purge(Tx& tx, const std::string& before);
}  // namespace webhook_deliveries

}  // namespace palisade::store

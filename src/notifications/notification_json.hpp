// SPDX-License-Identifier: Apache-2.0
// The JSON form of notifications, rules, webhooks and deliveries (the API and the live push use the same), and
// the rule channels' JSON as stored and as clients send it. Allow-lists: a webhook's sealed secret never appears.
// Thread-safe (pure functions).
#pragma once

#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "notifications/notification_types.hpp"
#include "store/notifications/notification_records.hpp"

namespace palisade::notifications {

// {id, kind, priority, title, body, link, read, read_at, created_at}
boost::json::object ToJson(const store::NotificationRecord& n);
// {id, name, event, enabled, min_severity, days_before, channels, created_by, created_at, updated_at}
boost::json::object ToJson(const Rule& rule);
// {id, name, url, enabled, allow_private, secret_hint, created_by, created_at, updated_at}: never the secret.
boost::json::object ToJson(const store::WebhookRecord& webhook);
// {id, webhook_id, delivery_id, event_id, event, attempt, outcome, status_code, duration_ms, error, at}
boost::json::object ToJson(const store::WebhookDeliveryRecord& delivery);

// {"in_app": {"to", "roles"} | null, "email": {"addresses", "roles"} | null, "webhook_ids": [...]}
boost::json::object ChannelsToJson(const Channels& channels);
// Reads channels as a client sends them; appends every problem (unknown members, wrong types, over-long strings)
// to `issues` with its field path ("channels.email.addresses[2]"). Semantic checks are ValidateRule's.
Channels ParseChannels(const boost::json::value& value, std::vector<FieldIssue>& issues);

// A stored rule with its channels parsed (a stored document that does not parse reads as no channels).
Rule RuleFromRecord(const store::NotificationRuleRecord& record);
store::NotificationRuleRecord RuleToRecord(const Rule& rule);

}  // namespace palisade::notifications

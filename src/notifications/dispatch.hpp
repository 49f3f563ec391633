// SPDX-License-Identifier: Apache-2.0
// Dispatch: turns one event of one organisation (a scan that ended, new findings, SLA breaches, expiring accepted
// risks) into in-app notifications, queued mail and webhook events, by the organisation's rules (or the defaults
// when it has none). notifications-internal.
//
//   Write transaction: rules -> items each rule matches -> recipients -> marks (items notified before are
//   dropped) -> notifications rows, outbox rows, notification_events rows.
//   After the commit (Publish): live push per notification, mail_queued(), one "webhook" job per (webhook, event).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <boost/json/object.hpp>

#include "core/clock.hpp"
#include "notifications/notification_types.hpp"
#include "store/notifications/notification_records.hpp"

namespace palisade::store {
class Tx;
}

namespace palisade::notifications {

// One thing an event is about: a scan, or one finding.
struct Item {
    std::string mark_key;              // notified once per organisation and key
    int severity_rank = -1;            // findings: 0..4 (min_severity); -1 for scans
    std::optional<TimePoint> expires;  // risk.expiring: accepted_until (days_before)
    std::string title;                 // the in-app notification and the mail subject when it is alone
    std::string body;
    std::string link;  // web UI path
    std::string priority = "normal";
    std::string line;          // one line in digests and mails
    boost::json::object data;  // the item in a webhook payload
};

struct DispatchInput {
    std::string org_id;
    std::string event;
    std::string creator;  // scan events: the scan's creator ("" for none)
    std::vector<Item> items;
    std::string digest_title;  // a notification about several items, "{n}" replaced by their number
    std::string digest_link;   // and where it points
    // Webhook data: for scan events the one item's data; else base + {"findings": [...], "count": n}.
    bool single_data = false;
    boost::json::object data_base;
};

// What a dispatch wrote, for Publish after the commit.
struct DispatchResult {
    std::vector<store::NotificationRecord> created;
    struct Delivery {
        std::string org_id;
        std::string webhook_id;
        std::string event_id;
    };
    std::vector<Delivery> deliveries;
    bool mail_queued = false;

    void Merge(DispatchResult other);
};

// Runs inside the caller's Store::Write.
DispatchResult Dispatch(store::Tx& tx, const NotificationDeps& deps, const DispatchInput& in);
// After the commit: pushes, wakes the mail deliverer, enqueues webhook jobs. Never fails (problems are logged).
void Publish(const NotificationDeps& deps, const DispatchResult& result);

// `text` cut to at most `max_chars` code points (an ellipsis marks the cut); invalid UTF-8 is replaced first.
std::string Clip(std::string_view text, std::size_t max_chars);

}  // namespace palisade::notifications

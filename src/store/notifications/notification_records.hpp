// SPDX-License-Identifier: Apache-2.0
// Plain rows of the notification tables (migration 0005), as the repositories read and write them, plus the
// read-only views of members and findings that notifications need. Times are core/time.hpp text. JSON columns
// (rule channels, event data) are text the notifications library writes and reads; the store never parses them.
#pragma once

#include <optional>
#include <string>

namespace palisade::store {

struct NotificationRecord {
    std::string id;
    std::string org_id;
    std::string user_id;
    std::string kind;      // finding.new | scan.finished | scan.failed | sla.breached | risk.expiring
    std::string priority;  // low | normal | high | urgent
    std::string title;
    std::string body;
    std::string link;  // a web UI path ("/findings/<id>")
    std::optional<std::string> read_at;
    std::string created_at;
};

struct NotificationRuleRecord {
    std::string id;
    std::string org_id;
    std::string name;
    std::string event;  // as NotificationRecord::kind
    bool enabled = true;
    std::optional<std::string> min_severity;  // info..critical; nullopt: any
    std::optional<int> days_before;           // risk.expiring only
    std::string channels = "{}";              // JSON {in_app, email, webhook_ids}
    std::optional<std::string> created_by;
    std::string created_at;
    std::string updated_at;
};

struct NotificationEventRecord {
    std::string id;
    std::string org_id;
    std::string event;
    std::string data = "{}";  // JSON: the webhook payload's "data"
    std::string created_at;
};

struct WebhookRecord {
    std::string id;
    std::string org_id;
    std::string name;
    std::string url;
    std::string secret_sealed;  // auth::SecretBox::Seal of the signing secret; never leaves the server
    std::string secret_hint;    // the secret's first characters
    bool allow_private = false;
    bool enabled = true;
    std::optional<std::string> created_by;
    std::string created_at;
    std::string updated_at;
};

struct WebhookDeliveryRecord {
    std::string id;
    std::string org_id;
    std::string webhook_id;
    std::string delivery_id;  // the same for every attempt of one delivery (X-Palisade-Delivery)
    std::string event_id;
    std::string event;
    int attempt = 1;
    std::string outcome;  // delivered | retrying | failed
    int status_code = 0;  // 0: no HTTP answer
    long long duration_ms = 0;
    std::string error;
    std::string at;
};

// An active member of an organisation, as recipients are chosen.
struct MemberContact {
    std::string user_id;
    std::string email;
    std::string role;
    bool email_verified = false;
};

// The columns of a finding that notifications show (findings table, migration 0003).
struct FindingBrief {
    std::string id;
    std::string org_id;
    std::string check_id;
    std::string title;
    std::string severity;
    int severity_rank = 0;
    std::string location;
    std::string target;
    std::string status;
    bool regression = false;  // a fixed finding seen again
    std::optional<std::string> sla_due_at;
    std::optional<std::string> accepted_until;
};

}  // namespace palisade::store

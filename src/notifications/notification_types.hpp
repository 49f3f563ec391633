// SPDX-License-Identifier: Apache-2.0
// The vocabulary of notifications: events (which are also the kinds of in-app notifications), priorities,
// notification rules with their channels, and what the services need from the outside (NotificationDeps).
// Plain values and pure functions; thread-safe.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace palisade::store {
class Store;
}
namespace palisade::auth {
class SecretBox;
}
namespace palisade::jobs {
class JobQueue;
}

namespace palisade::notifications {

// What notifications are about. Every event is also the `kind` of the in-app notifications it creates.
inline constexpr std::string_view kFindingNew = "finding.new";
inline constexpr std::string_view kScanFinished = "scan.finished";
inline constexpr std::string_view kScanFailed = "scan.failed";
inline constexpr std::string_view kSlaBreached = "sla.breached";
inline constexpr std::string_view kRiskExpiring = "risk.expiring";
// Only sent by POST /api/v1/webhooks/{id}/test (never a rule event, never in-app).
inline constexpr std::string_view kWebhookTest = "webhook.test";

// The five rule events, in documentation order.
const std::vector<std::string>& RuleEvents();
bool IsRuleEvent(std::string_view event);

// Severity names ("info".."critical") to rank 0..4; nullopt for anything else.
std::optional<int> SeverityRank(std::string_view severity);
// Priority of a notification about a finding of that severity rank: critical urgent, high high, medium normal,
// low and info low.
std::string PriorityForSeverity(int severity_rank);
// "low" < "normal" < "high" < "urgent": the rank 0..3 (unknown text is 1, "normal").
int PriorityRank(std::string_view priority);
std::string_view PriorityName(int rank);

// In-app recipients of a rule.
struct InAppChannel {
    std::string to = "all";          // all | roles | creator (the scan's creator; scan events only)
    std::vector<std::string> roles;  // to == "roles": admin | analyst | operator | viewer
};

// E-mail recipients of a rule: fixed addresses and/or the verified members with one of the roles.
struct EmailChannel {
    std::vector<std::string> addresses;  // lower-cased
    std::vector<std::string> roles;
};

struct Channels {
    std::optional<InAppChannel> in_app;
    std::optional<EmailChannel> email;
    std::vector<std::string> webhook_ids;  // webhooks of the same organisation
};

// A notification rule as the services use it (store::NotificationRuleRecord with its channels parsed).
struct Rule {
    std::string id;
    std::string org_id;
    std::string name;
    std::string event;
    bool enabled = true;
    std::optional<std::string> min_severity;  // finding.new, sla.breached; nullopt: any severity
    std::optional<int> days_before;           // risk.expiring: notify this many days before accepted_until
    Channels channels;
    std::optional<std::string> created_by;
    std::string created_at;
    std::string updated_at;
};

// Limits of rule input.
inline constexpr int kMaxDaysBefore = 90;
inline constexpr std::size_t kMaxRuleAddresses = 20;
inline constexpr std::size_t kMaxRuleWebhooks = 10;
inline constexpr std::size_t kMaxRuleNameChars = 200;
inline constexpr long long kMaxRulesPerOrg = 100;
inline constexpr long long kMaxWebhooksPerOrg = 50;

// One problem with an input field ("channels.email.addresses[1]": "must be a valid e-mail address").
struct FieldIssue {
    std::string field;
    std::string message;
};

// Every problem of a rule (the webhook ids' existence aside, which needs the database), appended to `issues`.
void ValidateRule(const Rule& rule, std::vector<FieldIssue>& issues);

// The rules in effect for an organisation that has none (docs/fragments/notifications.md "Default rules"):
// scan.finished and scan.failed in-app to the scan's creator; finding.new of severity high or above in-app to
// admins and analysts; sla.breached in-app to admins and analysts; risk.expiring 7 days before, in-app to admins
// and analysts. No e-mail, no webhooks.
std::vector<Rule> DefaultRules(std::string_view event);

// The signing key of webhooks and the resolver behind the SSRF check (url_guard.hpp).
using Resolver = std::function<Result<std::vector<std::string>>(const std::string& host)>;
// Live push to a user's WebSocket sessions (topic "notifications"): type "notification" (data: the notification
// JSON) or "unread_count" (data: {"unread": n}).
using PushFn = std::function<void(const std::string& org_id, const std::string& user_id, const std::string& type,
                                  const std::string& data_json)>;

// How webhook requests are made.
struct WebhookSendOptions {
    std::chrono::milliseconds timeout{10000};    // whole request, connect included
    std::size_t max_response_bytes = 64 * 1024;  // the answer is read up to this, then the connection is closed
    std::string user_agent = "Palisade-Webhooks/1";
};

// What the notification services need. Everything referenced must outlive them.
struct NotificationDeps {
    store::Store& store;
    const Clock& clock;
    const auth::SecretBox& secrets;     // seals webhook secrets (the process's data-dir key)
    jobs::JobQueue& queue;              // webhook deliveries run as jobs of kind "webhook"
    std::string public_url;             // base of links in e-mails and webhook payloads ("https://palisade.example")
    PushFn push;                        // may be empty
    std::function<void()> mail_queued;  // after a commit that queued mail (wakes the deliverer); may be empty
    std::function<void()> jobs_queued;  // after webhook jobs were enqueued (wakes workers); may be empty
    Resolver resolver;                  // empty: the system resolver (getaddrinfo)
    WebhookSendOptions webhook;         // POST /api/v1/webhooks/{id}/test
};

// A UUIDv7 that sorts after every id this process made before (a counter within one millisecond), so the rows
// one call writes list in the order they were written. Thread-safe.
std::string NewId(TimePoint now);

}  // namespace palisade::notifications

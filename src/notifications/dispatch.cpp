// SPDX-License-Identifier: Apache-2.0
#include "notifications/dispatch.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <boost/json.hpp>

#include "core/strings.hpp"
#include "core/time.hpp"
#include "identity/common.hpp"
#include "jobs/job_queue.hpp"
#include "log/log.hpp"
#include "notifications/notification_json.hpp"
#include "notifications/webhook_delivery.hpp"
#include "store/notifications/notification_repository.hpp"
#include "store/notifications/webhook_repository.hpp"
#include "store/outbox_repository.hpp"

namespace palisade::notifications {

namespace json = boost::json;

namespace {

constexpr std::size_t kMaxSeparate = 5;        // more items for one user become one digest notification
constexpr std::size_t kDigestLines = 5;        // lines of a digest's body
constexpr std::size_t kMaxMailLines = 50;      // items listed in one mail
constexpr std::size_t kMaxWebhookItems = 100;  // items in one webhook payload ("count" has them all)

using Targets = std::map<std::string, std::set<std::size_t>>;

struct Recipients {
    Targets users;  // user id -> items
    Targets mails;  // address -> items
    Targets hooks;  // webhook id -> items
};

bool Matches(const Rule& rule, const Item& item, TimePoint now) {
    if (rule.min_severity && item.severity_rank >= 0 &&
        item.severity_rank < SeverityRank(*rule.min_severity).value_or(0)) {
        return false;
    }
    if (rule.days_before && item.expires && *item.expires > now + std::chrono::hours(24) * *rule.days_before) {
        return false;
    }
    return true;
}

bool Contains(const std::vector<std::string>& list, const std::string& value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

void Add(Targets& targets, const std::string& key, const std::vector<std::size_t>& items) {
    targets[key].insert(items.begin(), items.end());
}

Recipients Resolve(const std::vector<Rule>& rules, const std::vector<store::MemberContact>& members,
                   const DispatchInput& in, TimePoint now) {
    Recipients r;
    for (const Rule& rule : rules) {
        std::vector<std::size_t> matched;
        for (std::size_t i = 0; i < in.items.size(); ++i) {
            if (Matches(rule, in.items[i], now)) matched.push_back(i);
        }
        if (matched.empty()) continue;
        if (const auto& app = rule.channels.in_app) {
            for (const auto& m : members) {
                const bool to = app->to == "all" || (app->to == "roles" && Contains(app->roles, m.role)) ||
                                (app->to == "creator" && !in.creator.empty() && m.user_id == in.creator);
                if (to) Add(r.users, m.user_id, matched);
            }
        }
        if (const auto& mail = rule.channels.email) {
            for (const auto& address : mail->addresses) {
                if (auto normal = identity::NormalizeEmail(address)) Add(r.mails, *normal, matched);
            }
            for (const auto& m : members) {
                if (m.email_verified && Contains(mail->roles, m.role)) Add(r.mails, m.email, matched);
            }
        }
        for (const auto& id : rule.channels.webhook_ids) Add(r.hooks, id, matched);
    }
    return r;
}

// Drops from every target the items that were notified before (their mark exists).
void ApplyMarks(store::Tx& tx, const DispatchInput& in, const std::string& now, Recipients& r) {
    std::set<std::size_t> wanted;
    for (const Targets* t : {&r.users, &r.mails, &r.hooks}) {
        for (const auto& [key, items] : *t) wanted.insert(items.begin(), items.end());
    }
    std::set<std::size_t> fresh;
    for (std::size_t i : wanted) {
        if (store::notification_marks::Add(tx, in.org_id, in.items[i].mark_key, now)) fresh.insert(i);
    }
    for (Targets* t : {&r.users, &r.mails, &r.hooks}) {
        for (auto it = t->begin(); it != t->end();) {
            std::set<std::size_t> kept;
            std::set_intersection(it->second.begin(), it->second.end(), fresh.begin(), fresh.end(),
                                  std::inserter(kept, kept.begin()));
            if (kept.empty()) {
                it = t->erase(it);
            } else {
                it->second = std::move(kept);
                ++it;
            }
        }
    }
}

std::string DigestTitle(const DispatchInput& in, std::size_t n) {
    std::string title = in.digest_title;
    const auto at = title.find("{n}");
    if (at != std::string::npos) title.replace(at, 3, std::to_string(n));
    return title;
}

std::string Lines(const DispatchInput& in, const std::set<std::size_t>& items, std::size_t max_lines,
                  const std::string& base_url) {
    std::string out;
    std::size_t shown = 0;
    for (std::size_t i : items) {
        if (shown++ == max_lines) {
            out += "... and " + std::to_string(items.size() - max_lines) + " more\n";
            break;
        }
        out += "- " + in.items[i].line + "\n";
        if (!base_url.empty()) out += "  " + base_url + in.items[i].link + "\n";
    }
    return out;
}

void CreateInApp(store::Tx& tx, const NotificationDeps& deps, const DispatchInput& in, const std::string& user_id,
                 const std::set<std::size_t>& items, const std::string& now, DispatchResult& out) {
    auto make = [&](const std::string& priority, std::string title, std::string body, std::string link) {
        store::NotificationRecord n;
        n.id = NewId(deps.clock.Now());
        n.org_id = in.org_id;
        n.user_id = user_id;
        n.kind = in.event;
        n.priority = priority;
        n.title = Clip(title, 200);
        n.body = Clip(body, 2000);
        n.link = std::move(link);
        n.created_at = now;
        store::inbox::Insert(tx, n);
        out.created.push_back(std::move(n));
    };
    if (items.size() <= kMaxSeparate) {
        for (std::size_t i : items) make(in.items[i].priority, in.items[i].title, in.items[i].body, in.items[i].link);
        return;
    }
    int priority = 0;
    for (std::size_t i : items) priority = std::max(priority, PriorityRank(in.items[i].priority));
    make(std::string(PriorityName(priority)), DigestTitle(in, items.size()), Lines(in, items, kDigestLines, ""),
         in.digest_link);
}

void QueueMail(store::Tx& tx, const NotificationDeps& deps, const DispatchInput& in, const std::string& address,
               const std::set<std::size_t>& items, const std::string& now) {
    const bool single = items.size() == 1;
    const std::string title = single ? in.items[*items.begin()].title : DigestTitle(in, items.size());
    std::string body = title + "\n\n" + Lines(in, items, kMaxMailLines, deps.public_url);
    if (!single) body += "\nOpen Palisade: " + deps.public_url + in.digest_link + "\n";
    body +=
        "\n--\nYou receive this mail because of a notification rule of your organisation in Palisade. "
        "An administrator can change the rules under Settings > Notifications.\n";
    store::OutboxRecord m;
    m.id = NewId(deps.clock.Now());
    m.org_id = in.org_id;
    m.to_address = address;
    m.subject = "[Palisade] " + Clip(title, 150);
    m.body = std::move(body);
    m.created_at = now;
    store::outbox::Insert(tx, m);
}

std::string WebhookData(const DispatchInput& in, const std::set<std::size_t>& items) {
    if (in.single_data) return json::serialize(in.items[*items.begin()].data);
    json::object data = in.data_base;
    json::array list;
    for (std::size_t i : items) {
        if (list.size() == kMaxWebhookItems) break;
        list.push_back(in.items[i].data);
    }
    data["findings"] = std::move(list);
    data["count"] = items.size();
    data["truncated"] = items.size() > kMaxWebhookItems;
    return json::serialize(data);
}

}  // namespace

void DispatchResult::Merge(DispatchResult other) {
    for (auto& n : other.created) created.push_back(std::move(n));
    for (auto& d : other.deliveries) deliveries.push_back(std::move(d));
    mail_queued = mail_queued || other.mail_queued;
}

DispatchResult Dispatch(store::Tx& tx, const NotificationDeps& deps, const DispatchInput& in) {
    DispatchResult out;
    if (in.items.empty()) return out;
    const TimePoint now_point = deps.clock.Now();
    const std::string now = FormatTime(now_point);
    std::vector<Rule> rules;
    if (store::notification_rules::Count(tx, in.org_id) == 0) {
        rules = DefaultRules(in.event);
    } else {
        for (const auto& r : store::notification_rules::ListEnabled(tx, in.org_id, in.event)) {
            rules.push_back(RuleFromRecord(r));
        }
    }
    if (rules.empty()) return out;
    const auto members = store::notification_sources::ActiveMembers(tx, in.org_id);
    Recipients r = Resolve(rules, members, in, now_point);
    ApplyMarks(tx, in, now, r);

    for (const auto& [user_id, items] : r.users) CreateInApp(tx, deps, in, user_id, items, now, out);
    for (const auto& [address, items] : r.mails) {
        QueueMail(tx, deps, in, address, items, now);
        out.mail_queued = true;
    }
    std::map<std::string, std::string> event_by_data;  // webhooks given the same items share one event
    for (const auto& [webhook_id, items] : r.hooks) {
        auto webhook = store::webhooks::Find(tx, in.org_id, webhook_id);
        if (!webhook || !webhook->enabled) continue;
        const std::string data = WebhookData(in, items);
        auto [it, inserted] = event_by_data.emplace(data, std::string());
        if (inserted) {
            store::NotificationEventRecord e{NewId(now_point), in.org_id, in.event, data, now};
            store::notification_events::Insert(tx, e);
            it->second = e.id;
        }
        out.deliveries.push_back({in.org_id, webhook_id, it->second});
    }
    return out;
}

void Publish(const NotificationDeps& deps, const DispatchResult& result) {
    if (deps.push) {
        for (const auto& n : result.created) {
            try {
                deps.push(n.org_id, n.user_id, "notification", json::serialize(ToJson(n)));
            } catch (const std::exception& e) {
                log::Warn("notification push failed", {{"error", e.what()}});
            }
        }
    }
    if (result.mail_queued && deps.mail_queued) deps.mail_queued();
    bool enqueued = false;
    for (const auto& d : result.deliveries) {
        jobs::JobSpec spec;
        spec.kind = kWebhookJobKind;
        spec.org_id = d.org_id;
        spec.payload_json = WebhookJobPayload(d.webhook_id, d.event_id);
        spec.max_attempts = kWebhookMaxAttempts;
        spec.dedup_key = "webhook:" + d.webhook_id + ":" + d.event_id;
        auto job = deps.queue.Enqueue(spec);
        if (!job) {
            // The event row stays; the delivery is lost for this webhook (logged for the operator).
            log::Warn("webhook delivery not queued",
                      {{"webhook_id", d.webhook_id}, {"event_id", d.event_id}, {"error", job.error().message}});
            continue;
        }
        enqueued = true;
    }
    if (enqueued && deps.jobs_queued) deps.jobs_queued();
}

std::string Clip(std::string_view text, std::size_t max_chars) {
    std::string s = SanitizeUtf8(text);
    if (Utf8Length(s) <= max_chars) return s;
    std::size_t chars = 0;
    std::size_t i = 0;
    while (i < s.size() && chars < max_chars - 1) {
        const auto c = static_cast<unsigned char>(s[i]);
        i += c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
        ++chars;
    }
    return s.substr(0, std::min(i, s.size())) + "\u2026";
}

}  // namespace palisade::notifications

// SPDX-License-Identifier: Apache-2.0
#include "notifications/notification_json.hpp"

#include <boost/json.hpp>

#include "core/strings.hpp"

namespace palisade::notifications {

namespace json = boost::json;

namespace {

json::value OptionalText(const std::optional<std::string>& v) { return v ? json::value(*v) : json::value(nullptr); }

json::array Strings(const std::vector<std::string>& items) {
    json::array out;
    for (const auto& s : items) out.emplace_back(s);
    return out;
}

constexpr std::size_t kMaxArrayItems = 100;

// Reads an array of strings at `field`; problems go to `issues`.
std::vector<std::string> ReadStrings(const json::value& v, const std::string& field, std::size_t max_chars,
                                     std::vector<FieldIssue>& issues) {
    std::vector<std::string> out;
    if (v.is_null()) return out;
    if (!v.is_array()) {
        issues.push_back({field, "must be an array of strings"});
        return out;
    }
    const auto& array = v.as_array();
    if (array.size() > kMaxArrayItems) {
        issues.push_back({field, "must have at most " + std::to_string(kMaxArrayItems) + " entries"});
        return out;
    }
    for (std::size_t i = 0; i < array.size(); ++i) {
        const std::string item_field = field + "[" + std::to_string(i) + "]";
        if (!array[i].is_string()) {
            issues.push_back({item_field, "must be a string"});
            continue;
        }
        std::string s(array[i].as_string());
        if (!IsValidUtf8(s)) {
            issues.push_back({item_field, "must be valid UTF-8 text"});
        } else if (Utf8Length(s) > max_chars) {
            issues.push_back({item_field, "must be at most " + std::to_string(max_chars) + " characters"});
        } else {
            out.push_back(std::move(s));
        }
    }
    return out;
}

// Records "is not a known field" for members of `object` outside `allowed`.
void CheckMembers(const json::object& object, const std::string& prefix,
                  std::initializer_list<std::string_view> allowed, std::vector<FieldIssue>& issues) {
    for (const auto& member : object) {
        bool known = false;
        for (auto a : allowed) known = known || member.key() == a;
        if (!known) issues.push_back({prefix + "." + std::string(member.key()), "is not a known field"});
    }
}

const json::value& Member(const json::object& object, std::string_view key) {
    static const json::value kNull;
    const auto* v = object.if_contains(key);
    return v ? *v : kNull;
}

std::optional<InAppChannel> ReadInApp(const json::value& v, std::vector<FieldIssue>& issues) {
    if (v.is_null()) return std::nullopt;
    if (!v.is_object()) {
        issues.push_back({"channels.in_app", "must be an object or null"});
        return std::nullopt;
    }
    const auto& o = v.as_object();
    CheckMembers(o, "channels.in_app", {"to", "roles"}, issues);
    InAppChannel c;
    const json::value& to = Member(o, "to");
    if (to.is_string()) {
        c.to = std::string(to.as_string());
    } else if (!to.is_null()) {
        issues.push_back({"channels.in_app.to", "must be a string"});
    }
    c.roles = ReadStrings(Member(o, "roles"), "channels.in_app.roles", 32, issues);
    return c;
}

std::optional<EmailChannel> ReadEmail(const json::value& v, std::vector<FieldIssue>& issues) {
    if (v.is_null()) return std::nullopt;
    if (!v.is_object()) {
        issues.push_back({"channels.email", "must be an object or null"});
        return std::nullopt;
    }
    const auto& o = v.as_object();
    CheckMembers(o, "channels.email", {"addresses", "roles"}, issues);
    EmailChannel c;
    c.addresses = ReadStrings(Member(o, "addresses"), "channels.email.addresses", 254, issues);
    for (auto& a : c.addresses) a = ToLower(Trim(a));
    c.roles = ReadStrings(Member(o, "roles"), "channels.email.roles", 32, issues);
    return c;
}

}  // namespace

json::object ToJson(const store::NotificationRecord& n) {
    return json::object{{"id", n.id},
                        {"kind", n.kind},
                        {"priority", n.priority},
                        {"title", n.title},
                        {"body", n.body},
                        {"link", n.link},
                        {"read", n.read_at.has_value()},
                        {"read_at", OptionalText(n.read_at)},
                        {"created_at", n.created_at}};
}

json::object ToJson(const Rule& rule) {
    return json::object{{"id", rule.id},
                        {"name", rule.name},
                        {"event", rule.event},
                        {"enabled", rule.enabled},
                        {"min_severity", OptionalText(rule.min_severity)},
                        {"days_before", rule.days_before ? json::value(*rule.days_before) : json::value(nullptr)},
                        {"channels", ChannelsToJson(rule.channels)},
                        {"created_by", OptionalText(rule.created_by)},
                        {"created_at", rule.created_at},
                        {"updated_at", rule.updated_at}};
}

json::object ToJson(const store::WebhookRecord& w) {
    return json::object{{"id", w.id},
                        {"name", w.name},
                        {"url", w.url},
                        {"enabled", w.enabled},
                        {"allow_private", w.allow_private},
                        {"secret_hint", w.secret_hint},
                        {"created_by", OptionalText(w.created_by)},
                        {"created_at", w.created_at},
                        {"updated_at", w.updated_at}};
}

json::object ToJson(const store::WebhookDeliveryRecord& d) {
    return json::object{{"id", d.id},
                        {"webhook_id", d.webhook_id},
                        {"delivery_id", d.delivery_id},
                        {"event_id", d.event_id},
                        {"event", d.event},
                        {"attempt", d.attempt},
                        {"outcome", d.outcome},
                        {"status_code", d.status_code},
                        {"duration_ms", d.duration_ms},
                        {"error", d.error},
                        {"at", d.at}};
}

json::object ChannelsToJson(const Channels& c) {
    json::object out;
    if (c.in_app) {
        out["in_app"] = json::object{{"to", c.in_app->to}, {"roles", Strings(c.in_app->roles)}};
    } else {
        out["in_app"] = nullptr;
    }
    if (c.email) {
        out["email"] = json::object{{"addresses", Strings(c.email->addresses)}, {"roles", Strings(c.email->roles)}};
    } else {
        out["email"] = nullptr;
    }
    out["webhook_ids"] = Strings(c.webhook_ids);
    return out;
}

Channels ParseChannels(const json::value& value, std::vector<FieldIssue>& issues) {
    Channels c;
    if (!value.is_object()) {
        issues.push_back({"channels", "must be an object"});
        return c;
    }
    const auto& o = value.as_object();
    CheckMembers(o, "channels", {"in_app", "email", "webhook_ids"}, issues);
    c.in_app = ReadInApp(Member(o, "in_app"), issues);
    c.email = ReadEmail(Member(o, "email"), issues);
    c.webhook_ids = ReadStrings(Member(o, "webhook_ids"), "channels.webhook_ids", 64, issues);
    return c;
}

Rule RuleFromRecord(const store::NotificationRuleRecord& r) {
    Rule rule;
    rule.id = r.id;
    rule.org_id = r.org_id;
    rule.name = r.name;
    rule.event = r.event;
    rule.enabled = r.enabled;
    rule.min_severity = r.min_severity;
    rule.days_before = r.days_before;
    boost::system::error_code ec;
    const json::value v = json::parse(r.channels, ec);
    std::vector<FieldIssue> ignored;
    if (!ec) rule.channels = ParseChannels(v, ignored);
    rule.created_by = r.created_by;
    rule.created_at = r.created_at;
    rule.updated_at = r.updated_at;
    return rule;
}

store::NotificationRuleRecord RuleToRecord(const Rule& rule) {
    store::NotificationRuleRecord r;
    r.id = rule.id;
    r.org_id = rule.org_id;
    r.name = rule.name;
    r.event = rule.event;
    r.enabled = rule.enabled;
    r.min_severity = rule.min_severity;
    r.days_before = rule.days_before;
    r.channels = json::serialize(ChannelsToJson(rule.channels));
    r.created_by = rule.created_by;
    r.created_at = rule.created_at;
    r.updated_at = rule.updated_at;
    return r;
}

}  // namespace palisade::notifications

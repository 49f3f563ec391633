// SPDX-License-Identifier: Apache-2.0
#include "notifications/notification_types.hpp"

#include <sodium.h>

#include <algorithm>
#include <mutex>

#include "auth/permissions.hpp"
#include "core/strings.hpp"
#include "identity/common.hpp"

namespace palisade::notifications {

const std::vector<std::string>& RuleEvents() {
    static const std::vector<std::string> kEvents{std::string(kFindingNew), std::string(kScanFinished),
                                                  std::string(kScanFailed), std::string(kSlaBreached),
                                                  std::string(kRiskExpiring)};
    return kEvents;
}

bool IsRuleEvent(std::string_view event) {
    const auto& events = RuleEvents();
    return std::find(events.begin(), events.end(), event) != events.end();
}

std::optional<int> SeverityRank(std::string_view severity) {
    if (severity == "info") return 0;
    if (severity == "low") return 1;
    if (severity == "medium") return 2;
    if (severity == "high") return 3;
    if (severity == "critical") return 4;
    return std::nullopt;
}

std::string PriorityForSeverity(int severity_rank) {
    if (severity_rank >= 4) return "urgent";
    if (severity_rank == 3) return "high";
    if (severity_rank == 2) return "normal";
    return "low";
}

int PriorityRank(std::string_view priority) {
    if (priority == "low") return 0;
    if (priority == "high") return 2;
    if (priority == "urgent") return 3;
    return 1;
}

std::string_view PriorityName(int rank) {
    static constexpr std::string_view kNames[] = {"low", "normal", "high", "urgent"};
    return kNames[std::clamp(rank, 0, 3)];
}

namespace {

bool IsScanEvent(std::string_view event) { return event == kScanFinished || event == kScanFailed; }

void CheckRoles(const std::vector<std::string>& roles, const std::string& field, std::vector<FieldIssue>& issues) {
    for (std::size_t i = 0; i < roles.size(); ++i) {
        if (!auth::ParseRole(roles[i])) {
            issues.push_back(
                {field + "[" + std::to_string(i) + "]", "must be one of admin, analyst, operator, viewer"});
        }
    }
}

void CheckChannels(const Rule& rule, std::vector<FieldIssue>& issues) {
    const Channels& c = rule.channels;
    if (!c.in_app && !c.email && c.webhook_ids.empty()) {
        issues.push_back({"channels", "needs at least one of in_app, email, webhook_ids"});
    }
    if (c.in_app) {
        const std::string& to = c.in_app->to;
        if (to != "all" && to != "roles" && to != "creator") {
            issues.push_back({"channels.in_app.to", "must be all, roles or creator"});
        } else if (to == "roles" && c.in_app->roles.empty()) {
            issues.push_back({"channels.in_app.roles", "must name at least one role when to is roles"});
        } else if (to != "roles" && !c.in_app->roles.empty()) {
            issues.push_back({"channels.in_app.roles", "only applies when to is roles"});
        } else if (to == "creator" && !IsScanEvent(rule.event)) {
            issues.push_back({"channels.in_app.to", "creator only applies to scan.finished and scan.failed"});
        }
        CheckRoles(c.in_app->roles, "channels.in_app.roles", issues);
    }
    if (c.email) {
        if (c.email->addresses.empty() && c.email->roles.empty()) {
            issues.push_back({"channels.email", "needs addresses or roles"});
        }
        if (c.email->addresses.size() > kMaxRuleAddresses) {
            issues.push_back(
                {"channels.email.addresses", "must have at most " + std::to_string(kMaxRuleAddresses) + " entries"});
        }
        for (std::size_t i = 0; i < c.email->addresses.size(); ++i) {
            if (!identity::NormalizeEmail(c.email->addresses[i])) {
                issues.push_back(
                    {"channels.email.addresses[" + std::to_string(i) + "]", "must be a valid e-mail address"});
            }
        }
        CheckRoles(c.email->roles, "channels.email.roles", issues);
    }
    if (c.webhook_ids.size() > kMaxRuleWebhooks) {
        issues.push_back(
            {"channels.webhook_ids", "must have at most " + std::to_string(kMaxRuleWebhooks) + " entries"});
    }
}

}  // namespace

void ValidateRule(const Rule& rule, std::vector<FieldIssue>& issues) {
    if (!IsValidUtf8(rule.name) || Utf8Length(rule.name) > kMaxRuleNameChars) {
        issues.push_back({"name", "must be at most " + std::to_string(kMaxRuleNameChars) + " characters"});
    }
    if (!IsRuleEvent(rule.event)) {
        issues.push_back(
            {"event", "must be one of finding.new, scan.finished, scan.failed, sla.breached, risk.expiring"});
        return;
    }
    if (rule.min_severity) {
        if (rule.event != kFindingNew && rule.event != kSlaBreached) {
            issues.push_back({"min_severity", "only applies to finding.new and sla.breached"});
        } else if (!SeverityRank(*rule.min_severity)) {
            issues.push_back({"min_severity", "must be one of info, low, medium, high, critical"});
        }
    }
    if (rule.event == kRiskExpiring) {
        if (!rule.days_before) {
            issues.push_back({"days_before", "is required for risk.expiring"});
        } else if (*rule.days_before < 1 || *rule.days_before > kMaxDaysBefore) {
            issues.push_back({"days_before", "must be an integer between 1 and " + std::to_string(kMaxDaysBefore)});
        }
    } else if (rule.days_before) {
        issues.push_back({"days_before", "only applies to risk.expiring"});
    }
    CheckChannels(rule, issues);
}

std::vector<Rule> DefaultRules(std::string_view event) {
    Rule r;
    r.event = std::string(event);
    r.name = "default";
    if (IsScanEvent(event)) {
        r.channels.in_app = InAppChannel{"creator", {}};
    } else if (event == kFindingNew) {
        r.min_severity = "high";
        r.channels.in_app = InAppChannel{"roles", {"admin", "analyst"}};
    } else if (event == kSlaBreached) {
        r.channels.in_app = InAppChannel{"roles", {"admin", "analyst"}};
    } else if (event == kRiskExpiring) {
        r.days_before = 7;
        r.channels.in_app = InAppChannel{"roles", {"admin", "analyst"}};
    } else {
        return {};
    }
    return {r};
}

std::string NewId(TimePoint now) {
    static std::mutex mu;
    static std::uint64_t last_ms = 0;
    static std::uint32_t counter = 0;
    auto ms = static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count());
    std::uint32_t seq = 0;
    {
        std::lock_guard<std::mutex> lock(mu);
        if (ms <= last_ms) {
            ms = last_ms;
            if (++counter > 0xFFF) {
                ++ms;
                counter = 0;
            }
        } else {
            counter = 0;
        }
        last_ms = ms;
        seq = counter;
    }
    unsigned char b[16];
    randombytes_buf(b, sizeof b);
    for (int i = 0; i < 6; ++i) b[i] = static_cast<unsigned char>(ms >> (8 * (5 - i)));
    b[6] = static_cast<unsigned char>(0x70 | ((seq >> 8) & 0x0F));  // version 7, counter high bits
    b[7] = static_cast<unsigned char>(seq & 0xFF);
    b[8] = static_cast<unsigned char>(0x80 | (b[8] & 0x3F));  // variant 10
    const std::string hex = HexEncode(std::string_view(reinterpret_cast<const char*>(b), sizeof b));
    return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" +
           hex.substr(20);
}

}  // namespace palisade::notifications

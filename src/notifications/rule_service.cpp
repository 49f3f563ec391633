// SPDX-License-Identifier: Apache-2.0
#include "notifications/rule_service.hpp"

#include <algorithm>

#include "core/time.hpp"
#include "notifications/notification_json.hpp"
#include "notifications/service_support.hpp"
#include "store/notifications/notification_repository.hpp"
#include "store/notifications/webhook_repository.hpp"
#include "store/store.hpp"

namespace palisade::notifications {

namespace {

// Validates `rule` (webhook ids against the organisation's webhooks too); fails naming the first field.
Status Check(store::Tx& tx, Rule& rule, std::vector<FieldIssue>& issues) {
    auto& ids = rule.channels.webhook_ids;
    std::vector<std::string> unique;
    for (const auto& id : ids) {
        if (std::find(unique.begin(), unique.end(), id) == unique.end()) unique.push_back(id);
    }
    ids = std::move(unique);
    ValidateRule(rule, issues);
    for (std::size_t i = 0; i < ids.size() && i < kMaxRuleWebhooks; ++i) {
        if (!store::webhooks::Find(tx, rule.org_id, ids[i])) {
            issues.push_back({"channels.webhook_ids[" + std::to_string(i) + "]", "no such webhook"});
        }
    }
    if (issues.empty()) return Ok();
    return FailField(issues.front().field, issues.front().message);
}

std::string Describe(const Rule& rule) {
    std::string s = rule.event + (rule.enabled ? "" : " (disabled)");
    if (rule.channels.in_app) s += ", in-app to " + rule.channels.in_app->to;
    if (rule.channels.email) {
        s += ", e-mail to " + std::to_string(rule.channels.email->addresses.size()) + " address(es)";
        if (!rule.channels.email->roles.empty()) s += " and roles";
    }
    if (!rule.channels.webhook_ids.empty())
        s += ", " + std::to_string(rule.channels.webhook_ids.size()) + " webhook(s)";
    return s;
}

}  // namespace

Result<RulePage> RuleService::List(const std::string& cursor, int limit, const identity::RequestContext& ctx) const {
    auto p = RequirePrincipal(ctx);
    if (!p) return tl::unexpected<Error>(p.error());
    const int n = ClampLimit(limit);
    return deps_.store.Read([&](store::Tx& tx) -> Result<RulePage> {
        RulePage page;
        for (const auto& r : store::notification_rules::List(tx, p->org_id, cursor, n + 1)) {
            page.items.push_back(RuleFromRecord(r));
        }
        if (static_cast<int>(page.items.size()) > n) {
            page.items.resize(static_cast<std::size_t>(n));
            page.next_cursor = page.items.back().id;
        }
        page.defaults_in_effect = store::notification_rules::Count(tx, p->org_id) == 0;
        return page;
    });
}

Result<Rule> RuleService::Get(const std::string& id, const identity::RequestContext& ctx) const {
    auto p = RequirePrincipal(ctx);
    if (!p) return tl::unexpected<Error>(p.error());
    return deps_.store.Read([&](store::Tx& tx) -> Result<Rule> {
        auto r = store::notification_rules::Find(tx, p->org_id, id);
        if (!r) return Fail(ErrorCode::kNotFound, "notification rule not found");
        return RuleFromRecord(*r);
    });
}

Result<Rule> RuleService::Create(const Rule& input, const identity::RequestContext& ctx,
                                 std::vector<FieldIssue>& issues) {
    auto p = RequirePrincipal(ctx);
    if (!p) return tl::unexpected<Error>(p.error());
    return deps_.store.Write([&](store::Tx& tx) -> Result<Rule> {
        Rule rule = input;
        rule.id = NewId(deps_.clock.Now());
        rule.org_id = p->org_id;
        rule.created_by = p->user_id;
        rule.created_at = rule.updated_at = FormatTime(deps_.clock.Now());
        if (auto ok = Check(tx, rule, issues); !ok) return tl::unexpected<Error>(ok.error());
        if (store::notification_rules::Count(tx, p->org_id) >= kMaxRulesPerOrg) {
            return Fail(ErrorCode::kConflict,
                        "an organisation has at most " + std::to_string(kMaxRulesPerOrg) + " notification rules");
        }
        store::notification_rules::Insert(tx, RuleToRecord(rule));
        AddAudit(tx, deps_.clock, ctx, "notification_rules.create", "notification_rule", rule.id, Describe(rule));
        return rule;
    });
}

Result<Rule> RuleService::Update(const std::string& id, const RulePatch& patch, const identity::RequestContext& ctx,
                                 std::vector<FieldIssue>& issues) {
    auto p = RequirePrincipal(ctx);
    if (!p) return tl::unexpected<Error>(p.error());
    return deps_.store.Write([&](store::Tx& tx) -> Result<Rule> {
        auto stored = store::notification_rules::Find(tx, p->org_id, id);
        if (!stored) return Fail(ErrorCode::kNotFound, "notification rule not found");
        Rule rule = RuleFromRecord(*stored);
        if (patch.name) rule.name = *patch.name;
        if (patch.event) rule.event = *patch.event;
        if (patch.enabled) rule.enabled = *patch.enabled;
        if (patch.min_severity) rule.min_severity = *patch.min_severity;
        if (patch.days_before) rule.days_before = *patch.days_before;
        if (patch.channels) rule.channels = *patch.channels;
        if (auto ok = Check(tx, rule, issues); !ok) return tl::unexpected<Error>(ok.error());
        rule.updated_at = FormatTime(deps_.clock.Now());
        store::notification_rules::Update(tx, RuleToRecord(rule));
        AddAudit(tx, deps_.clock, ctx, "notification_rules.update", "notification_rule", rule.id, Describe(rule));
        return rule;
    });
}

Status RuleService::Delete(const std::string& id, const identity::RequestContext& ctx) {
    auto p = RequirePrincipal(ctx);
    if (!p) return tl::unexpected<Error>(p.error());
    return deps_.store.Write([&](store::Tx& tx) -> Status {
        if (!store::notification_rules::Delete(tx, p->org_id, id)) {
            return Fail(ErrorCode::kNotFound, "notification rule not found");
        }
        AddAudit(tx, deps_.clock, ctx, "notification_rules.delete", "notification_rule", id, "");
        return Ok();
    });
}

}  // namespace palisade::notifications

// SPDX-License-Identifier: Apache-2.0
// RuleService: an organisation's notification rules (admin). Every lookup is scoped to ctx.principal->org_id:
// another organisation's rule is kNotFound. Changes are audited. Validation failures are kInvalidArgument naming
// the first field; `issues` receives every field at fault. Blocking (database); thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "identity/context.hpp"
#include "notifications/notification_types.hpp"

namespace palisade::notifications {

// A partial change: only the set members change. min_severity and days_before hold nullopt to clear them.
struct RulePatch {
    std::optional<std::string> name;
    std::optional<std::string> event;
    std::optional<bool> enabled;
    std::optional<std::optional<std::string>> min_severity;
    std::optional<std::optional<int>> days_before;
    std::optional<Channels> channels;
};

struct RulePage {
    std::vector<Rule> items;
    std::string next_cursor;
    bool defaults_in_effect = false;  // the organisation has no rules: DefaultRules() apply
};

class RuleService {
  public:
    explicit RuleService(NotificationDeps deps) : deps_(std::move(deps)) {}

    // In id (creation) order.
    Result<RulePage> List(const std::string& cursor, int limit, const identity::RequestContext& ctx) const;
    Result<Rule> Get(const std::string& id, const identity::RequestContext& ctx) const;
    // `rule`'s name, event, enabled, min_severity, days_before and channels are used (the rest is assigned).
    // kInvalidArgument (ValidateRule, and "channels.webhook_ids[i]" naming no webhook of the organisation);
    // kConflict beyond kMaxRulesPerOrg rules.
    Result<Rule> Create(const Rule& rule, const identity::RequestContext& ctx, std::vector<FieldIssue>& issues);
    // The patch applied to the stored rule, then validated as Create. kNotFound; kInvalidArgument.
    Result<Rule> Update(const std::string& id, const RulePatch& patch, const identity::RequestContext& ctx,
                        std::vector<FieldIssue>& issues);
    // kNotFound.
    Status Delete(const std::string& id, const identity::RequestContext& ctx);

  private:
    NotificationDeps deps_;
};

}  // namespace palisade::notifications

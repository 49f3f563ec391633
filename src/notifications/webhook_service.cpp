// SPDX-License-Identifier: Apache-2.0
#include "notifications/webhook_service.hpp"

#include <algorithm>

#include <boost/json.hpp>

#include "auth/secret_box.hpp"
#include "core/crypto.hpp"
#include "core/strings.hpp"
#include "core/time.hpp"
#include "notifications/notification_json.hpp"
#include "notifications/service_support.hpp"
#include "notifications/url_guard.hpp"
#include "notifications/webhook_delivery.hpp"
#include "store/notifications/notification_repository.hpp"
#include "store/notifications/webhook_repository.hpp"
#include "store/store.hpp"

namespace palisade::notifications {

namespace {

constexpr std::size_t kSecretHintChars = 10;  // "whsec_" and four characters of the secret

Status CheckName(const std::string& name) {
    if (Trim(name).empty()) return FailField("name", "is required");
    if (!IsValidUtf8(name) || Utf8Length(name) > kMaxWebhookNameChars) {
        return FailField("name", "must be at most " + std::to_string(kMaxWebhookNameChars) + " characters");
    }
    return Ok();
}

std::string Flag(bool b) { return b ? "true" : "false"; }

// Summary for the audit trail: the host (never the path or query, which may carry a token) and the flags.
std::string Describe(const store::WebhookRecord& w) {
    auto url = ParseWebhookUrl(w.url);
    return "host " + (url ? url->host : std::string("?")) + ", allow_private=" + Flag(w.allow_private) +
           ", enabled=" + Flag(w.enabled);
}

Result<store::WebhookRecord> FindWebhook(store::Tx& tx, const std::string& org_id, const std::string& id) {
    auto w = store::webhooks::Find(tx, org_id, id);
    if (!w) return Fail(ErrorCode::kNotFound, "webhook not found");
    return *w;
}

}  // namespace

Result<identity::Page<store::WebhookRecord>> WebhookService::List(const std::string& cursor, int limit,
                                                                  const identity::RequestContext& ctx) const {
    auto p = RequirePrincipal(ctx);
    if (!p) return tl::unexpected<Error>(p.error());
    const int n = ClampLimit(limit);
    return deps_.store.Read([&](store::Tx& tx) -> Result<identity::Page<store::WebhookRecord>> {
        identity::Page<store::WebhookRecord> page;
        page.items = store::webhooks::List(tx, p->org_id, cursor, n + 1);
        if (static_cast<int>(page.items.size()) > n) {
            page.items.resize(static_cast<std::size_t>(n));
            page.next_cursor = page.items.back().id;
        }
        return page;
    });
}

Result<store::WebhookRecord> WebhookService::Get(const std::string& id, const identity::RequestContext& ctx) const {
    auto p = RequirePrincipal(ctx);
    if (!p) return tl::unexpected<Error>(p.error());
    return deps_.store.Read([&](store::Tx& tx) { return FindWebhook(tx, p->org_id, id); });
}

Result<CreatedWebhook> WebhookService::Create(const WebhookInput& input, const identity::RequestContext& ctx) {
    auto p = RequirePrincipal(ctx);
    if (!p) return tl::unexpected<Error>(p.error());
    if (auto ok = CheckName(input.name); !ok) return tl::unexpected<Error>(ok.error());
    // Resolution happens outside the transaction: DNS can take seconds.
    if (auto checked = CheckWebhookUrl(input.url, input.allow_private, deps_.resolver); !checked) {
        return tl::unexpected<Error>(checked.error());
    }
    CreatedWebhook out;
    out.secret = RandomToken(32, "whsec_");
    store::WebhookRecord& w = out.webhook;
    w.id = NewId(deps_.clock.Now());
    w.org_id = p->org_id;
    w.name = std::string(Trim(input.name));
    w.url = input.url;
    w.secret_sealed = deps_.secrets.Seal(out.secret);
    w.secret_hint = out.secret.substr(0, kSecretHintChars);
    w.allow_private = input.allow_private;
    w.enabled = input.enabled;
    w.created_by = p->user_id;
    w.created_at = w.updated_at = FormatTime(deps_.clock.Now());
    auto saved = deps_.store.Write([&](store::Tx& tx) -> Status {
        if (store::webhooks::Count(tx, p->org_id) >= kMaxWebhooksPerOrg) {
            return Fail(ErrorCode::kConflict,
                        "an organisation has at most " + std::to_string(kMaxWebhooksPerOrg) + " webhooks");
        }
        store::webhooks::Insert(tx, w);
        AddAudit(tx, deps_.clock, ctx, "webhooks.create", "webhook", w.id, Describe(w));
        return Ok();
    });
    if (!saved) return tl::unexpected<Error>(saved.error());
    return out;
}

Result<store::WebhookRecord> WebhookService::Update(const std::string& id, const WebhookPatch& patch,
                                                    const identity::RequestContext& ctx) {
    auto p = RequirePrincipal(ctx);
    if (!p) return tl::unexpected<Error>(p.error());
    if (patch.name) {
        if (auto ok = CheckName(*patch.name); !ok) return tl::unexpected<Error>(ok.error());
    }
    auto current = Get(id, ctx);
    if (!current) return current;
    const std::string url = patch.url.value_or(current->url);
    const bool allow_private = patch.allow_private.value_or(current->allow_private);
    if (patch.url || patch.allow_private) {
        if (auto checked = CheckWebhookUrl(url, allow_private, deps_.resolver); !checked) {
            return tl::unexpected<Error>(checked.error());
        }
    }
    return deps_.store.Write([&](store::Tx& tx) -> Result<store::WebhookRecord> {
        auto w = FindWebhook(tx, p->org_id, id);
        if (!w) return w;
        std::string changes;
        auto note = [&](const std::string& what) { changes += (changes.empty() ? "" : "; ") + what; };
        if (patch.name && *patch.name != w->name) note("name changed");
        if (url != w->url) note("url changed");
        if (allow_private != w->allow_private)
            note("allow_private " + Flag(w->allow_private) + " -> " + Flag(allow_private));
        if (patch.enabled && *patch.enabled != w->enabled)
            note("enabled " + Flag(w->enabled) + " -> " + Flag(*patch.enabled));
        if (patch.name) w->name = std::string(Trim(*patch.name));
        w->url = url;
        w->allow_private = allow_private;
        if (patch.enabled) w->enabled = *patch.enabled;
        w->updated_at = FormatTime(deps_.clock.Now());
        store::webhooks::Update(tx, *w);
        AddAudit(tx, deps_.clock, ctx, "webhooks.update", "webhook", id,
                 (changes.empty() ? "no change" : changes) + " (" + Describe(*w) + ")");
        return w;
    });
}

Status WebhookService::Delete(const std::string& id, const identity::RequestContext& ctx) {
    auto p = RequirePrincipal(ctx);
    if (!p) return tl::unexpected<Error>(p.error());
    return deps_.store.Write([&](store::Tx& tx) -> Status {
        auto w = FindWebhook(tx, p->org_id, id);
        if (!w) return tl::unexpected<Error>(w.error());
        // Rules keep no dangling ids (rules per organisation are capped, so one page holds them all).
        for (const auto& record : store::notification_rules::List(tx, p->org_id, "", kMaxRulesPerOrg + 1)) {
            Rule rule = RuleFromRecord(record);
            auto& ids = rule.channels.webhook_ids;
            const auto end = std::remove(ids.begin(), ids.end(), id);
            if (end == ids.end()) continue;
            ids.erase(end, ids.end());
            rule.updated_at = FormatTime(deps_.clock.Now());
            store::notification_rules::Update(tx, RuleToRecord(rule));
        }
        store::webhooks::Delete(tx, p->org_id, id);
        AddAudit(tx, deps_.clock, ctx, "webhooks.delete", "webhook", id, Describe(*w));
        return Ok();
    });
}

Result<identity::Page<store::WebhookDeliveryRecord>> WebhookService::Deliveries(
    const std::string& id, const std::string& cursor, int limit, const identity::RequestContext& ctx) const {
    auto p = RequirePrincipal(ctx);
    if (!p) return tl::unexpected<Error>(p.error());
    const int n = ClampLimit(limit);
    return deps_.store.Read([&](store::Tx& tx) -> Result<identity::Page<store::WebhookDeliveryRecord>> {
        if (auto w = FindWebhook(tx, p->org_id, id); !w) return tl::unexpected<Error>(w.error());
        identity::Page<store::WebhookDeliveryRecord> page;
        page.items = store::webhook_deliveries::List(tx, p->org_id, id, cursor, n + 1);
        if (static_cast<int>(page.items.size()) > n) {
            page.items.resize(static_cast<std::size_t>(n));
            page.next_cursor = page.items.back().id;
        }
        return page;
    });
}

Result<store::WebhookDeliveryRecord> WebhookService::Test(const std::string& id, const identity::RequestContext& ctx) {
    auto p = RequirePrincipal(ctx);
    if (!p) return tl::unexpected<Error>(p.error());
    store::NotificationEventRecord event;
    event.id = NewId(deps_.clock.Now());
    event.org_id = p->org_id;
    event.event = std::string(kWebhookTest);
    event.data =
        boost::json::serialize(boost::json::object{{"webhook_id", id}, {"message", "A test delivery from Palisade."}});
    event.created_at = FormatTime(deps_.clock.Now());
    auto webhook = deps_.store.Write([&](store::Tx& tx) -> Result<store::WebhookRecord> {
        auto w = FindWebhook(tx, p->org_id, id);
        if (!w) return w;
        store::notification_events::Insert(tx, event);
        AddAudit(tx, deps_.clock, ctx, "webhooks.test", "webhook", id, Describe(*w));
        return w;
    });
    if (!webhook) return tl::unexpected<Error>(webhook.error());
    const WebhookJobDeps job{deps_.store, deps_.clock, deps_.secrets, deps_.webhook, deps_.resolver};
    auto attempt = AttemptDelivery(job, *webhook, event, NewId(deps_.clock.Now()), 1, true, nullptr);
    if (!attempt) return tl::unexpected<Error>(attempt.error());
    return attempt->log;
}

}  // namespace palisade::notifications

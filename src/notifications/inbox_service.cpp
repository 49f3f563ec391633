// SPDX-License-Identifier: Apache-2.0
#include "notifications/inbox_service.hpp"

#include <algorithm>

#include <boost/json.hpp>

#include "core/time.hpp"
#include "log/log.hpp"
#include "notifications/service_support.hpp"
#include "store/notifications/notification_repository.hpp"
#include "store/store.hpp"

namespace palisade::notifications {

Result<identity::Page<store::NotificationRecord>> InboxService::List(const InboxQuery& query,
                                                                     const identity::RequestContext& ctx) const {
    auto p = RequirePrincipal(ctx);
    if (!p) return tl::unexpected<Error>(p.error());
    if (query.kind && !IsRuleEvent(*query.kind)) {
        return FailField("kind", "must be one of finding.new, scan.finished, scan.failed, sla.breached, risk.expiring");
    }
    store::inbox::ListFilter filter;
    filter.org_id = p->org_id;
    filter.user_id = p->user_id;
    filter.unread_only = query.unread_only;
    filter.kind = query.kind;
    filter.before_id = query.cursor;
    const int n = ClampLimit(query.limit);
    filter.limit = n + 1;
    return deps_.store.Read([&](store::Tx& tx) -> Result<identity::Page<store::NotificationRecord>> {
        identity::Page<store::NotificationRecord> page;
        page.items = store::inbox::List(tx, filter);
        if (static_cast<int>(page.items.size()) > n) {
            page.items.resize(static_cast<std::size_t>(n));
            page.next_cursor = page.items.back().id;
        }
        return page;
    });
}

Result<long long> InboxService::UnreadCount(const identity::RequestContext& ctx) const {
    auto p = RequirePrincipal(ctx);
    if (!p) return tl::unexpected<Error>(p.error());
    return deps_.store.Read(
        [&](store::Tx& tx) -> Result<long long> { return store::inbox::CountUnread(tx, p->org_id, p->user_id); });
}

Result<store::NotificationRecord> InboxService::MarkRead(const std::string& id, const identity::RequestContext& ctx) {
    auto p = RequirePrincipal(ctx);
    if (!p) return tl::unexpected<Error>(p.error());
    bool changed = false;
    long long unread = 0;
    auto r = deps_.store.Write([&](store::Tx& tx) -> Result<store::NotificationRecord> {
        changed = store::inbox::MarkRead(tx, p->org_id, p->user_id, id, FormatTime(deps_.clock.Now()));
        auto n = store::inbox::Find(tx, p->org_id, p->user_id, id);
        if (!n) return Fail(ErrorCode::kNotFound, "notification not found");
        unread = store::inbox::CountUnread(tx, p->org_id, p->user_id);
        return *n;
    });
    if (r && changed) PushUnread(p->org_id, p->user_id, unread);
    return r;
}

Result<long long> InboxService::MarkAllRead(const identity::RequestContext& ctx) {
    auto p = RequirePrincipal(ctx);
    if (!p) return tl::unexpected<Error>(p.error());
    auto r = deps_.store.Write([&](store::Tx& tx) -> Result<long long> {
        return store::inbox::MarkAllRead(tx, p->org_id, p->user_id, FormatTime(deps_.clock.Now()));
    });
    if (r && *r > 0) PushUnread(p->org_id, p->user_id, 0);
    return r;
}

void InboxService::PushUnread(const std::string& org_id, const std::string& user_id, long long unread) const {
    if (!deps_.push) return;
    try {
        deps_.push(org_id, user_id, "unread_count", boost::json::serialize(boost::json::object{{"unread", unread}}));
    } catch (const std::exception& e) {
        log::Warn("notification push failed", {{"error", e.what()}});
    }
}

}  // namespace palisade::notifications

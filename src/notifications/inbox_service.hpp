// SPDX-License-Identifier: Apache-2.0
// InboxService: a user's own in-app notifications. Every call is scoped to ctx.principal's user and organisation:
// another user's notification, or one of another organisation, is kNotFound. Read changes are pushed live as
// "unread_count" after the commit. Blocking (database); thread-safe.
#pragma once

#include <optional>
#include <string>

#include "core/result.hpp"
#include "identity/context.hpp"
#include "notifications/notification_types.hpp"
#include "store/notifications/notification_records.hpp"

namespace palisade::notifications {

struct InboxQuery {
    bool unread_only = false;
    std::optional<std::string> kind;  // one of RuleEvents()
    std::string cursor;               // next_cursor of the previous page ("" = newest first)
    int limit = 50;                   // 1..200
};

class InboxService {
  public:
    explicit InboxService(NotificationDeps deps) : deps_(std::move(deps)) {}

    // Newest first. kInvalidArgument naming "kind" for an unknown kind; kUnauthenticated without a principal.
    Result<identity::Page<store::NotificationRecord>> List(const InboxQuery& query,
                                                           const identity::RequestContext& ctx) const;
    Result<long long> UnreadCount(const identity::RequestContext& ctx) const;
    // Marks one notification read (already read: unchanged) and returns it. kNotFound when it is not the caller's.
    Result<store::NotificationRecord> MarkRead(const std::string& id, const identity::RequestContext& ctx);
    // Marks every unread notification of the caller read; returns how many changed.
    Result<long long> MarkAllRead(const identity::RequestContext& ctx);

  private:
    void PushUnread(const std::string& org_id, const std::string& user_id, long long unread) const;

    NotificationDeps deps_;
};

}  // namespace palisade::notifications

// SPDX-License-Identifier: Apache-2.0
// In-app notifications, notification rules, marks and events, and the member and finding look-ups that choose
// recipients. Functions run inside Store::Read/Write; database failures throw and are turned into Result errors by
// the Store. Lookups by id are scoped to an organisation (and a user for notifications): another's row is simply
// not found. Values are always bound.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/notifications/notification_records.hpp"

namespace palisade::store {

class Tx;

namespace inbox {
void Insert(Tx& tx, const NotificationRecord& n);
std::optional<NotificationRecord> Find(Tx& tx, const std::string& org_id, const std::string& user_id,
                                       const std::string& id);

struct ListFilter {
    std::string org_id;  // required
    std::string user_id;  // required
    bool unread_only = false;
    std::optional<std::string> kind;
    std::string before_id;  // cursor: rows with a smaller id ("" = from the newest)
    int limit = 50;
};
// Newest first.
std::vector<NotificationRecord> List(Tx& tx, const ListFilter& filter);
long long CountUnread(Tx& tx, const std::string& org_id, const std::string& user_id);
// Sets read_at when unread; true when it changed.
bool MarkRead(Tx& tx, const std::string& org_id, const std::string& user_id, const std::string& id,
              const std::string& now);
// Returns how many changed.
long long MarkAllRead(Tx& tx, const std::string& org_id, const std::string& user_id, const std::string& now);
// Deletes read notifications created before `before`; returns how many.
long long PurgeRead(Tx& tx, const std::string& before);
}  // namespace inbox

namespace notification_rules {
void Insert(Tx& tx, const NotificationRuleRecord& r);
// Writes name, event, enabled, min_severity, days_before, channels and updated_at; false when no such row.
bool Update(Tx& tx, const NotificationRuleRecord& r);
std::optional<NotificationRuleRecord> Find(Tx& tx, const std::string& org_id, const std::string& id);
// In id order after `after_id` ("" = from the first).
std::vector<NotificationRuleRecord> List(Tx& tx, const std::string& org_id, const std::string& after_id, int limit);
// Enabled rules of the organisation for one event, in id order.
std::vector<NotificationRuleRecord> ListEnabled(Tx& tx, const std::string& org_id, const std::string& event);
long long Count(Tx& tx, const std::string& org_id);
bool Delete(Tx& tx, const std::string& org_id, const std::string& id);
}  // namespace notification_rules

namespace notification_marks {
// Records `key` for the organisation; false when it was recorded before (by anyone: the primary key decides).
bool Add(Tx& tx, const std::string& org_id, const std::string& key, const std::string& now);
long long Purge(Tx& tx, const std::string& before);
}  // namespace notification_marks

namespace notification_events {
void Insert(Tx& tx, const NotificationEventRecord& e);
std::optional<NotificationEventRecord> Find(Tx& tx, const std::string& org_id, const std::string& id);
long long Purge(Tx& tx, const std::string& before);
}  // namespace notification_events

namespace notification_sources {
// Active members (users.active) of the organisation, in user id order.
std::vector<MemberContact> ActiveMembers(Tx& tx, const std::string& org_id);
// A finding of any organisation (system sweeps hand over bare ids).
std::optional<FindingBrief> FindFinding(Tx& tx, const std::string& id);
// Accepted risks of any organisation whose accepted_until lies in (after, until].
std::vector<FindingBrief> ListAcceptedExpiring(Tx& tx, const std::string& after, const std::string& until);
}  // namespace notification_sources

}  // namespace palisade::store

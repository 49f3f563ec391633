// SPDX-License-Identifier: Apache-2.0
#include "store/notifications/notification_repository.hpp"

#include "store/tx.hpp"

namespace palisade::store {

namespace inbox {

namespace {
constexpr std::string_view kColumns =
    "id, org_id, user_id, kind, priority, title, body, link, read_at, created_at";

struct Row {
    NotificationRecord rec;
    OptText read_at;
    void Bind(Query& q) {
        q.Into(rec.id).Into(rec.org_id).Into(rec.user_id).Into(rec.kind).Into(rec.priority).Into(rec.title);
        q.Into(rec.body).Into(rec.link).Into(read_at.value, read_at.ind);
        q.Into(rec.created_at);
    }
    NotificationRecord Get() const {
        NotificationRecord out = rec;
        out.read_at = read_at.Get();
        return out;
    }
};
}  // namespace

void Insert(Tx& tx, const NotificationRecord& n) {
    Query(tx,
          "INSERT INTO notifications (id, org_id, user_id, kind, priority, title, body, link, read_at, created_at) "
          "VALUES (:id, :o, :u, :k, :p, :t, :b, :l, :r, :c)")
        .Use(n.id).Use(n.org_id).Use(n.user_id).Use(n.kind).Use(n.priority).Use(n.title).Use(n.body).Use(n.link)
        .Use(n.read_at).Use(n.created_at).Exec();
}

std::optional<NotificationRecord> Find(Tx& tx, const std::string& org_id, const std::string& user_id,
                                       const std::string& id) {
    Row row;
    Query q(tx, "SELECT " + std::string(kColumns) +
                    " FROM notifications WHERE org_id = :o AND user_id = :u AND id = :id");
    row.Bind(q);
    q.Use(org_id).Use(user_id).Use(id);
    if (!q.One()) return std::nullopt;
    return row.Get();
}

std::vector<NotificationRecord> List(Tx& tx, const ListFilter& filter) {
    // Fixed text: the optional filters are switched off by their flag parameters, not by building SQL.
    const int unread = filter.unread_only ? 1 : 0;
    const std::string kind = filter.kind.value_or("");
    std::vector<NotificationRecord> out;
    Row row;
    Query q(tx, "SELECT " + std::string(kColumns) +
                    " FROM notifications WHERE org_id = :o AND user_id = :u AND (:unread = 0 OR read_at IS NULL) "
                    "AND (:k = '' OR kind = :k2) AND (:b = '' OR id < :b2) ORDER BY id DESC LIMIT :l");
    row.Bind(q);
    q.Use(filter.org_id).Use(filter.user_id).Use(unread).Use(kind).Use(kind);
    q.Use(filter.before_id).Use(filter.before_id).Use(filter.limit);
    q.Each([&] { out.push_back(row.Get()); });
    return out;
}

long long CountUnread(Tx& tx, const std::string& org_id, const std::string& user_id) {
    long long n = 0;
    Query q(tx, "SELECT COUNT(*) FROM notifications WHERE org_id = :o AND user_id = :u AND read_at IS NULL");
    q.Into(n).Use(org_id).Use(user_id).One();
    return n;
}

bool MarkRead(Tx& tx, const std::string& org_id, const std::string& user_id, const std::string& id,
              const std::string& now) {
    return Query(tx,
                 "UPDATE notifications SET read_at = :n WHERE org_id = :o AND user_id = :u AND id = :id AND "
                 "read_at IS NULL")
               .Use(now).Use(org_id).Use(user_id).Use(id).Exec() == 1;
}

long long MarkAllRead(Tx& tx, const std::string& org_id, const std::string& user_id, const std::string& now) {
    return Query(tx, "UPDATE notifications SET read_at = :n WHERE org_id = :o AND user_id = :u AND read_at IS NULL")
        .Use(now).Use(org_id).Use(user_id).Exec();
}

long long PurgeRead(Tx& tx, const std::string& before) {
    return Query(tx, "DELETE FROM notifications WHERE read_at IS NOT NULL AND created_at < :b").Use(before).Exec();
}

}  // namespace inbox

namespace notification_rules {

namespace {
constexpr std::string_view kColumns =
    "id, org_id, name, event, enabled, min_severity, COALESCE(days_before, -1), channels, created_by, created_at, "
    "updated_at";

struct Row {
    NotificationRuleRecord rec;
    int enabled = 1;
    int days_before = -1;
    OptText min_severity, created_by;
    void Bind(Query& q) {
        q.Into(rec.id).Into(rec.org_id).Into(rec.name).Into(rec.event).Into(enabled);
        q.Into(min_severity.value, min_severity.ind).Into(days_before).Into(rec.channels);
        q.Into(created_by.value, created_by.ind).Into(rec.created_at).Into(rec.updated_at);
    }
    NotificationRuleRecord Get() const {
        NotificationRuleRecord out = rec;
        out.enabled = enabled != 0;
        out.min_severity = min_severity.Get();
        out.days_before = days_before < 0 ? std::nullopt : std::optional<int>(days_before);
        out.created_by = created_by.Get();
        return out;
    }
};

std::vector<NotificationRuleRecord> Fetch(Query& q, Row& row) {
    std::vector<NotificationRuleRecord> out;
    q.Each([&] { out.push_back(row.Get()); });
    return out;
}
}  // namespace

void Insert(Tx& tx, const NotificationRuleRecord& r) {
    const int days = r.days_before.value_or(-1);
    Query(tx,
          "INSERT INTO notification_rules (id, org_id, name, event, enabled, min_severity, days_before, channels, "
          "created_by, created_at, updated_at) VALUES (:id, :o, :n, :e, :en, :ms, NULLIF(:d, -1), :ch, :cb, :c, :u)")
        .Use(r.id).Use(r.org_id).Use(r.name).Use(r.event).Use(r.enabled).Use(r.min_severity).Use(days)
        .Use(r.channels).Use(r.created_by).Use(r.created_at).Use(r.updated_at).Exec();
}

bool Update(Tx& tx, const NotificationRuleRecord& r) {
    const int days = r.days_before.value_or(-1);
    return Query(tx,
                 "UPDATE notification_rules SET name = :n, event = :e, enabled = :en, min_severity = :ms, "
                 "days_before = NULLIF(:d, -1), channels = :ch, updated_at = :u WHERE org_id = :o AND id = :id")
               .Use(r.name).Use(r.event).Use(r.enabled).Use(r.min_severity).Use(days).Use(r.channels)
               .Use(r.updated_at).Use(r.org_id).Use(r.id).Exec() == 1;
}

std::optional<NotificationRuleRecord> Find(Tx& tx, const std::string& org_id, const std::string& id) {
    Row row;
    Query q(tx, "SELECT " + std::string(kColumns) + " FROM notification_rules WHERE org_id = :o AND id = :id");
    row.Bind(q);
    q.Use(org_id).Use(id);
    if (!q.One()) return std::nullopt;
    return row.Get();
}

std::vector<NotificationRuleRecord> List(Tx& tx, const std::string& org_id, const std::string& after_id, int limit) {
    Row row;
    Query q(tx, "SELECT " + std::string(kColumns) +
                    " FROM notification_rules WHERE org_id = :o AND id > :a ORDER BY id LIMIT :l");
    row.Bind(q);
    q.Use(org_id).Use(after_id).Use(limit);
    return Fetch(q, row);
}

std::vector<NotificationRuleRecord> ListEnabled(Tx& tx, const std::string& org_id, const std::string& event) {
    Row row;
    Query q(tx, "SELECT " + std::string(kColumns) +
                    " FROM notification_rules WHERE org_id = :o AND event = :e AND enabled = 1 ORDER BY id");
    row.Bind(q);
    q.Use(org_id).Use(event);
    return Fetch(q, row);
}

long long Count(Tx& tx, const std::string& org_id) {
    long long n = 0;
    Query q(tx, "SELECT COUNT(*) FROM notification_rules WHERE org_id = :o");
    q.Into(n).Use(org_id).One();
    return n;
}

bool Delete(Tx& tx, const std::string& org_id, const std::string& id) {
    return Query(tx, "DELETE FROM notification_rules WHERE org_id = :o AND id = :id").Use(org_id).Use(id).Exec() == 1;
}

}  // namespace notification_rules

namespace notification_marks {

bool Add(Tx& tx, const std::string& org_id, const std::string& key, const std::string& now) {
    return Query(tx,
                 "INSERT INTO notification_marks (org_id, mark_key, created_at) VALUES (:o, :k, :c) "
                 "ON CONFLICT (org_id, mark_key) DO NOTHING")
               .Use(org_id).Use(key).Use(now).Exec() == 1;
}

long long Purge(Tx& tx, const std::string& before) {
    return Query(tx, "DELETE FROM notification_marks WHERE created_at < :b").Use(before).Exec();
}

}  // namespace notification_marks

namespace notification_events {

void Insert(Tx& tx, const NotificationEventRecord& e) {
    Query(tx, "INSERT INTO notification_events (id, org_id, event, data, created_at) VALUES (:id, :o, :e, :d, :c)")
        .Use(e.id).Use(e.org_id).Use(e.event).Use(e.data).Use(e.created_at).Exec();
}

std::optional<NotificationEventRecord> Find(Tx& tx, const std::string& org_id, const std::string& id) {
    NotificationEventRecord e;
    Query q(tx, "SELECT id, org_id, event, data, created_at FROM notification_events WHERE org_id = :o AND id = :id");
    q.Into(e.id).Into(e.org_id).Into(e.event).Into(e.data).Into(e.created_at).Use(org_id).Use(id);
    if (!q.One()) return std::nullopt;
    return e;
}

long long Purge(Tx& tx, const std::string& before) {
    return Query(tx, "DELETE FROM notification_events WHERE created_at < :b").Use(before).Exec();
}

}  // namespace notification_events

namespace notification_sources {

namespace {
constexpr std::string_view kFindingColumns =
    "id, org_id, check_id, title, severity, severity_rank, location, target, status, regression, sla_due_at, "
    "accepted_until";

struct FindingRow {
    FindingBrief rec;
    int regression = 0;
    OptText sla_due_at, accepted_until;
    void Bind(Query& q) {
        q.Into(rec.id).Into(rec.org_id).Into(rec.check_id).Into(rec.title).Into(rec.severity).Into(rec.severity_rank);
        q.Into(rec.location).Into(rec.target).Into(rec.status).Into(regression).Into(sla_due_at.value, sla_due_at.ind);
        q.Into(accepted_until.value, accepted_until.ind);
    }
    FindingBrief Get() const {
        FindingBrief out = rec;
        out.regression = regression != 0;
        out.sla_due_at = sla_due_at.Get();
        out.accepted_until = accepted_until.Get();
        return out;
    }
};
}  // namespace

std::vector<MemberContact> ActiveMembers(Tx& tx, const std::string& org_id) {
    std::vector<MemberContact> out;
    MemberContact m;
    int verified = 0;
    Query q(tx,
            "SELECT u.id, u.email, m.role, u.email_verified FROM memberships m JOIN users u ON u.id = m.user_id "
            "WHERE m.org_id = :o AND u.active = 1 ORDER BY u.id");
    q.Into(m.user_id).Into(m.email).Into(m.role).Into(verified).Use(org_id);
    q.Each([&] {
        m.email_verified = verified != 0;
        out.push_back(m);
    });
    return out;
}

std::optional<FindingBrief> FindFinding(Tx& tx, const std::string& id) {
    FindingRow row;
    Query q(tx, "SELECT " + std::string(kFindingColumns) + " FROM findings WHERE id = :id");
    row.Bind(q);
    q.Use(id);
    if (!q.One()) return std::nullopt;
    return row.Get();
}

std::vector<FindingBrief> ListAcceptedExpiring(Tx& tx, const std::string& after, const std::string& until) {
    std::vector<FindingBrief> out;
    FindingRow row;
    Query q(tx, "SELECT " + std::string(kFindingColumns) +
                    " FROM findings WHERE status = 'accepted_risk' AND accepted_until > :a AND accepted_until <= :u "
                    "ORDER BY org_id, accepted_until, id");
    row.Bind(q);
    q.Use(after).Use(until);
    q.Each([&] { out.push_back(row.Get()); });
    return out;
}

}  // namespace notification_sources

}  // namespace palisade::store

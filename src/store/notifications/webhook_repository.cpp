// SPDX-License-Identifier: Apache-2.0
#include "store/notifications/webhook_repository.hpp"

#include "store/tx.hpp"

namespace palisade::store {

namespace webhooks {

namespace {
constexpr std::string_view kColumns =
    "id, org_id, name, url, secret_sealed, secret_hint, allow_private, enabled, created_by, created_at, updated_at";

struct Row {
    WebhookRecord rec;
    int allow_private = 0;
    int enabled = 1;
    OptText created_by;
    void Bind(Query& q) {
        q.Into(rec.id).Into(rec.org_id).Into(rec.name).Into(rec.url).Into(rec.secret_sealed).Into(rec.secret_hint);
        q.Into(allow_private).Into(enabled).Into(created_by.value, created_by.ind).Into(rec.created_at);
        q.Into(rec.updated_at);
    }
    WebhookRecord Get() const {
        WebhookRecord out = rec;
        out.allow_private = allow_private != 0;
        out.enabled = enabled != 0;
        out.created_by = created_by.Get();
        return out;
    }
};
}  // namespace

void Insert(Tx& tx, const WebhookRecord& w) {
    Query(tx,
          "INSERT INTO webhooks (id, org_id, name, url, secret_sealed, secret_hint, allow_private, enabled, "
          "created_by, created_at, updated_at) VALUES (:id, :o, :n, :url, :s, :h, :ap, :en, :cb, :c, :u)")
        .Use(w.id).Use(w.org_id).Use(w.name).Use(w.url).Use(w.secret_sealed).Use(w.secret_hint).Use(w.allow_private)
        .Use(w.enabled).Use(w.created_by).Use(w.created_at).Use(w.updated_at).Exec();
}

bool Update(Tx& tx, const WebhookRecord& w) {
    return Query(tx,
                 "UPDATE webhooks SET name = :n, url = :url, allow_private = :ap, enabled = :en, updated_at = :u "
                 "WHERE org_id = :o AND id = :id")
               .Use(w.name).Use(w.url).Use(w.allow_private).Use(w.enabled).Use(w.updated_at).Use(w.org_id).Use(w.id)
               .Exec() == 1;
}

std::optional<WebhookRecord> Find(Tx& tx, const std::string& org_id, const std::string& id) {
    Row row;
    Query q(tx, "SELECT " + std::string(kColumns) + " FROM webhooks WHERE org_id = :o AND id = :id");
    row.Bind(q);
    q.Use(org_id).Use(id);
    if (!q.One()) return std::nullopt;
    return row.Get();
}

std::vector<WebhookRecord> List(Tx& tx, const std::string& org_id, const std::string& after_id, int limit) {
    std::vector<WebhookRecord> out;
    Row row;
    Query q(tx,
            "SELECT " + std::string(kColumns) + " FROM webhooks WHERE org_id = :o AND id > :a ORDER BY id LIMIT :l");
    row.Bind(q);
    q.Use(org_id).Use(after_id).Use(limit);
    q.Each([&] { out.push_back(row.Get()); });
    return out;
}

long long Count(Tx& tx, const std::string& org_id) {
    long long n = 0;
    Query q(tx, "SELECT COUNT(*) FROM webhooks WHERE org_id = :o");
    q.Into(n).Use(org_id).One();
    return n;
}

bool Delete(Tx& tx, const std::string& org_id, const std::string& id) {
    // The delivery log goes first: SQLite enforces the cascade only with foreign keys on, which the store sets,
    // but an explicit delete keeps this independent of that pragma.
    Query(tx, "DELETE FROM webhook_deliveries WHERE org_id = :o AND webhook_id = :id").Use(org_id).Use(id).Exec();
    return Query(tx, "DELETE FROM webhooks WHERE org_id = :o AND id = :id").Use(org_id).Use(id).Exec() == 1;
}

}  // namespace webhooks

namespace webhook_deliveries {

void Insert(Tx& tx, const WebhookDeliveryRecord& d) {
    const long long duration = d.duration_ms;
    Query(tx,
          "INSERT INTO webhook_deliveries (id, org_id, webhook_id, delivery_id, event_id, event, attempt, outcome, "
          "status_code, duration_ms, error, at) VALUES (:id, :o, :w, :d, :ei, :e, :a, :oc, :s, :ms, :err, :at)")
        .Use(d.id).Use(d.org_id).Use(d.webhook_id).Use(d.delivery_id).Use(d.event_id).Use(d.event).Use(d.attempt)
        .Use(d.outcome).Use(d.status_code).Use(duration).Use(d.error).Use(d.at).Exec();
}

std::vector<WebhookDeliveryRecord> List(Tx& tx, const std::string& org_id, const std::string& webhook_id,
                                        const std::string& before_id, int limit) {
    std::vector<WebhookDeliveryRecord> out;
    WebhookDeliveryRecord d;
    Query q(tx,
            "SELECT id, org_id, webhook_id, delivery_id, event_id, event, attempt, outcome, status_code, duration_ms, "
            "error, at FROM webhook_deliveries WHERE org_id = :o AND webhook_id = :w AND (:b = '' OR id < :b2) "
            "ORDER BY id DESC LIMIT :l");
    q.Into(d.id).Into(d.org_id).Into(d.webhook_id).Into(d.delivery_id).Into(d.event_id).Into(d.event).Into(d.attempt);
    q.Into(d.outcome).Into(d.status_code).Into(d.duration_ms).Into(d.error).Into(d.at);
    q.Use(org_id).Use(webhook_id).Use(before_id).Use(before_id).Use(limit);
    q.Each([&] { out.push_back(d); });
    return out;
}

long long Purge(Tx& tx, const std::string& before) {
    return Query(tx, "DELETE FROM webhook_deliveries WHERE at < :b").Use(before).Exec();
}

}  // namespace webhook_deliveries

}  // namespace palisade::store

// SPDX-License-Identifier: Apache-2.0
#include "store/outbox_repository.hpp"

#include "store/tx.hpp"

namespace palisade::store::outbox {

namespace {
constexpr std::string_view kColumns = "id, org_id, to_address, subject, body, created_at, sent_at, attempts, last_error";
struct Row {
    OutboxRecord rec;
    OptText org, sent;
    void Bind(Query& q) {
        q.Into(rec.id).Into(org.value, org.ind).Into(rec.to_address).Into(rec.subject).Into(rec.body);
        q.Into(rec.created_at).Into(sent.value, sent.ind).Into(rec.attempts).Into(rec.last_error);
    }
    OutboxRecord Get() const {
        OutboxRecord out = rec;
        out.org_id = org.Get();
        out.sent_at = sent.Get();
        return out;
    }
};
}  // namespace

void Insert(Tx& tx, const OutboxRecord& m) {
    Query(tx, "INSERT INTO outbox (id, org_id, to_address, subject, body, created_at) VALUES (:id, :o, :t, :s, :b, :c)")
        .Use(m.id).Use(m.org_id).Use(m.to_address).Use(m.subject).Use(m.body).Use(m.created_at).Exec();
}

std::vector<OutboxRecord> List(Tx& tx, const std::string& org_id, const std::string& before_id, int limit) {
    std::vector<OutboxRecord> out;
    Row row;
    // No sentinel value for "no cursor": its sort position would depend on the database collation.
    Query q(tx, "SELECT " + std::string(kColumns) +
                    " FROM outbox WHERE org_id = :o AND (:b = '' OR id < :b2) ORDER BY id DESC LIMIT :l");
    row.Bind(q);
    q.Use(org_id).Use(before_id).Use(before_id).Use(limit);
    q.Each([&] { out.push_back(row.Get()); });
    return out;
}

std::vector<OutboxRecord> Pending(Tx& tx, const std::string& now, int limit) {
    std::vector<OutboxRecord> out;
    Row row;
    Query q(tx, "SELECT " + std::string(kColumns) +
                    " FROM outbox WHERE sent_at IS NULL AND attempts < 10 AND (lease_until IS NULL OR lease_until < :n)"
                    " ORDER BY created_at LIMIT :l");
    row.Bind(q);
    q.Use(now).Use(limit);
    q.Each([&] { out.push_back(row.Get()); });
    return out;
}

bool Lease(Tx& tx, const std::string& id, const std::string& now, const std::string& until) {
    return Query(tx,
                 "UPDATE outbox SET lease_until = :u, attempts = attempts + 1 WHERE id = :id AND sent_at IS NULL AND "
                 "(lease_until IS NULL OR lease_until < :n)")
               .Use(until).Use(id).Use(now).Exec() == 1;
}

void MarkSent(Tx& tx, const std::string& id, const std::string& now) {
    Query(tx, "UPDATE outbox SET sent_at = :n, body = '', lease_until = NULL, last_error = '' WHERE id = :id")
        .Use(now).Use(id).Exec();
}

void MarkFailed(Tx& tx, const std::string& id, const std::string& error) {
    Query(tx, "UPDATE outbox SET last_error = :e WHERE id = :id").Use(error).Use(id).Exec();
}

}  // namespace palisade::store::outbox

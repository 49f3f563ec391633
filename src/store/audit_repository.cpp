// SPDX-License-Identifier: Apache-2.0
#include "store/audit_repository.hpp"

#include "core/crypto.hpp"
#include "store/tx.hpp"

namespace palisade::store::audit {

namespace {

constexpr std::string_view kGenesis = "0000000000000000000000000000000000000000000000000000000000000000";
constexpr std::string_view kColumns =
    "seq, id, at, org_id, actor_user_id, actor_key_id, actor_label, action, object_type, object_id, client_ip, "
    "request_id, outcome, summary, prev_hash, hash";

// Length-prefixed fields: no separator inside a value can make two different entries hash alike.
void AddField(std::string& out, std::string_view name, const std::optional<std::string>& value) {
    out += name;
    if (!value) {
        out += "=null;";
        return;
    }
    out += ":" + std::to_string(value->size()) + ":" + *value + ";";
}

struct AuditRow {
    AuditRecord rec;
    OptText org, actor, key;
    void Bind(Query& q) {
        q.Into(rec.seq).Into(rec.id).Into(rec.at).Into(org.value, org.ind).Into(actor.value, actor.ind);
        q.Into(key.value, key.ind).Into(rec.actor_label).Into(rec.action).Into(rec.object_type).Into(rec.object_id);
        q.Into(rec.client_ip).Into(rec.request_id).Into(rec.outcome).Into(rec.summary).Into(rec.prev_hash);
        q.Into(rec.hash);
    }
    AuditRecord Get() const {
        AuditRecord out = rec;
        out.org_id = org.Get();
        out.actor_user_id = actor.Get();
        out.actor_key_id = key.Get();
        return out;
    }
};

}  // namespace

std::string ComputeHash(const AuditRecord& r) {
    std::string canonical = "palisade-audit-v1;";
    AddField(canonical, "seq", std::to_string(r.seq));
    AddField(canonical, "id", r.id);
    AddField(canonical, "at", r.at);
    AddField(canonical, "org", r.org_id);
    AddField(canonical, "actor", r.actor_user_id);
    AddField(canonical, "key", r.actor_key_id);
    AddField(canonical, "label", r.actor_label);
    AddField(canonical, "action", r.action);
    AddField(canonical, "object_type", r.object_type);
    AddField(canonical, "object_id", r.object_id);
    AddField(canonical, "ip", r.client_ip);
    AddField(canonical, "request", r.request_id);
    AddField(canonical, "outcome", r.outcome);
    AddField(canonical, "summary", r.summary);
    return Sha256Hex(r.prev_hash + canonical);
}

AuditRecord Append(Tx& tx, AuditRecord entry) {
    if (tx.dialect() == Dialect::kPostgres) {
        // Serialises appenders across nodes until this transaction ends. (SQLite writers are already serialised.)
        tx.sql() << "SELECT pg_advisory_xact_lock(7261002)";
    }
    long long last_seq = 0;
    std::string last_hash;
    Query q(tx, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1");
    q.Into(last_seq).Into(last_hash);
    if (!q.One()) {
        last_seq = 0;
        last_hash = std::string(kGenesis);
    }
    entry.seq = last_seq + 1;
    entry.prev_hash = last_hash;
    entry.hash = ComputeHash(entry);
    Query(tx, "INSERT INTO audit_log (" + std::string(kColumns) +
                  ") VALUES (:s, :id, :at, :o, :a, :k, :l, :ac, :ot, :oi, :ip, :r, :out, :sum, :p, :h)")
        .Use(entry.seq).Use(entry.id).Use(entry.at).Use(entry.org_id).Use(entry.actor_user_id).Use(entry.actor_key_id)
        .Use(entry.actor_label).Use(entry.action).Use(entry.object_type).Use(entry.object_id).Use(entry.client_ip)
        .Use(entry.request_id).Use(entry.outcome).Use(entry.summary).Use(entry.prev_hash).Use(entry.hash).Exec();
    return entry;
}

std::vector<AuditRecord> List(Tx& tx, const Filter& f) {
    // Optional filters are written as "(:x = '' OR column = :x)" so the statement text never depends on input.
    const std::string action = f.action.value_or("");
    const bool prefix = !action.empty() && action.back() == '*';
    const std::string action_exact = prefix ? "" : action;
    const std::string action_prefix = prefix ? action.substr(0, action.size() - 1) : "";
    const std::string actor = f.actor_user_id.value_or("");
    const std::string object = f.object_id.value_or("");
    const std::string outcome = f.outcome.value_or("");
    const std::string since = f.since.value_or("");
    const std::string until = f.until.value_or("");
    const long long before = f.before_seq > 0 ? f.before_seq : (1LL << 62);
    const int limit = f.limit;
    const int prefix_len = static_cast<int>(action_prefix.size());
    std::vector<AuditRecord> out;
    AuditRow row;
    Query q(tx, "SELECT " + std::string(kColumns) +
                    " FROM audit_log WHERE org_id = :o AND seq < :b"
                    " AND (:ae = '' OR action = :ae2)"
                    " AND (:ap = '' OR substr(action, 1, :apl) = :ap2)"
                    " AND (:ac = '' OR actor_user_id = :ac2)"
                    " AND (:ob = '' OR object_id = :ob2)"
                    " AND (:oc = '' OR outcome = :oc2)"
                    " AND (:si = '' OR at >= :si2)"
                    " AND (:un = '' OR at < :un2)"
                    " ORDER BY seq DESC LIMIT :l");
    row.Bind(q);
    q.Use(f.org_id).Use(before).Use(action_exact).Use(action_exact).Use(action_prefix).Use(prefix_len);
    q.Use(action_prefix).Use(actor).Use(actor).Use(object).Use(object).Use(outcome).Use(outcome).Use(since);
    q.Use(since).Use(until).Use(until).Use(limit);
    q.Each([&] { out.push_back(row.Get()); });
    return out;
}

VerifyResult Verify(Tx& tx) {
    VerifyResult result;
    AuditRow row;
    Query q(tx, "SELECT " + std::string(kColumns) + " FROM audit_log ORDER BY seq");
    row.Bind(q);
    long long expected_seq = 1;
    std::string prev_hash(kGenesis);
    q.Each([&] {
        if (!result.ok) return;
        const AuditRecord r = row.Get();
        ++result.entries;
        auto fail = [&](long long seq, std::string problem) {
            result.ok = false;
            result.first_bad_seq = seq;
            result.problem = std::move(problem);
        };
        if (r.seq != expected_seq) {
            fail(expected_seq, "entry " + std::to_string(expected_seq) + " is missing");
        } else if (r.prev_hash != prev_hash) {
            fail(r.seq, "entry " + std::to_string(r.seq) + " does not chain to the entry before it");
        } else if (ComputeHash(r) != r.hash) {
            fail(r.seq, "entry " + std::to_string(r.seq) + " was altered (its hash does not match its content)");
        }
        expected_seq = r.seq + 1;
        prev_hash = r.hash;
    });
    return result;
}

}  // namespace palisade::store::audit

// SPDX-License-Identifier: Apache-2.0
#include "store/credential_repository.hpp"

#include "store/tx.hpp"

namespace palisade::store {

namespace sessions {

void Insert(Tx& tx, const SessionRecord& s) {
    Query(tx,
          "INSERT INTO sessions (id, user_id, org_id, created_at, expires_at, client_ip, user_agent) "
          "VALUES (:id, :u, :o, :c, :e, :ip, :ua)")
        .Use(s.id).Use(s.user_id).Use(s.org_id).Use(s.created_at).Use(s.expires_at).Use(s.client_ip)
        .Use(s.user_agent).Exec();
}

std::optional<SessionRecord> Find(Tx& tx, const std::string& id) {
    SessionRecord s;
    OptText revoked;
    Query q(tx,
            "SELECT id, user_id, org_id, created_at, expires_at, revoked_at, client_ip, user_agent FROM sessions "
            "WHERE id = :id");
    q.Into(s.id).Into(s.user_id).Into(s.org_id).Into(s.created_at).Into(s.expires_at).Into(revoked.value, revoked.ind);
    q.Into(s.client_ip).Into(s.user_agent).Use(id);
    if (!q.One()) return std::nullopt;
    s.revoked_at = revoked.Get();
    return s;
}

bool Revoke(Tx& tx, const std::string& id, const std::string& reason, const std::string& now) {
    return Query(tx, "UPDATE sessions SET revoked_at = :n, revoke_reason = :r WHERE id = :id AND revoked_at IS NULL")
               .Use(now).Use(reason).Use(id).Exec() == 1;
}

long long RevokeAllForUser(Tx& tx, const std::string& user_id, const std::string& reason, const std::string& now) {
    return Query(tx,
                 "UPDATE sessions SET revoked_at = :n, revoke_reason = :r WHERE user_id = :u AND revoked_at IS NULL")
        .Use(now).Use(reason).Use(user_id).Exec();
}

long long RevokeOthersForUser(Tx& tx, const std::string& user_id, const std::string& keep_id, const std::string& reason,
                              const std::string& now) {
    return Query(tx,
                 "UPDATE sessions SET revoked_at = :n, revoke_reason = :r "
                 "WHERE user_id = :u AND id <> :k AND revoked_at IS NULL")
        .Use(now).Use(reason).Use(user_id).Use(keep_id).Exec();
}

void InsertRefresh(Tx& tx, const RefreshTokenRecord& r) {
    Query(tx,
          "INSERT INTO refresh_tokens (id, session_id, token_hash, created_at, expires_at) VALUES (:id, :s, :h, :c, :e)")
        .Use(r.id).Use(r.session_id).Use(r.token_hash).Use(r.created_at).Use(r.expires_at).Exec();
}

std::optional<RefreshTokenRecord> FindRefreshByHash(Tx& tx, const std::string& token_hash) {
    RefreshTokenRecord r;
    OptText used;
    Query q(tx,
            "SELECT id, session_id, token_hash, created_at, expires_at, used_at FROM refresh_tokens "
            "WHERE token_hash = :h");
    q.Into(r.id).Into(r.session_id).Into(r.token_hash).Into(r.created_at).Into(r.expires_at).Into(used.value, used.ind);
    q.Use(token_hash);
    if (!q.One()) return std::nullopt;
    r.used_at = used.Get();
    return r;
}

bool MarkRefreshUsed(Tx& tx, const std::string& id, const std::string& now) {
    return Query(tx, "UPDATE refresh_tokens SET used_at = :n WHERE id = :id AND used_at IS NULL")
               .Use(now).Use(id).Exec() == 1;
}

std::optional<SessionPrincipal> FindPrincipal(Tx& tx, const std::string& session_id) {
    SessionPrincipal p;
    OptText revoked;
    int active = 0;
    Query q(tx,
            "SELECT s.user_id, s.org_id, u.email, m.role, s.expires_at, s.revoked_at, u.active FROM sessions s "
            "JOIN users u ON u.id = s.user_id JOIN memberships m ON m.user_id = s.user_id AND m.org_id = s.org_id "
            "WHERE s.id = :id");
    q.Into(p.user_id).Into(p.org_id).Into(p.email).Into(p.role).Into(p.expires_at).Into(revoked.value, revoked.ind);
    q.Into(active).Use(session_id);
    if (!q.One()) return std::nullopt;
    p.revoked = revoked.ind == soci::i_ok;
    p.user_active = active != 0;
    return p;
}

}  // namespace sessions

namespace api_keys {

namespace {
constexpr std::string_view kColumns =
    "id, org_id, created_by, name, prefix, key_hash, role, created_at, expires_at, last_used_at, revoked_at";

struct KeyRow {
    ApiKeyRecord rec;
    OptText expires, last_used, revoked;
    void Bind(Query& q) {
        q.Into(rec.id).Into(rec.org_id).Into(rec.created_by).Into(rec.name).Into(rec.prefix).Into(rec.key_hash);
        q.Into(rec.role).Into(rec.created_at).Into(expires.value, expires.ind).Into(last_used.value, last_used.ind);
        q.Into(revoked.value, revoked.ind);
    }
    ApiKeyRecord Get() const {
        ApiKeyRecord out = rec;
        out.expires_at = expires.Get();
        out.last_used_at = last_used.Get();
        out.revoked_at = revoked.Get();
        return out;
    }
};
}  // namespace

void Insert(Tx& tx, const ApiKeyRecord& k) {
    Query(tx,
          "INSERT INTO api_keys (id, org_id, created_by, name, prefix, key_hash, role, created_at, expires_at) "
          "VALUES (:id, :o, :cb, :n, :p, :h, :r, :c, :e)")
        .Use(k.id).Use(k.org_id).Use(k.created_by).Use(k.name).Use(k.prefix).Use(k.key_hash).Use(k.role)
        .Use(k.created_at).Use(k.expires_at).Exec();
}

std::optional<ApiKeyRecord> FindByHash(Tx& tx, const std::string& key_hash) {
    KeyRow row;
    Query q(tx, "SELECT " + std::string(kColumns) + " FROM api_keys WHERE key_hash = :h");
    row.Bind(q);
    q.Use(key_hash);
    if (!q.One()) return std::nullopt;
    return row.Get();
}

std::optional<ApiKeyRecord> Find(Tx& tx, const std::string& org_id, const std::string& id) {
    KeyRow row;
    Query q(tx, "SELECT " + std::string(kColumns) + " FROM api_keys WHERE org_id = :o AND id = :id");
    row.Bind(q);
    q.Use(org_id).Use(id);
    if (!q.One()) return std::nullopt;
    return row.Get();
}

std::vector<ApiKeyRecord> List(Tx& tx, const std::string& org_id, const std::string& created_by_or_empty,
                               const std::string& after_id, int limit) {
    std::vector<ApiKeyRecord> out;
    KeyRow row;
    Query q(tx, "SELECT " + std::string(kColumns) +
                    " FROM api_keys WHERE org_id = :o AND (:cb = '' OR created_by = :cb2) AND id > :a "
                    "ORDER BY id LIMIT :l");
    row.Bind(q);
    q.Use(org_id).Use(created_by_or_empty).Use(created_by_or_empty).Use(after_id).Use(limit);
    q.Each([&] { out.push_back(row.Get()); });
    return out;
}

bool Revoke(Tx& tx, const std::string& org_id, const std::string& id, const std::string& now) {
    return Query(tx, "UPDATE api_keys SET revoked_at = :n WHERE org_id = :o AND id = :id AND revoked_at IS NULL")
               .Use(now).Use(org_id).Use(id).Exec() == 1;
}

long long RevokeAllForUser(Tx& tx, const std::string& user_id, const std::string& now) {
    return Query(tx, "UPDATE api_keys SET revoked_at = :n WHERE created_by = :u AND revoked_at IS NULL")
        .Use(now).Use(user_id).Exec();
}

void Touch(Tx& tx, const std::string& id, const std::string& now) {
    Query(tx, "UPDATE api_keys SET last_used_at = :n WHERE id = :id").Use(now).Use(id).Exec();
}

}  // namespace api_keys

namespace email_tokens {

void Insert(Tx& tx, const EmailTokenRecord& t) {
    Query(tx,
          "INSERT INTO email_tokens (id, user_id, purpose, token_hash, created_at, expires_at) "
          "VALUES (:id, :u, :p, :h, :c, :e)")
        .Use(t.id).Use(t.user_id).Use(t.purpose).Use(t.token_hash).Use(t.created_at).Use(t.expires_at).Exec();
}

std::optional<EmailTokenRecord> FindByHash(Tx& tx, const std::string& token_hash) {
    EmailTokenRecord t;
    OptText used;
    Query q(tx,
            "SELECT id, user_id, purpose, token_hash, created_at, expires_at, used_at FROM email_tokens "
            "WHERE token_hash = :h");
    q.Into(t.id).Into(t.user_id).Into(t.purpose).Into(t.token_hash).Into(t.created_at).Into(t.expires_at);
    q.Into(used.value, used.ind).Use(token_hash);
    if (!q.One()) return std::nullopt;
    t.used_at = used.Get();
    return t;
}

bool MarkUsed(Tx& tx, const std::string& id, const std::string& now) {
    return Query(tx, "UPDATE email_tokens SET used_at = :n WHERE id = :id AND used_at IS NULL").Use(now).Use(id).Exec() ==
           1;
}

void InvalidateAll(Tx& tx, const std::string& user_id, const std::string& purpose, const std::string& now) {
    Query(tx, "UPDATE email_tokens SET used_at = :n WHERE user_id = :u AND purpose = :p AND used_at IS NULL")
        .Use(now).Use(user_id).Use(purpose).Exec();
}

}  // namespace email_tokens

namespace invitations {

namespace {
constexpr std::string_view kColumns =
    "id, org_id, email, role, token_hash, invited_by, created_at, expires_at, accepted_at, revoked_at";
struct InviteRow {
    InvitationRecord rec;
    OptText accepted, revoked;
    void Bind(Query& q) {
        q.Into(rec.id).Into(rec.org_id).Into(rec.email).Into(rec.role).Into(rec.token_hash).Into(rec.invited_by);
        q.Into(rec.created_at).Into(rec.expires_at).Into(accepted.value, accepted.ind).Into(revoked.value, revoked.ind);
    }
    InvitationRecord Get() const {
        InvitationRecord out = rec;
        out.accepted_at = accepted.Get();
        out.revoked_at = revoked.Get();
        return out;
    }
};
}  // namespace

void Insert(Tx& tx, const InvitationRecord& i) {
    Query(tx,
          "INSERT INTO invitations (id, org_id, email, role, token_hash, invited_by, created_at, expires_at) "
          "VALUES (:id, :o, :e, :r, :h, :b, :c, :x)")
        .Use(i.id).Use(i.org_id).Use(i.email).Use(i.role).Use(i.token_hash).Use(i.invited_by).Use(i.created_at)
        .Use(i.expires_at).Exec();
}

std::optional<InvitationRecord> FindByHash(Tx& tx, const std::string& token_hash) {
    InviteRow row;
    Query q(tx, "SELECT " + std::string(kColumns) + " FROM invitations WHERE token_hash = :h");
    row.Bind(q);
    q.Use(token_hash);
    if (!q.One()) return std::nullopt;
    return row.Get();
}

std::optional<InvitationRecord> Find(Tx& tx, const std::string& org_id, const std::string& id) {
    InviteRow row;
    Query q(tx, "SELECT " + std::string(kColumns) + " FROM invitations WHERE org_id = :o AND id = :id");
    row.Bind(q);
    q.Use(org_id).Use(id);
    if (!q.One()) return std::nullopt;
    return row.Get();
}

std::vector<InvitationRecord> List(Tx& tx, const std::string& org_id, const std::string& after_id, int limit) {
    std::vector<InvitationRecord> out;
    InviteRow row;
    Query q(tx, "SELECT " + std::string(kColumns) +
                    " FROM invitations WHERE org_id = :o AND id > :a ORDER BY id LIMIT :l");
    row.Bind(q);
    q.Use(org_id).Use(after_id).Use(limit);
    q.Each([&] { out.push_back(row.Get()); });
    return out;
}

bool MarkAccepted(Tx& tx, const std::string& id, const std::string& now) {
    return Query(tx,
                 "UPDATE invitations SET accepted_at = :n WHERE id = :id AND accepted_at IS NULL AND revoked_at IS NULL")
               .Use(now).Use(id).Exec() == 1;
}

bool Revoke(Tx& tx, const std::string& org_id, const std::string& id, const std::string& now) {
    return Query(tx,
                 "UPDATE invitations SET revoked_at = :n WHERE org_id = :o AND id = :id AND revoked_at IS NULL AND "
                 "accepted_at IS NULL")
               .Use(now).Use(org_id).Use(id).Exec() == 1;
}

}  // namespace invitations

namespace recovery_codes {

void ReplaceAll(Tx& tx, const std::string& user_id, const std::vector<std::string>& code_hashes,
                const std::vector<std::string>& ids, const std::string& now) {
    DeleteAll(tx, user_id);
    for (std::size_t i = 0; i < code_hashes.size(); ++i) {
        Query(tx, "INSERT INTO recovery_codes (id, user_id, code_hash, created_at) VALUES (:id, :u, :h, :c)")
            .Use(ids[i]).Use(user_id).Use(code_hashes[i]).Use(now).Exec();
    }
}

bool Use(Tx& tx, const std::string& user_id, const std::string& code_hash, const std::string& now) {
    return Query(tx,
                 "UPDATE recovery_codes SET used_at = :n WHERE user_id = :u AND code_hash = :h AND used_at IS NULL")
               .Use(now).Use(user_id).Use(code_hash).Exec() >= 1;
}

long long CountUnused(Tx& tx, const std::string& user_id) {
    long long n = 0;
    Query q(tx, "SELECT COUNT(*) FROM recovery_codes WHERE user_id = :u AND used_at IS NULL");
    q.Into(n).Use(user_id).One();
    return n;
}

void DeleteAll(Tx& tx, const std::string& user_id) {
    Query(tx, "DELETE FROM recovery_codes WHERE user_id = :u").Use(user_id).Exec();
}

}  // namespace recovery_codes

namespace login_attempts {

void Insert(Tx& tx, const std::string& id, const std::string& kind, const std::string& subject,
            const std::string& outcome, const std::string& at) {
    Query(tx, "INSERT INTO login_attempts (id, subject_kind, subject, outcome, at) VALUES (:id, :k, :s, :o, :a)")
        .Use(id).Use(kind).Use(subject).Use(outcome).Use(at).Exec();
}

Failures CountFailures(Tx& tx, const std::string& kind, const std::string& subject, const std::string& since,
                       bool reset_on_success) {
    // A failure in the same millisecond as the latest success or unlock still counts (">="): when in doubt, the
    // lockout errs on the safe side.
    std::string reset;
    if (reset_on_success) {
        OptText last;
        Query q(tx,
                "SELECT MAX(at) FROM login_attempts WHERE subject_kind = :k AND subject = :s AND outcome <> 'failure'");
        q.Into(last.value, last.ind).Use(kind).Use(subject);
        q.One();
        reset = last.Get().value_or("");
    }
    Failures f;
    OptText oldest;
    Query q(tx,
            "SELECT COUNT(*), MIN(at) FROM login_attempts WHERE subject_kind = :k AND subject = :s AND "
            "outcome = 'failure' AND at > :since AND at >= :reset");
    q.Into(f.count).Into(oldest.value, oldest.ind).Use(kind).Use(subject).Use(since).Use(reset);
    q.One();
    f.oldest = oldest.Get().value_or("");
    return f;
}

void Prune(Tx& tx, const std::string& before) {
    Query(tx, "DELETE FROM login_attempts WHERE at < :b").Use(before).Exec();
}

}  // namespace login_attempts

}  // namespace palisade::store

// SPDX-License-Identifier: Apache-2.0
#include "store/identity_repository.hpp"

#include "store/tx.hpp"

namespace palisade::store {

namespace {

constexpr std::string_view kUserColumns =
    "u.id, u.email, u.display_name, u.password_hash, u.email_verified, u.active, u.totp_secret, u.totp_enabled, "
    "u.totp_last_step, u.password_changed_at, u.created_at, u.updated_at";

// Holds the bound columns of one users row while a Query fetches it.
struct UserRow {
    UserRecord rec;
    int verified = 0, active = 0, totp_enabled = 0;
    long long last_step = 0;
    OptText totp;

    void Bind(Query& q) {
        q.Into(rec.id).Into(rec.email).Into(rec.display_name).Into(rec.password_hash).Into(verified).Into(active);
        q.Into(totp.value, totp.ind).Into(totp_enabled).Into(last_step).Into(rec.password_changed_at);
        q.Into(rec.created_at).Into(rec.updated_at);
    }
    UserRecord Get() const {
        UserRecord out = rec;
        out.email_verified = verified != 0;
        out.active = active != 0;
        out.totp_secret = totp.Get();
        out.totp_enabled = totp_enabled != 0;
        out.totp_last_step = last_step;
        return out;
    }
};

std::optional<UserRecord> FindUserWhere(Tx& tx, std::string_view where, const std::string& value) {
    UserRow row;
    Query q(tx, "SELECT " + std::string(kUserColumns) + " FROM users u WHERE " + std::string(where));
    row.Bind(q);
    q.Use(value);
    if (!q.One()) return std::nullopt;
    return row.Get();
}

}  // namespace

namespace orgs {

void Insert(Tx& tx, const OrgRecord& org) {
    Query(tx, "INSERT INTO organizations (id, name, created_at, updated_at) VALUES (:id, :name, :c, :u)")
        .Use(org.id).Use(org.name).Use(org.created_at).Use(org.updated_at).Exec();
}

std::optional<OrgRecord> Find(Tx& tx, const std::string& id) {
    OrgRecord o;
    Query q(tx, "SELECT id, name, created_at, updated_at FROM organizations WHERE id = :id");
    q.Into(o.id).Into(o.name).Into(o.created_at).Into(o.updated_at).Use(id);
    if (!q.One()) return std::nullopt;
    return o;
}

std::optional<OrgRecord> FindByName(Tx& tx, const std::string& name) {
    OrgRecord o;
    Query q(tx, "SELECT id, name, created_at, updated_at FROM organizations WHERE lower(name) = lower(:n)");
    q.Into(o.id).Into(o.name).Into(o.created_at).Into(o.updated_at).Use(name);
    if (!q.One()) return std::nullopt;
    return o;
}

bool Rename(Tx& tx, const std::string& id, const std::string& name, const std::string& now) {
    return Query(tx, "UPDATE organizations SET name = :n, updated_at = :u WHERE id = :id")
               .Use(name).Use(now).Use(id).Exec() == 1;
}

long long Count(Tx& tx) {
    long long n = 0;
    Query q(tx, "SELECT COUNT(*) FROM organizations");
    q.Into(n).One();
    return n;
}

}  // namespace orgs

namespace users {

void Insert(Tx& tx, const UserRecord& u) {
    Query(tx,
          "INSERT INTO users (id, email, display_name, password_hash, email_verified, active, totp_secret, "
          "totp_enabled, totp_last_step, password_changed_at, created_at, updated_at) VALUES (:id, :e, :d, :p, :v, "
          ":a, :ts, :te, :tl, :pc, :c, :u)")
        .Use(u.id).Use(u.email).Use(u.display_name).Use(u.password_hash).Use(u.email_verified).Use(u.active)
        .Use(u.totp_secret).Use(u.totp_enabled).Use(u.totp_last_step).Use(u.password_changed_at).Use(u.created_at)
        .Use(u.updated_at).Exec();
}

std::optional<UserRecord> Find(Tx& tx, const std::string& id) { return FindUserWhere(tx, "u.id = :id", id); }

std::optional<UserRecord> FindByEmail(Tx& tx, const std::string& email) {
    return FindUserWhere(tx, "u.email = :e", email);
}

void UpdatePassword(Tx& tx, const std::string& id, const std::string& hash, const std::string& now) {
    Query(tx, "UPDATE users SET password_hash = :h, password_changed_at = :n, updated_at = :n2 WHERE id = :id")
        .Use(hash).Use(now).Use(now).Use(id).Exec();
}

void SetEmailVerified(Tx& tx, const std::string& id, const std::string& now) {
    Query(tx, "UPDATE users SET email_verified = 1, updated_at = :n WHERE id = :id").Use(now).Use(id).Exec();
}

void SetActive(Tx& tx, const std::string& id, bool active, const std::string& now) {
    Query(tx, "UPDATE users SET active = :a, updated_at = :n WHERE id = :id").Use(active).Use(now).Use(id).Exec();
}

void SetDisplayName(Tx& tx, const std::string& id, const std::string& name, const std::string& now) {
    Query(tx, "UPDATE users SET display_name = :d, updated_at = :n WHERE id = :id").Use(name).Use(now).Use(id).Exec();
}

void SetTotp(Tx& tx, const std::string& id, const std::optional<std::string>& sealed, bool enabled,
             const std::string& now) {
    Query(tx, "UPDATE users SET totp_secret = :s, totp_enabled = :e, updated_at = :n WHERE id = :id")
        .Use(sealed).Use(enabled).Use(now).Use(id).Exec();
}

bool AdvanceTotpStep(Tx& tx, const std::string& id, long long step) {
    return Query(tx, "UPDATE users SET totp_last_step = :s WHERE id = :id AND totp_last_step < :s2")
               .Use(step).Use(id).Use(step).Exec() == 1;
}

}  // namespace users

namespace memberships {

void Insert(Tx& tx, const MembershipRecord& m) {
    Query(tx, "INSERT INTO memberships (org_id, user_id, role, created_at) VALUES (:o, :u, :r, :c)")
        .Use(m.org_id).Use(m.user_id).Use(m.role).Use(m.created_at).Exec();
}

std::optional<MembershipRecord> Find(Tx& tx, const std::string& org_id, const std::string& user_id) {
    MembershipRecord m;
    Query q(tx, "SELECT org_id, user_id, role, created_at FROM memberships WHERE org_id = :o AND user_id = :u");
    q.Into(m.org_id).Into(m.user_id).Into(m.role).Into(m.created_at).Use(org_id).Use(user_id);
    if (!q.One()) return std::nullopt;
    return m;
}

std::optional<MembershipRecord> FirstForUser(Tx& tx, const std::string& user_id) {
    MembershipRecord m;
    Query q(tx,
            "SELECT org_id, user_id, role, created_at FROM memberships WHERE user_id = :u "
            "ORDER BY created_at, org_id LIMIT 1");
    q.Into(m.org_id).Into(m.user_id).Into(m.role).Into(m.created_at).Use(user_id);
    if (!q.One()) return std::nullopt;
    return m;
}

bool UpdateRole(Tx& tx, const std::string& org_id, const std::string& user_id, const std::string& role) {
    return Query(tx, "UPDATE memberships SET role = :r WHERE org_id = :o AND user_id = :u")
               .Use(role).Use(org_id).Use(user_id).Exec() == 1;
}

std::vector<MemberRecord> List(Tx& tx, const std::string& org_id, const std::string& after_user_id, int limit) {
    std::vector<MemberRecord> out;
    UserRow row;
    std::string role;
    Query q(tx, "SELECT " + std::string(kUserColumns) +
                    ", m.role FROM users u JOIN memberships m ON m.user_id = u.id WHERE m.org_id = :o AND u.id > :a "
                    "ORDER BY u.id LIMIT :l");
    row.Bind(q);
    q.Into(role).Use(org_id).Use(after_user_id).Use(limit);
    q.Each([&] { out.push_back(MemberRecord{row.Get(), role}); });
    return out;
}

long long CountActiveAdmins(Tx& tx, const std::string& org_id) {
    long long n = 0;
    Query q(tx,
            "SELECT COUNT(*) FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.org_id = :o AND "
            "m.role = 'admin' AND u.active = 1");
    q.Into(n).Use(org_id).One();
    return n;
}

}  // namespace memberships

}  // namespace palisade::store

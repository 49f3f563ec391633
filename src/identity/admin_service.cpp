// SPDX-License-Identifier: Apache-2.0
#include "identity/admin_service.hpp"

#include "auth/permissions.hpp"
#include "auth/token_hash.hpp"
#include "core/crypto.hpp"
#include "core/strings.hpp"
#include "core/time.hpp"
#include "identity/common.hpp"
#include "store/credential_repository.hpp"
#include "store/identity_repository.hpp"
#include "store/outbox_repository.hpp"
#include "store/store.hpp"

namespace palisade::identity {

namespace {

Result<store::MemberRecord> FindMember(store::Tx& tx, const std::string& org_id, const std::string& user_id) {
    auto m = store::memberships::Find(tx, org_id, user_id);
    auto u = m ? store::users::Find(tx, user_id) : std::nullopt;
    if (!m || !u) return Fail(ErrorCode::kNotFound, "user not found");
    return store::MemberRecord{*u, m->role};
}

// Would removing `member` from the active admins leave none?
bool IsLastAdmin(store::Tx& tx, const std::string& org_id, const store::MemberRecord& member) {
    return member.role == "admin" && member.user.active && store::memberships::CountActiveAdmins(tx, org_id) <= 1;
}

}  // namespace

Result<Page<store::MemberRecord>> AdminService::ListUsers(const std::string& cursor, int limit,
                                                         const RequestContext& ctx) const {
    auto p = RequirePrincipal(ctx);
    if (!p) return tl::unexpected<Error>(p.error());
    const int n = ClampLimit(limit);
    return deps_.store.Read([&](store::Tx& tx) -> Result<Page<store::MemberRecord>> {
        return ToPage(store::memberships::List(tx, p->org_id, cursor, n + 1), n,
                      [](const store::MemberRecord& r) { return r.user.id; });
    });
}

Result<store::MemberRecord> AdminService::GetUser(const std::string& user_id, const RequestContext& ctx) const {
    auto p = RequirePrincipal(ctx);
    if (!p) return tl::unexpected<Error>(p.error());
    return deps_.store.Read([&](store::Tx& tx) { return FindMember(tx, p->org_id, user_id); });
}

Result<store::MemberRecord> AdminService::ChangeRole(const std::string& user_id, const std::string& role,
                                                     const RequestContext& ctx) {
    auto p = RequirePrincipal(ctx);
    if (!p) return tl::unexpected<Error>(p.error());
    if (!auth::ParseRole(role)) return FailField("role", "must be one of admin, analyst, operator, viewer");
    return deps_.store.Write([&](store::Tx& tx) -> Result<store::MemberRecord> {
        auto member = FindMember(tx, p->org_id, user_id);
        if (!member) return member;
        if (member->role == role) return member;
        if (role != "admin" && IsLastAdmin(tx, p->org_id, *member)) {
            return Fail(ErrorCode::kConflict, "the organisation needs at least one active admin");
        }
        store::memberships::UpdateRole(tx, p->org_id, user_id, role);
        Audit(tx, deps_, ctx, {"users.change_role", "user", user_id, "success", member->role + " -> " + role});
        member->role = role;
        return member;
    });
}

Result<store::MemberRecord> AdminService::Deactivate(const std::string& user_id, const RequestContext& ctx) {
    auto p = RequirePrincipal(ctx);
    if (!p) return tl::unexpected<Error>(p.error());
    return deps_.store.Write([&](store::Tx& tx) -> Result<store::MemberRecord> {
        auto member = FindMember(tx, p->org_id, user_id);
        if (!member) return member;
        if (user_id == p->user_id) return Fail(ErrorCode::kConflict, "you cannot deactivate yourself");
        if (IsLastAdmin(tx, p->org_id, *member)) {
            return Fail(ErrorCode::kConflict, "the organisation needs at least one active admin");
        }
        const std::string now = NowText(deps_);
        store::users::SetActive(tx, user_id, false, now);
        const long long sessions = store::sessions::RevokeAllForUser(tx, user_id, "deactivated", now);
        const long long keys = store::api_keys::RevokeAllForUser(tx, user_id, now);
        Audit(tx, deps_, ctx, {"users.deactivate", "user", user_id, "success",
                               std::to_string(sessions) + " session(s) and " + std::to_string(keys) +
                                   " API key(s) revoked"});
        member->user.active = false;
        return member;
    });
}

Result<store::MemberRecord> AdminService::Reactivate(const std::string& user_id, const RequestContext& ctx) {
    auto p = RequirePrincipal(ctx);
    if (!p) return tl::unexpected<Error>(p.error());
    return deps_.store.Write([&](store::Tx& tx) -> Result<store::MemberRecord> {
        auto member = FindMember(tx, p->org_id, user_id);
        if (!member) return member;
        if (member->user.active) return member;
        store::users::SetActive(tx, user_id, true, NowText(deps_));
        Audit(tx, deps_, ctx, {"users.reactivate", "user", user_id, "success", ""});
        member->user.active = true;
        return member;
    });
}

Status AdminService::Unlock(const std::string& user_id, const RequestContext& ctx) {
    auto p = RequirePrincipal(ctx);
    if (!p) return tl::unexpected<Error>(p.error());
    return deps_.store.Write([&](store::Tx& tx) -> Status {
        auto member = FindMember(tx, p->org_id, user_id);
        if (!member) return tl::unexpected<Error>(member.error());
        store::login_attempts::Insert(tx, NewId(deps_), "account", member->user.email, "unlock", NowText(deps_));
        Audit(tx, deps_, ctx, {"users.unlock", "user", user_id, "success", "login lockout cleared"});
        return Ok();
    });
}

Result<store::InvitationRecord> AdminService::Invite(const InviteInput& in, const RequestContext& ctx) {
    auto p = RequirePrincipal(ctx);
    if (!p) return tl::unexpected<Error>(p.error());
    auto email = NormalizeEmail(in.email);
    if (!email) return tl::unexpected<Error>(email.error());
    if (!auth::ParseRole(in.role)) return FailField("role", "must be one of admin, analyst, operator, viewer");
    const std::string token = RandomToken(32);
    auto invite = deps_.store.Write([&](store::Tx& tx) -> Result<store::InvitationRecord> {
        if (store::users::FindByEmail(tx, *email)) return FailField("email", "this address already has an account");
        auto org = store::orgs::Find(tx, p->org_id);
        store::InvitationRecord i;
        i.id = NewId(deps_);
        i.org_id = p->org_id;
        i.email = *email;
        i.role = in.role;
        i.token_hash = auth::HashToken(token);
        i.invited_by = p->user_id;
        i.created_at = NowText(deps_);
        i.expires_at = FormatTime(deps_.clock.Now() + deps_.config.invitation_ttl);
        store::invitations::Insert(tx, i);
        QueueMail(tx, deps_, p->org_id, *email, "You are invited to " + (org ? org->name : std::string("Palisade")),
                  p->email + " invited you to join " + (org ? org->name : std::string("their organisation")) +
                      " on Palisade as " + in.role + ".\n\nAccept within 7 days:\n" + deps_.public_url +
                      "/accept-invite?token=" + token +
                      "\n\nOr sign up through POST /api/v1/auth/register with invitation_token:\n" + token + "\n");
        Audit(tx, deps_, ctx, {"invitations.create", "invitation", i.id, "success", *email + " as " + in.role});
        return i;
    });
    if (invite && deps_.mail_queued) deps_.mail_queued();
    return invite;
}

Result<Page<store::InvitationRecord>> AdminService::ListInvitations(const std::string& cursor, int limit,
                                                                    const RequestContext& ctx) const {
    auto p = RequirePrincipal(ctx);
    if (!p) return tl::unexpected<Error>(p.error());
    const int n = ClampLimit(limit);
    return deps_.store.Read([&](store::Tx& tx) -> Result<Page<store::InvitationRecord>> {
        return ToPage(store::invitations::List(tx, p->org_id, cursor, n + 1), n,
                      [](const store::InvitationRecord& r) { return r.id; });
    });
}

Status AdminService::RevokeInvitation(const std::string& id, const RequestContext& ctx) {
    auto p = RequirePrincipal(ctx);
    if (!p) return tl::unexpected<Error>(p.error());
    return deps_.store.Write([&](store::Tx& tx) -> Status {
        auto i = store::invitations::Find(tx, p->org_id, id);
        if (!i) return Fail(ErrorCode::kNotFound, "invitation not found");
        if (i->accepted_at) return Fail(ErrorCode::kConflict, "the invitation was already accepted");
        if (store::invitations::Revoke(tx, p->org_id, id, NowText(deps_))) {
            Audit(tx, deps_, ctx, {"invitations.revoke", "invitation", id, "success", i->email});
        }
        return Ok();
    });
}

Result<store::OrgRecord> AdminService::CurrentOrg(const RequestContext& ctx) const {
    auto p = RequirePrincipal(ctx);
    if (!p) return tl::unexpected<Error>(p.error());
    return deps_.store.Read([&](store::Tx& tx) -> Result<store::OrgRecord> {
        auto org = store::orgs::Find(tx, p->org_id);
        if (!org) return Fail(ErrorCode::kNotFound, "organisation not found");
        return *org;
    });
}

Result<store::OrgRecord> AdminService::RenameOrg(const std::string& raw_name, const RequestContext& ctx) {
    auto p = RequirePrincipal(ctx);
    if (!p) return tl::unexpected<Error>(p.error());
    const std::string name(Trim(raw_name));
    if (name.empty()) return FailField("name", "is required");
    return deps_.store.Write([&](store::Tx& tx) -> Result<store::OrgRecord> {
        auto org = store::orgs::Find(tx, p->org_id);
        if (!org) return Fail(ErrorCode::kNotFound, "organisation not found");
        if (auto other = store::orgs::FindByName(tx, name); other && other->id != org->id) {
            return FailField("name", "name is already taken");
        }
        const std::string now = NowText(deps_);
        store::orgs::Rename(tx, org->id, name, now);
        Audit(tx, deps_, ctx, {"orgs.rename", "organization", org->id, "success", org->name + " -> " + name});
        org->name = name;
        org->updated_at = now;
        return *org;
    });
}

Result<Page<store::AuditRecord>> AdminService::ListAudit(store::audit::Filter filter, const RequestContext& ctx) const {
    auto p = RequirePrincipal(ctx);
    if (!p) return tl::unexpected<Error>(p.error());
    filter.org_id = p->org_id;
    const int n = ClampLimit(filter.limit);
    filter.limit = n + 1;
    return deps_.store.Read([&](store::Tx& tx) -> Result<Page<store::AuditRecord>> {
        return ToPage(store::audit::List(tx, filter), n,
                      [](const store::AuditRecord& r) { return std::to_string(r.seq); });
    });
}

Result<Page<store::OutboxRecord>> AdminService::ListOutbox(const std::string& cursor, int limit,
                                                           const RequestContext& ctx) const {
    auto p = RequirePrincipal(ctx);
    if (!p) return tl::unexpected<Error>(p.error());
    const int n = ClampLimit(limit);
    return deps_.store.Read([&](store::Tx& tx) -> Result<Page<store::OutboxRecord>> {
        return ToPage(store::outbox::List(tx, p->org_id, cursor, n + 1), n,
                      [](const store::OutboxRecord& r) { return r.id; });
    });
}

}  // namespace palisade::identity

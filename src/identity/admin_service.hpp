// SPDX-License-Identifier: Apache-2.0
// AdminService: an organisation's members, invitations, settings, audit trail and outbox. Callers have been
// authorised by route permission; every lookup is still scoped to ctx.principal->org_id (another organisation's
// object is kNotFound). Blocking; thread-safe; audited.
#pragma once

#include <optional>
#include <string>

#include "core/result.hpp"
#include "identity/context.hpp"
#include "store/audit_repository.hpp"
#include "store/records.hpp"

namespace palisade::identity {

struct InviteInput {
    std::string email;
    std::string role;
};

class AdminService {
public:
    explicit AdminService(IdentityDeps deps) : deps_(std::move(deps)) {}

    Result<Page<store::MemberRecord>> ListUsers(const std::string& cursor, int limit, const RequestContext& ctx) const;
    Result<store::MemberRecord> GetUser(const std::string& user_id, const RequestContext& ctx) const;
    // kConflict when it would leave the organisation without an active admin.
    Result<store::MemberRecord> ChangeRole(const std::string& user_id, const std::string& role, const RequestContext& ctx);
    // Revokes every session and API key of the user. kConflict for oneself or the last admin.
    Result<store::MemberRecord> Deactivate(const std::string& user_id, const RequestContext& ctx);
    Result<store::MemberRecord> Reactivate(const std::string& user_id, const RequestContext& ctx);
    // Clears the login lockout of the user's account.
    Status Unlock(const std::string& user_id, const RequestContext& ctx);

    // Mails an invitation link (7 days). kConflict when the address already has an account.
    Result<store::InvitationRecord> Invite(const InviteInput& in, const RequestContext& ctx);
    Result<Page<store::InvitationRecord>> ListInvitations(const std::string& cursor, int limit,
                                                          const RequestContext& ctx) const;
    Status RevokeInvitation(const std::string& id, const RequestContext& ctx);

    Result<store::OrgRecord> CurrentOrg(const RequestContext& ctx) const;
    Result<store::OrgRecord> RenameOrg(const std::string& name, const RequestContext& ctx);

    // filter.org_id is overwritten with the caller's organisation.
    Result<Page<store::AuditRecord>> ListAudit(store::audit::Filter filter, const RequestContext& ctx) const;
    Result<Page<store::OutboxRecord>> ListOutbox(const std::string& cursor, int limit, const RequestContext& ctx) const;

private:
    IdentityDeps deps_;
};

}  // namespace palisade::identity

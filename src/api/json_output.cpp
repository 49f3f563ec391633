// SPDX-License-Identifier: Apache-2.0
#include "api/json_output.hpp"

#include <boost/json/serialize.hpp>

namespace palisade::api {

namespace {

boost::json::value OrNull(const std::optional<std::string>& s) {
    if (!s) return nullptr;
    return boost::json::value(*s);
}

}  // namespace

server::Response JsonResponse(int status, const boost::json::value& value) {
    server::Response r;
    r.status = status;
    r.SetHeader("Content-Type", "application/json");
    r.body = boost::json::serialize(value);
    return r;
}

server::Response EmptyResponse(int status) {
    server::Response r;
    r.status = status;
    return r;
}

boost::json::object ToJson(const store::UserRecord& user, std::string_view role) {
    return {
        {"id", user.id},
        {"email", user.email},
        {"display_name", user.display_name},
        {"email_verified", user.email_verified},
        {"active", user.active},
        {"totp_enabled", user.totp_enabled},
        {"role", role},
        {"created_at", user.created_at},
    };
}

boost::json::object ToJson(const store::MemberRecord& member) { return ToJson(member.user, member.role); }

boost::json::object ToJson(const store::OrgRecord& org) {
    return {{"id", org.id}, {"name", org.name}, {"created_at", org.created_at}, {"updated_at", org.updated_at}};
}

boost::json::object ToJson(const store::ApiKeyRecord& key) {
    return {
        {"id", key.id},
        {"name", key.name},
        {"prefix", key.prefix},
        {"role", key.role},
        {"created_by", key.created_by},
        {"created_at", key.created_at},
        {"expires_at", OrNull(key.expires_at)},
        {"last_used_at", OrNull(key.last_used_at)},
        {"revoked_at", OrNull(key.revoked_at)},
    };
}

boost::json::object ToJson(const store::InvitationRecord& invitation) {
    return {
        {"id", invitation.id},
        {"email", invitation.email},
        {"role", invitation.role},
        {"invited_by", invitation.invited_by},
        {"created_at", invitation.created_at},
        {"expires_at", invitation.expires_at},
        {"accepted_at", OrNull(invitation.accepted_at)},
        {"revoked_at", OrNull(invitation.revoked_at)},
    };
}

boost::json::object ToJson(const store::AuditRecord& e) {
    return {
        {"seq", e.seq},
        {"id", e.id},
        {"at", e.at},
        {"org_id", OrNull(e.org_id)},
        {"actor_user_id", OrNull(e.actor_user_id)},
        {"actor_key_id", OrNull(e.actor_key_id)},
        {"actor_label", e.actor_label},
        {"action", e.action},
        {"object_type", e.object_type},
        {"object_id", e.object_id},
        {"client_ip", e.client_ip},
        {"request_id", e.request_id},
        {"outcome", e.outcome},
        {"summary", e.summary},
        {"prev_hash", e.prev_hash},
        {"hash", e.hash},
    };
}

boost::json::object ToJson(const store::OutboxRecord& m) {
    return {
        {"id", m.id},
        {"org_id", OrNull(m.org_id)},
        {"to_address", m.to_address},
        {"subject", m.subject},
        {"body", m.body},
        {"created_at", m.created_at},
        {"sent_at", OrNull(m.sent_at)},
        {"attempts", m.attempts},
        {"last_error", m.last_error},
    };
}

}  // namespace palisade::api

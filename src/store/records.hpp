// SPDX-License-Identifier: Apache-2.0
// Plain rows of the identity tables, as repositories read and write them. Times are core/time.hpp text.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace palisade::store {

struct OrgRecord {
    std::string id;
    std::string name;
    std::string created_at;
    std::string updated_at;
};

struct UserRecord {
    std::string id;
    std::string email;  // lower-cased
    std::string display_name;
    std::string password_hash;
    bool email_verified = false;
    bool active = true;
    std::optional<std::string> totp_secret;  // sealed
    bool totp_enabled = false;
    std::int64_t totp_last_step = 0;
    std::string password_changed_at;
    std::string created_at;
    std::string updated_at;
};

struct MembershipRecord {
    std::string org_id;
    std::string user_id;
    std::string role;
    std::string created_at;
};

// A member as listed by the users API: user + role in one organisation.
struct MemberRecord {
    UserRecord user;
    std::string role;
};

struct SessionRecord {
    std::string id;  // refresh-token family
    std::string user_id;
    std::string org_id;
    std::string created_at;
    std::string expires_at;
    std::optional<std::string> revoked_at;
    std::string client_ip;
    std::string user_agent;
};

struct RefreshTokenRecord {
    std::string id;
    std::string session_id;
    std::string token_hash;
    std::string created_at;
    std::string expires_at;
    std::optional<std::string> used_at;
};

struct ApiKeyRecord {
    std::string id;
    std::string org_id;
    std::string created_by;
    std::string name;
    std::string prefix;
    std::string key_hash;
    std::string role;
    std::string created_at;
    std::optional<std::string> expires_at;
    std::optional<std::string> last_used_at;
    std::optional<std::string> revoked_at;
};

struct EmailTokenRecord {
    std::string id;
    std::string user_id;
    std::string purpose;  // verify_email | password_reset
    std::string token_hash;
    std::string created_at;
    std::string expires_at;
    std::optional<std::string> used_at;
};

struct InvitationRecord {
    std::string id;
    std::string org_id;
    std::string email;
    std::string role;
    std::string token_hash;
    std::string invited_by;
    std::string created_at;
    std::string expires_at;
    std::optional<std::string> accepted_at;
    std::optional<std::string> revoked_at;
};

struct AuditRecord {
    std::int64_t seq = 0;
    std::string id;
    std::string at;
    std::optional<std::string> org_id;
    std::optional<std::string> actor_user_id;
    std::optional<std::string> actor_key_id;
    std::string actor_label;
    std::string action;
    std::string object_type;
    std::string object_id;
    std::string client_ip;
    std::string request_id;
    std::string outcome;  // success | failure | denied
    std::string summary;
    std::string prev_hash;
    std::string hash;
};

struct OutboxRecord {
    std::string id;
    std::optional<std::string> org_id;
    std::string to_address;
    std::string subject;
    std::string body;
    std::string created_at;
    std::optional<std::string> sent_at;
    int attempts = 0;
    std::string last_error;
};

}  // namespace palisade::store

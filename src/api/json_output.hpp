// SPDX-License-Identifier: Apache-2.0
// JSON responses and the JSON form of every record the API returns. The mapping is an allow-list: a record field
// appears only when it is named here, so secrets (password_hash, totp_secret, key_hash, token_hash) cannot leak
// by someone adding a column. Optional fields are null when absent. Thread-safe (pure functions).
#pragma once

#include <string_view>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "identity/context.hpp"
#include "server/http.hpp"
#include "store/records.hpp"

namespace palisade::api {

// `value` serialised, Content-Type: application/json.
server::Response JsonResponse(int status, const boost::json::value& value);
// No body (204 and the like).
server::Response EmptyResponse(int status);

// {id, email, display_name, email_verified, active, totp_enabled, role, created_at}
boost::json::object ToJson(const store::UserRecord& user, std::string_view role);
boost::json::object ToJson(const store::MemberRecord& member);
// {id, name, created_at, updated_at}
boost::json::object ToJson(const store::OrgRecord& org);
// {id, name, prefix, role, created_by, created_at, expires_at, last_used_at, revoked_at}
boost::json::object ToJson(const store::ApiKeyRecord& key);
// {id, email, role, invited_by, created_at, expires_at, accepted_at, revoked_at}
boost::json::object ToJson(const store::InvitationRecord& invitation);
// Every field, seq, prev_hash and hash included (clients may check the chain themselves).
boost::json::object ToJson(const store::AuditRecord& entry);
// {id, org_id, to_address, subject, body, created_at, sent_at, attempts, last_error}
boost::json::object ToJson(const store::OutboxRecord& mail);

// {"items": [...], "next_cursor": "..." | null}
template <typename T>
boost::json::object PageToJson(const identity::Page<T>& page) {
    boost::json::array items;
    items.reserve(page.items.size());
    for (const T& item : page.items) items.emplace_back(ToJson(item));
    boost::json::object out;
    out["items"] = std::move(items);
    if (page.next_cursor.empty()) {
        out["next_cursor"] = nullptr;
    } else {
        out["next_cursor"] = page.next_cursor;
    }
    return out;
}

}  // namespace palisade::api

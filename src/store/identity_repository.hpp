// SPDX-License-Identifier: Apache-2.0
// Organisations, users and memberships. Functions run inside Store::Read/Write; database failures throw and are
// turned into Result errors by the Store, so they never reach callers as exceptions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/records.hpp"

namespace palisade::store {

class Tx;

namespace orgs {
void Insert(Tx& tx, const OrgRecord& org);
std::optional<OrgRecord> Find(Tx& tx, const std::string& id);
std::optional<OrgRecord> FindByName(Tx& tx, const std::string& name);  // case-insensitive
bool Rename(Tx& tx, const std::string& id, const std::string& name, const std::string& now);
long long Count(Tx& tx);
}  // namespace orgs

namespace users {
void Insert(Tx& tx, const UserRecord& user);
std::optional<UserRecord> Find(Tx& tx, const std::string& id);
std::optional<UserRecord> FindByEmail(Tx& tx, const std::string& email);  // email lower-cased by the caller
void UpdatePassword(Tx& tx, const std::string& id, const std::string& hash, const std::string& now);
void SetEmailVerified(Tx& tx, const std::string& id, const std::string& now);
void SetActive(Tx& tx, const std::string& id, bool active, const std::string& now);
void SetDisplayName(Tx& tx, const std::string& id, const std::string& name, const std::string& now);
// Stores the sealed TOTP secret (nullopt clears it) and whether it is enforced at login.
void SetTotp(Tx& tx, const std::string& id, const std::optional<std::string>& sealed, bool enabled,
             const std::string& now);
// Records `step` as the last accepted TOTP step if it is newer; false when it was already used (replay).
bool AdvanceTotpStep(Tx& tx, const std::string& id, long long step);
}  // namespace users

namespace memberships {
void Insert(Tx& tx, const MembershipRecord& m);
std::optional<MembershipRecord> Find(Tx& tx, const std::string& org_id, const std::string& user_id);
std::optional<MembershipRecord> FirstForUser(Tx& tx, const std::string& user_id);
bool UpdateRole(Tx& tx, const std::string& org_id, const std::string& user_id, const std::string& role);
// Members of an organisation ordered by user id, after `after_user_id` (cursor; "" for the first page).
std::vector<MemberRecord> List(Tx& tx, const std::string& org_id, const std::string& after_user_id, int limit);
long long CountActiveAdmins(Tx& tx, const std::string& org_id);
}  // namespace memberships

}  // namespace palisade::store

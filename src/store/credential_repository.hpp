// SPDX-License-Identifier: Apache-2.0
// Sessions and refresh tokens, API keys, single-use e-mail tokens, invitations, recovery codes and login attempts.
// Every secret is looked up by its hash; no plaintext secret is ever stored. Run inside Store::Read/Write.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/records.hpp"

namespace palisade::store {

class Tx;

namespace sessions {
void Insert(Tx& tx, const SessionRecord& s);
std::optional<SessionRecord> Find(Tx& tx, const std::string& id);
// Revokes one session (no-op if already revoked); returns true if it changed.
bool Revoke(Tx& tx, const std::string& id, const std::string& reason, const std::string& now);
// Revokes every live session of a user; returns how many.
long long RevokeAllForUser(Tx& tx, const std::string& user_id, const std::string& reason, const std::string& now);
// Revokes every live session of a user but `keep_id` (the caller's own); returns how many.
long long RevokeOthersForUser(Tx& tx, const std::string& user_id, const std::string& keep_id, const std::string& reason,
                              const std::string& now);
void InsertRefresh(Tx& tx, const RefreshTokenRecord& r);
std::optional<RefreshTokenRecord> FindRefreshByHash(Tx& tx, const std::string& token_hash);
// Marks a refresh token used; false when it had already been used (a concurrent refresh won the race).
bool MarkRefreshUsed(Tx& tx, const std::string& id, const std::string& now);

// What authenticating one request needs, read in one query: the session joined with its user and membership.
struct SessionPrincipal {
    std::string user_id;
    std::string org_id;
    std::string email;
    std::string role;
    std::string expires_at;
    bool revoked = false;
    bool user_active = false;
};
// nullopt when the session, its user or the membership is gone.
std::optional<SessionPrincipal> FindPrincipal(Tx& tx, const std::string& session_id);
}  // namespace sessions

namespace api_keys {
void Insert(Tx& tx, const ApiKeyRecord& k);
std::optional<ApiKeyRecord> FindByHash(Tx& tx, const std::string& key_hash);
std::optional<ApiKeyRecord> Find(Tx& tx, const std::string& org_id, const std::string& id);
std::vector<ApiKeyRecord> List(Tx& tx, const std::string& org_id, const std::string& created_by_or_empty,
                               const std::string& after_id, int limit);
bool Revoke(Tx& tx, const std::string& org_id, const std::string& id, const std::string& now);
long long RevokeAllForUser(Tx& tx, const std::string& user_id, const std::string& now);
void Touch(Tx& tx, const std::string& id, const std::string& now);
}  // namespace api_keys

namespace email_tokens {
void Insert(Tx& tx, const EmailTokenRecord& t);
std::optional<EmailTokenRecord> FindByHash(Tx& tx, const std::string& token_hash);
// Single use: false when it was already used.
bool MarkUsed(Tx& tx, const std::string& id, const std::string& now);
// Spends every unused token of that purpose for the user (a newer one supersedes them).
void InvalidateAll(Tx& tx, const std::string& user_id, const std::string& purpose, const std::string& now);
}  // namespace email_tokens

namespace invitations {
void Insert(Tx& tx, const InvitationRecord& i);
std::optional<InvitationRecord> FindByHash(Tx& tx, const std::string& token_hash);
std::optional<InvitationRecord> Find(Tx& tx, const std::string& org_id, const std::string& id);
std::vector<InvitationRecord> List(Tx& tx, const std::string& org_id, const std::string& after_id, int limit);
bool MarkAccepted(Tx& tx, const std::string& id, const std::string& now);
bool Revoke(Tx& tx, const std::string& org_id, const std::string& id, const std::string& now);
}  // namespace invitations

namespace recovery_codes {
void ReplaceAll(Tx& tx, const std::string& user_id, const std::vector<std::string>& code_hashes,
                const std::vector<std::string>& ids, const std::string& now);
// Spends the matching unused code; false when none matches.
bool Use(Tx& tx, const std::string& user_id, const std::string& code_hash, const std::string& now);
long long CountUnused(Tx& tx, const std::string& user_id);
void DeleteAll(Tx& tx, const std::string& user_id);
}  // namespace recovery_codes

namespace login_attempts {
// subject_kind "account" | "ip"; outcome "failure" | "success" | "unlock".
void Insert(Tx& tx, const std::string& id, const std::string& kind, const std::string& subject,
            const std::string& outcome, const std::string& at);
// Failures of `subject` after `since` and after its latest success/unlock (when `reset_on_success`);
// also returns the oldest such failure's time (to compute Retry-After).
struct Failures {
    long long count = 0;
    std::string oldest;
};
Failures CountFailures(Tx& tx, const std::string& kind, const std::string& subject, const std::string& since,
                       bool reset_on_success);
void Prune(Tx& tx, const std::string& before);
}  // namespace login_attempts

}  // namespace palisade::store

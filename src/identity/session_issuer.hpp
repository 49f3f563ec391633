// SPDX-License-Identifier: Apache-2.0
// Creating sessions and token pairs (identity-internal; shared by login, refresh and tests).
#pragma once

#include <string>

#include "core/result.hpp"
#include "identity/auth_service.hpp"
#include "identity/context.hpp"

namespace palisade::store {
class Tx;
}

namespace palisade::identity {

// A new session (refresh-token family) for user in org with role, its first refresh token and an access token.
Result<TokenPair> StartSession(store::Tx& tx, const IdentityDeps& deps, const RequestContext& ctx,
                               const std::string& user_id, const std::string& org_id, const std::string& role);
// A new refresh token in an existing session and a fresh access token.
Result<TokenPair> ContinueSession(store::Tx& tx, const IdentityDeps& deps, const std::string& session_id,
                                  const std::string& user_id, const std::string& org_id, const std::string& role);

}  // namespace palisade::identity

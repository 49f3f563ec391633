// SPDX-License-Identifier: Apache-2.0
#include "identity/session_issuer.hpp"

#include "auth/jwt.hpp"
#include "auth/token_hash.hpp"
#include "core/crypto.hpp"
#include "core/time.hpp"
#include "identity/common.hpp"
#include "store/credential_repository.hpp"

namespace palisade::identity {

Result<TokenPair> StartSession(store::Tx& tx, const IdentityDeps& deps, const RequestContext& ctx,
                               const std::string& user_id, const std::string& org_id, const std::string& role) {
    store::SessionRecord s;
    s.id = NewId(deps);
    s.user_id = user_id;
    s.org_id = org_id;
    s.created_at = NowText(deps);
    s.expires_at = FormatTime(deps.clock.Now() + deps.config.refresh_token_ttl);
    s.client_ip = ctx.client_ip;
    s.user_agent = ctx.user_agent.substr(0, 256);
    store::sessions::Insert(tx, s);
    return ContinueSession(tx, deps, s.id, user_id, org_id, role);
}

Result<TokenPair> ContinueSession(store::Tx& tx, const IdentityDeps& deps, const std::string& session_id,
                                  const std::string& user_id, const std::string& org_id, const std::string& role) {
    const TimePoint now = deps.clock.Now();
    TokenPair pair;
    pair.session_id = session_id;
    pair.refresh_token = RandomToken(32, "prt_");
    store::RefreshTokenRecord r;
    r.id = NewId(deps);
    r.session_id = session_id;
    r.token_hash = auth::HashToken(pair.refresh_token);
    r.created_at = FormatTime(now);
    r.expires_at = FormatTime(now + deps.config.refresh_token_ttl);
    store::sessions::InsertRefresh(tx, r);

    auth::AccessClaims claims;
    claims.subject = user_id;
    claims.org_id = org_id;
    claims.role = role;
    claims.session_family = session_id;
    claims.token_id = NewId(deps);
    claims.issued_at = now;
    claims.expires_at = now + deps.config.access_token_ttl;
    auto jwt = deps.jwt.Issue(claims);
    if (!jwt) return tl::unexpected<Error>(jwt.error());
    pair.access_token = *jwt;
    pair.expires_in = deps.config.access_token_ttl;
    return pair;
}

}  // namespace palisade::identity

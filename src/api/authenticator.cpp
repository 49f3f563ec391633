// SPDX-License-Identifier: Apache-2.0
#include "api/authenticator.hpp"

#include "api/cookies.hpp"
#include "api/handler_support.hpp"
#include "core/strings.hpp"

namespace palisade::api {

namespace {

tl::unexpected<Error> Unauthenticated(std::string message) {
    return Fail(ErrorCode::kUnauthenticated, std::move(message));
}

// "Bearer <token>": the scheme is case-insensitive (RFC 9110 11.1), the token one non-empty word.
Result<std::string> BearerToken(std::string_view header) {
    header = Trim(header);
    constexpr std::string_view kScheme = "bearer ";
    if (header.size() <= kScheme.size() || !IEquals(header.substr(0, kScheme.size()), kScheme)) {
        return Unauthenticated("malformed Authorization header: expected \"Bearer <token>\"");
    }
    const std::string_view token = Trim(header.substr(kScheme.size()));
    if (token.empty() || token.find_first_of(" \t") != std::string_view::npos) {
        return Unauthenticated("malformed Authorization header: expected \"Bearer <token>\"");
    }
    return std::string(token);
}

}  // namespace

Result<std::optional<Credential>> ExtractCredential(const server::Request& request) {
    using auth::CredentialKind;
    if (const std::string* authorization = request.Header("authorization")) {
        auto token = BearerToken(*authorization);
        if (!token) return tl::unexpected<Error>(token.error());
        return Credential{CredentialKind::kAccessToken, std::move(*token)};
    }
    if (const std::string* key = request.Header("x-api-key")) {
        const std::string_view trimmed = Trim(*key);
        if (trimmed.empty()) return Unauthenticated("empty X-API-Key header");
        return Credential{CredentialKind::kApiKey, std::string(trimmed)};
    }
    auto cookie = request.Cookie(kAccessCookie);
    if (!cookie || cookie->empty()) return std::optional<Credential>();
    // Browsers attach cookies to cross-site requests too; only our UI can read the CSRF cookie into the header.
    if (IsUnsafeMethod(request.method)) {
        if (auto csrf = CheckCsrf(request); !csrf) return tl::unexpected<Error>(csrf.error());
    }
    return Credential{CredentialKind::kCookie, std::move(*cookie)};
}

void ApiAuthenticator::OnForbidden(const server::Request& request, auth::Permission needed) {
    auth_.RecordForbidden(MakeRequestContext(request),
                          std::string(server::ToString(request.method)) + " " + request.route_pattern,
                          std::string(auth::ToString(needed)));
}

Result<std::optional<auth::Principal>> ApiAuthenticator::Authenticate(const server::Request& request) {
    auto credential = ExtractCredential(request);
    if (!credential) return tl::unexpected<Error>(credential.error());
    if (!credential->has_value()) return std::optional<auth::Principal>();
    const Credential& c = **credential;
    auto principal = c.kind == auth::CredentialKind::kApiKey ? auth_.AuthenticateApiKey(c.secret)
                                                             : auth_.AuthenticateAccessToken(c.secret);
    if (!principal) return tl::unexpected<Error>(principal.error());
    principal->credential = c.kind;
    return std::optional<auth::Principal>(std::move(*principal));
}

}  // namespace palisade::api

// SPDX-License-Identifier: Apache-2.0
#include "api/auth/auth_handlers.hpp"

#include <boost/json/object.hpp>

#include "api/cookies.hpp"
#include "api/handler_support.hpp"
#include "api/http_error.hpp"
#include "api/json_input.hpp"
#include "api/json_output.hpp"
#include "identity/auth_service.hpp"

namespace palisade::api {

namespace {

using server::Request;
using server::Response;

// Login and refresh answer alike: the pair in the body (API clients) and in cookies (the browser UI).
Response TokenResponse(const ApiContext& api, const identity::TokenPair& tokens, std::string_view csrf_token) {
    Response r = JsonResponse(200, boost::json::object{
                                       {"access_token", tokens.access_token},
                                       {"refresh_token", tokens.refresh_token},
                                       {"token_type", "Bearer"},
                                       {"expires_in", tokens.expires_in.count()},
                                   });
    SetSessionCookies(r, tokens, api.config.auth.refresh_token_ttl, csrf_token, api.tls);
    return r;
}

// The refresh token of a refresh or logout request: the body's, else the palisade_refresh cookie's. A cookie is
// sent by the browser on its own, so using it needs the CSRF header too. "" when there is none.
Result<std::string> RefreshTokenOf(const Request& request, std::optional<std::string> from_body) {
    if (from_body && !from_body->empty()) return std::move(*from_body);
    auto cookie = request.Cookie(kRefreshCookie);
    if (!cookie || cookie->empty()) return std::string();
    if (auto csrf = CheckCsrf(request); !csrf) return tl::unexpected<Error>(csrf.error());
    return std::move(*cookie);
}

Response Register(const ApiContext& api, Request& request) {
    auto in = JsonInput::Parse(request.body);
    if (!in) return ErrorResponse(in.error(), request);
    identity::RegisterInput input;
    input.email = in->RequiredString("email", kMaxEmailChars);
    input.password = in->RequiredString("password", kMaxPasswordChars, TextKind::kSecret);
    input.display_name = in->OptionalString("display_name", kMaxNameChars).value_or("");
    input.organization = in->OptionalString("organization", kMaxNameChars).value_or("");
    input.invitation_token = in->OptionalString("invitation_token", kMaxTokenChars).value_or("");
    if (auto done = in->Finish({"email", "password", "display_name", "organization", "invitation_token"}); !done) {
        return ErrorResponse(done.error(), request);
    }
    if (auto s = api.auth.Register(input, MakeRequestContext(request)); !s) return ErrorResponse(s.error(), request);
    // The same answer whether or not the address already had an account.
    return JsonResponse(202, boost::json::object{
                                 {"status", "accepted"},
                                 {"message", "If the address can be registered, a message with the next step has "
                                             "been sent to it."},
                             });
}

Response VerifyEmail(const ApiContext& api, Request& request) {
    auto in = JsonInput::Parse(request.body);
    if (!in) return ErrorResponse(in.error(), request);
    const std::string token = in->RequiredString("token", kMaxTokenChars);
    if (auto done = in->Finish({"token"}); !done) return ErrorResponse(done.error(), request);
    if (auto s = api.auth.VerifyEmail(token, MakeRequestContext(request)); !s) return ErrorResponse(s.error(), request);
    return JsonResponse(200, boost::json::object{{"status", "verified"}});
}

Response Login(const ApiContext& api, Request& request) {
    auto in = JsonInput::Parse(request.body);
    if (!in) return ErrorResponse(in.error(), request);
    identity::LoginInput input;
    input.email = in->RequiredString("email", kMaxEmailChars);
    input.password = in->RequiredString("password", kMaxPasswordChars, TextKind::kSecret);
    input.totp_code = in->OptionalString("totp_code", kMaxCodeChars).value_or("");
    if (auto done = in->Finish({"email", "password", "totp_code"}); !done) return ErrorResponse(done.error(), request);
    auto tokens = api.auth.Login(input, MakeRequestContext(request));
    if (!tokens) return ErrorResponse(tokens.error(), request);
    return TokenResponse(api, *tokens, NewCsrfToken());  // a new session gets a new CSRF token
}

Response Refresh(const ApiContext& api, Request& request) {
    auto in = JsonInput::ParseOrEmpty(request.body);
    if (!in) return ErrorResponse(in.error(), request);
    auto from_body = in->OptionalString("refresh_token", kMaxTokenChars);
    if (auto done = in->Finish({"refresh_token"}); !done) return ErrorResponse(done.error(), request);
    auto token = RefreshTokenOf(request, std::move(from_body));
    if (!token) return ErrorResponse(token.error(), request);
    if (token->empty()) {
        return ErrorResponse(Error{ErrorCode::kUnauthenticated, "a refresh token is required", {}, {}, 0}, request);
    }
    auto tokens = api.auth.Refresh(*token, MakeRequestContext(request));
    if (!tokens) return ErrorResponse(tokens.error(), request);
    // Same session: keep its CSRF token so other open tabs keep working.
    return TokenResponse(api, *tokens, CsrfTokenFor(request));
}

Response Logout(const ApiContext& api, Request& request) {
    auto in = JsonInput::ParseOrEmpty(request.body);
    if (!in) return ErrorResponse(in.error(), request);
    auto from_body = in->OptionalString("refresh_token", kMaxTokenChars);
    if (auto done = in->Finish({"refresh_token"}); !done) return ErrorResponse(done.error(), request);
    std::string token;
    // Authenticated: the service ends the principal's own session and ignores the token.
    if (!request.principal) {
        auto t = RefreshTokenOf(request, std::move(from_body));
        if (!t) return ErrorResponse(t.error(), request);
        token = std::move(*t);
    }
    if (auto s = api.auth.Logout(MakeRequestContext(request), token); !s) return ErrorResponse(s.error(), request);
    Response r = EmptyResponse(204);
    ClearSessionCookies(r, api.tls);
    return r;
}

Response RequestPasswordReset(const ApiContext& api, Request& request) {
    auto in = JsonInput::Parse(request.body);
    if (!in) return ErrorResponse(in.error(), request);
    const std::string email = in->RequiredString("email", kMaxEmailChars);
    if (auto done = in->Finish({"email"}); !done) return ErrorResponse(done.error(), request);
    auto s = api.auth.RequestPasswordReset(email, MakeRequestContext(request));
    if (!s) return ErrorResponse(s.error(), request);
    return JsonResponse(202, boost::json::object{
                                 {"status", "accepted"},
                                 {"message", "If an account uses this address, a reset link has been sent to it."},
                             });
}

Response ConfirmPasswordReset(const ApiContext& api, Request& request) {
    auto in = JsonInput::Parse(request.body);
    if (!in) return ErrorResponse(in.error(), request);
    const std::string token = in->RequiredString("token", kMaxTokenChars);
    const std::string password = in->RequiredString("password", kMaxPasswordChars, TextKind::kSecret);
    if (auto done = in->Finish({"token", "password"}); !done) return ErrorResponse(done.error(), request);
    auto s = api.auth.ConfirmPasswordReset(token, password, MakeRequestContext(request));
    if (!s) return ErrorResponse(s.error(), request);
    return JsonResponse(200, boost::json::object{{"status", "password_changed"}});
}

}  // namespace

void MountAuthRoutes(server::Router& router, const ApiContext& api) {
    router.Post("/api/v1/auth/register", Bind(api, Register)).Public();
    router.Post("/api/v1/auth/verify-email", Bind(api, VerifyEmail)).Public();
    router.Post("/api/v1/auth/login", Bind(api, Login)).Public();
    router.Post("/api/v1/auth/refresh", Bind(api, Refresh)).Public();
    router.Post("/api/v1/auth/logout", Bind(api, Logout)).Public();
    router.Post("/api/v1/auth/password-reset/request", Bind(api, RequestPasswordReset)).Public();
    router.Post("/api/v1/auth/password-reset/confirm", Bind(api, ConfirmPasswordReset)).Public();
}

}  // namespace palisade::api

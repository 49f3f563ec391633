// SPDX-License-Identifier: Apache-2.0
#include "api/me/me_handlers.hpp"

#include "api/handler_support.hpp"
#include "api/http_error.hpp"
#include "api/json_input.hpp"
#include "api/json_output.hpp"
#include "auth/permissions.hpp"
#include "identity/account_service.hpp"

namespace palisade::api {

namespace {

using server::Request;
using server::Response;

// What the caller's credential may do, as the router decides it (auth::Allows), so a client never keeps its own copy
// of the role table: every permission but "public", in declaration order (kAssetsManage is the last one).
boost::json::array PermissionsOf(const Request& request) {
    boost::json::array out;
    if (!request.principal) return out;
    for (int i = static_cast<int>(auth::Permission::kAuthenticated); i <= static_cast<int>(auth::Permission::kAssetsManage);
         ++i) {
        const auto p = static_cast<auth::Permission>(i);
        if (auth::Allows(request.principal->role, request.principal->credential, p)) out.emplace_back(auth::ToString(p));
    }
    return out;
}

// {user fields..., role, organization: {id, name}, recovery_codes_left, permissions}
Response MeResponse(const identity::MeView& me, const Request& request) {
    boost::json::object out = ToJson(me.user, me.role);
    out["organization"] = boost::json::object{{"id", me.org.id}, {"name", me.org.name}};
    out["recovery_codes_left"] = me.recovery_codes_left;
    out["permissions"] = PermissionsOf(request);
    return JsonResponse(200, out);
}

Response GetMe(const ApiContext& api, Request& request) {
    auto me = api.account.Me(MakeRequestContext(request));
    if (!me) return ErrorResponse(me.error(), request);
    return MeResponse(*me, request);
}

Response PatchMe(const ApiContext& api, Request& request) {
    auto in = JsonInput::Parse(request.body);
    if (!in) return ErrorResponse(in.error(), request);
    const std::string display_name = in->RequiredString("display_name", kMaxNameChars);
    if (auto done = in->Finish({"display_name"}); !done) return ErrorResponse(done.error(), request);
    const identity::RequestContext ctx = MakeRequestContext(request);
    if (auto s = api.account.UpdateProfile(display_name, ctx); !s) return ErrorResponse(s.error(), request);
    auto me = api.account.Me(ctx);
    if (!me) return ErrorResponse(me.error(), request);
    return MeResponse(*me, request);
}

// {current_password, new_password} -> {sessions_revoked}: the caller's own password, from a session (not an API key).
Response ChangePassword(const ApiContext& api, Request& request) {
    auto in = JsonInput::Parse(request.body);
    if (!in) return ErrorResponse(in.error(), request);
    const std::string current = in->RequiredString("current_password", kMaxPasswordChars, TextKind::kSecret);
    const std::string next = in->RequiredString("new_password", kMaxPasswordChars, TextKind::kSecret);
    if (auto done = in->Finish({"current_password", "new_password"}); !done) return ErrorResponse(done.error(), request);
    auto revoked = api.account.ChangePassword(current, next, MakeRequestContext(request));
    if (!revoked) return ErrorResponse(revoked.error(), request);
    return JsonResponse(200, boost::json::object{{"sessions_revoked", *revoked}});
}

}  // namespace

void MountMeRoutes(server::Router& router, const ApiContext& api) {
    router.Get("/api/v1/me", Bind(api, GetMe)).Require(auth::Permission::kAuthenticated);
    router.Patch("/api/v1/me", Bind(api, PatchMe)).Require(auth::Permission::kAuthenticated);
    router.Post("/api/v1/me/password", Bind(api, ChangePassword)).Require(auth::Permission::kSession);
}

}  // namespace palisade::api

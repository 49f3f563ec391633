// SPDX-License-Identifier: Apache-2.0
#include "api/users/user_handlers.hpp"

#include "api/handler_support.hpp"
#include "api/http_error.hpp"
#include "api/json_input.hpp"
#include "api/json_output.hpp"
#include "identity/admin_service.hpp"

namespace palisade::api {

namespace {

using server::Request;
using server::Response;

Response MemberResponse(const Result<store::MemberRecord>& member, const Request& request) {
    if (!member) return ErrorResponse(member.error(), request);
    return JsonResponse(200, ToJson(*member));
}

Response List(const ApiContext& api, Request& request) {
    auto params = ParseListParams(request);
    if (!params) return ErrorResponse(params.error(), request);
    auto page = api.admin.ListUsers(params->cursor, params->limit, MakeRequestContext(request));
    if (!page) return ErrorResponse(page.error(), request);
    return JsonResponse(200, PageToJson(*page));
}

Response Get(const ApiContext& api, Request& request) {
    return MemberResponse(api.admin.GetUser(std::string(request.PathParam("id")), MakeRequestContext(request)),
                          request);
}

Response ChangeRole(const ApiContext& api, Request& request) {
    auto in = JsonInput::Parse(request.body);
    if (!in) return ErrorResponse(in.error(), request);
    const std::string role = in->RequiredString("role", kMaxRoleChars);
    if (auto done = in->Finish({"role"}); !done) return ErrorResponse(done.error(), request);
    return MemberResponse(api.admin.ChangeRole(std::string(request.PathParam("id")), role, MakeRequestContext(request)),
                          request);
}

Response Deactivate(const ApiContext& api, Request& request) {
    return MemberResponse(api.admin.Deactivate(std::string(request.PathParam("id")), MakeRequestContext(request)),
                          request);
}

Response Reactivate(const ApiContext& api, Request& request) {
    return MemberResponse(api.admin.Reactivate(std::string(request.PathParam("id")), MakeRequestContext(request)),
                          request);
}

Response Unlock(const ApiContext& api, Request& request) {
    auto s = api.admin.Unlock(std::string(request.PathParam("id")), MakeRequestContext(request));
    if (!s) return ErrorResponse(s.error(), request);
    return EmptyResponse(204);
}

}  // namespace

void MountUserRoutes(server::Router& router, const ApiContext& api) {
    using auth::Permission;
    router.Get("/api/v1/users", Bind(api, List)).Require(Permission::kUsersRead);
    router.Get("/api/v1/users/{id}", Bind(api, Get)).Require(Permission::kUsersRead);
    router.Patch("/api/v1/users/{id}", Bind(api, ChangeRole)).Require(Permission::kUsersManage);
    router.Post("/api/v1/users/{id}/deactivate", Bind(api, Deactivate)).Require(Permission::kUsersManage);
    router.Post("/api/v1/users/{id}/reactivate", Bind(api, Reactivate)).Require(Permission::kUsersManage);
    router.Post("/api/v1/users/{id}/unlock", Bind(api, Unlock)).Require(Permission::kUsersManage);
}

}  // namespace palisade::api

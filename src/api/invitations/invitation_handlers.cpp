// SPDX-License-Identifier: Apache-2.0
#include "api/invitations/invitation_handlers.hpp"

#include "api/handler_support.hpp"
#include "api/http_error.hpp"
#include "api/json_input.hpp"
#include "api/json_output.hpp"
#include "identity/admin_service.hpp"

namespace palisade::api {

namespace {

using server::Request;
using server::Response;

Response List(const ApiContext& api, Request& request) {
    auto params = ParseListParams(request);
    if (!params) return ErrorResponse(params.error(), request);
    auto page = api.admin.ListInvitations(params->cursor, params->limit, MakeRequestContext(request));
    if (!page) return ErrorResponse(page.error(), request);
    return JsonResponse(200, PageToJson(*page));
}

Response Create(const ApiContext& api, Request& request) {
    auto in = JsonInput::Parse(request.body);
    if (!in) return ErrorResponse(in.error(), request);
    identity::InviteInput input;
    input.email = in->RequiredString("email", kMaxEmailChars);
    input.role = in->RequiredString("role", kMaxRoleChars);
    if (auto done = in->Finish({"email", "role"}); !done) return ErrorResponse(done.error(), request);
    auto invitation = api.admin.Invite(input, MakeRequestContext(request));
    if (!invitation) return ErrorResponse(invitation.error(), request);
    return JsonResponse(201, ToJson(*invitation));
}

Response Revoke(const ApiContext& api, Request& request) {
    auto s = api.admin.RevokeInvitation(std::string(request.PathParam("id")), MakeRequestContext(request));
    if (!s) return ErrorResponse(s.error(), request);
    return EmptyResponse(204);
}

}  // namespace

void MountInvitationRoutes(server::Router& router, const ApiContext& api) {
    using auth::Permission;
    router.Get("/api/v1/invitations", Bind(api, List)).Require(Permission::kUsersManage);
    router.Post("/api/v1/invitations", Bind(api, Create)).Require(Permission::kUsersManage);
    router.Delete("/api/v1/invitations/{id}", Bind(api, Revoke)).Require(Permission::kUsersManage);
}

}  // namespace palisade::api

// SPDX-License-Identifier: Apache-2.0
#include "api/orgs/org_handlers.hpp"

#include "api/handler_support.hpp"
#include "api/http_error.hpp"
#include "api/json_input.hpp"
#include "api/json_output.hpp"
#include "identity/admin_service.hpp"

namespace palisade::api {

namespace {

using server::Request;
using server::Response;

Response GetCurrent(const ApiContext& api, Request& request) {
    auto org = api.admin.CurrentOrg(MakeRequestContext(request));
    if (!org) return ErrorResponse(org.error(), request);
    return JsonResponse(200, ToJson(*org));
}

Response Rename(const ApiContext& api, Request& request) {
    auto in = JsonInput::Parse(request.body);
    if (!in) return ErrorResponse(in.error(), request);
    const std::string name = in->RequiredString("name", kMaxNameChars);
    if (auto done = in->Finish({"name"}); !done) return ErrorResponse(done.error(), request);
    auto org = api.admin.RenameOrg(name, MakeRequestContext(request));
    if (!org) return ErrorResponse(org.error(), request);
    return JsonResponse(200, ToJson(*org));
}

}  // namespace

void MountOrgRoutes(server::Router& router, const ApiContext& api) {
    router.Get("/api/v1/orgs/current", Bind(api, GetCurrent)).Require(auth::Permission::kOrgRead);
    router.Patch("/api/v1/orgs/current", Bind(api, Rename)).Require(auth::Permission::kOrgManage);
}

}  // namespace palisade::api

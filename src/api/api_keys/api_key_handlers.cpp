// SPDX-License-Identifier: Apache-2.0
#include "api/api_keys/api_key_handlers.hpp"

#include "api/handler_support.hpp"
#include "api/http_error.hpp"
#include "api/json_input.hpp"
#include "api/json_output.hpp"
#include "identity/account_service.hpp"

namespace palisade::api {

namespace {

using server::Request;
using server::Response;

Response List(const ApiContext& api, Request& request) {
    auto params = ParseListParams(request);
    if (!params) return ErrorResponse(params.error(), request);
    auto page = api.account.ListApiKeys(params->cursor, params->limit, MakeRequestContext(request));
    if (!page) return ErrorResponse(page.error(), request);
    return JsonResponse(200, PageToJson(*page));
}

Response Create(const ApiContext& api, Request& request) {
    auto in = JsonInput::Parse(request.body);
    if (!in) return ErrorResponse(in.error(), request);
    identity::CreateApiKeyInput input;
    input.name = in->RequiredString("name", kMaxNameChars);
    input.role = in->OptionalString("role", kMaxRoleChars);
    input.expires_at = in->OptionalString("expires_at", kMaxTimeChars);
    if (auto done = in->Finish({"name", "role", "expires_at"}); !done) return ErrorResponse(done.error(), request);
    auto created = api.account.CreateApiKey(input, MakeRequestContext(request));
    if (!created) return ErrorResponse(created.error(), request);
    boost::json::object out = ToJson(created->record);
    out["key"] = created->key;  // the only time the key is shown
    return JsonResponse(201, out);
}

Response Revoke(const ApiContext& api, Request& request) {
    const std::string id(request.PathParam("id"));
    auto s = api.account.RevokeApiKey(id, MakeRequestContext(request));
    if (!s) return ErrorResponse(s.error(), request);
    return EmptyResponse(204);
}

}  // namespace

void MountApiKeyRoutes(server::Router& router, const ApiContext& api) {
    using auth::Permission;
    router.Get("/api/v1/api-keys", Bind(api, List)).Require(Permission::kAuthenticated);
    router.Post("/api/v1/api-keys", Bind(api, Create)).Require(Permission::kSession);
    router.Delete("/api/v1/api-keys/{id}", Bind(api, Revoke)).Require(Permission::kAuthenticated);
}

}  // namespace palisade::api

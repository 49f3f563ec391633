// SPDX-License-Identifier: Apache-2.0
#include "api/outbox/outbox_handlers.hpp"

#include "api/handler_support.hpp"
#include "api/http_error.hpp"
#include "api/json_output.hpp"
#include "identity/admin_service.hpp"

namespace palisade::api {

namespace {

server::Response List(const ApiContext& api, server::Request& request) {
    auto params = ParseListParams(request);
    if (!params) return ErrorResponse(params.error(), request);
    auto page = api.admin.ListOutbox(params->cursor, params->limit, MakeRequestContext(request));
    if (!page) return ErrorResponse(page.error(), request);
    return JsonResponse(200, PageToJson(*page));
}

}  // namespace

void MountOutboxRoutes(server::Router& router, const ApiContext& api) {
    router.Get("/api/v1/outbox", Bind(api, List)).Require(auth::Permission::kOutboxRead);
}

}  // namespace palisade::api

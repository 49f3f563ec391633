// SPDX-License-Identifier: Apache-2.0
// Every handler here but /readyz runs inline on the I/O thread: none of them blocks.
#include "api/system/system_handlers.hpp"

#include <boost/json/object.hpp>

#include "api/http_error.hpp"
#include "api/json_output.hpp"
#include "api/openapi.hpp"
#include "log/log.hpp"
#include "server/problem.hpp"
#include "store/store.hpp"

namespace palisade::api {

namespace {

server::Response Healthz(const ApiContext&, server::Request&) {
    return JsonResponse(200, boost::json::object{{"status", "ok"}});
}

server::Response Readyz(const ApiContext& api, server::Request& request) {
    auto ready = api.store.Ready();
    if (!ready) {
        log::Warn("not ready", {{"request_id", request.request_id},
                                {"reason", ready.error().message},
                                {"detail", ready.error().detail}});
        return server::Problem(503, "not-ready", "Not ready", ready.error().message);
    }
    return JsonResponse(200, boost::json::object{{"status", "ready"}});
}

server::Response Metrics(const ApiContext& api, server::Request&) {
    server::Response r;
    r.SetHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
    r.body = api.metrics.RenderPrometheus();
    return r;
}

server::Response OpenApi(const ApiContext&, server::Request& request) {
    const auto& json = OpenApiJson();
    if (!json) return ErrorResponse(json.error(), request);
    server::Response r;
    r.SetHeader("Content-Type", "application/json");
    r.body = *json;
    return r;
}

}  // namespace

void MountSystemRoutes(server::Router& router, const ApiContext& api) {
    // Convert the document now, not on the I/O thread of the first request that asks for it.
    if (const auto& json = OpenApiJson(); !json) {
        log::Error("OpenAPI document does not convert", {{"detail", json.error().detail}});
    }
    router.Get("/healthz", Bind(api, Healthz)).Public().Inline();
    router.Get("/readyz", Bind(api, Readyz)).Public();  // queries the database: runs on the blocking pool
    router.Get("/metrics", Bind(api, Metrics)).Public().Inline();
    router.Get("/api/v1/openapi.json", Bind(api, OpenApi)).Public().Inline();
}

}  // namespace palisade::api

// SPDX-License-Identifier: Apache-2.0
// /api/v1/webhooks: the organisation's webhooks, their delivery log and test deliveries (admin).
#include <boost/json.hpp>

#include "api/handler_support.hpp"
#include "api/http_error.hpp"
#include "api/json_input.hpp"
#include "api/json_output.hpp"
#include "api/notifications/notification_handlers.hpp"
#include "notifications/notification_json.hpp"
#include "notifications/notifications.hpp"
#include "notifications/url_guard.hpp"

namespace palisade::api {

namespace {

namespace json = boost::json;
using server::Request;
using server::Response;

Response List(const NotificationApi& api, Request& request) {
    auto params = ParseListParams(request);
    if (!params) return ErrorResponse(params.error(), request);
    auto page = api.notifications.webhooks().List(params->cursor, params->limit, MakeRequestContext(request));
    if (!page) return ErrorResponse(page.error(), request);
    json::array items;
    for (const auto& w : page->items) items.push_back(notifications::ToJson(w));
    return JsonResponse(200, ItemsPage(std::move(items), page->next_cursor));
}

Response Create(const NotificationApi& api, Request& request) {
    auto in = JsonInput::Parse(request.body);
    if (!in) return ErrorResponse(in.error(), request);
    notifications::WebhookInput input;
    input.name = in->RequiredString("name", notifications::kMaxWebhookNameChars);
    input.url = in->RequiredString("url", notifications::kMaxUrlChars);
    input.enabled = in->OptionalBool("enabled").value_or(true);
    input.allow_private = in->OptionalBool("allow_private").value_or(false);
    if (auto done = in->Finish({"name", "url", "enabled", "allow_private"}); !done) {
        return ErrorResponse(done.error(), request);
    }
    auto created = api.notifications.webhooks().Create(input, MakeRequestContext(request));
    if (!created) return ServiceError(created.error(), {}, request);
    // The only response that ever carries the secret.
    json::object body = notifications::ToJson(created->webhook);
    body["secret"] = created->secret;
    Response r = JsonResponse(201, body);
    r.SetHeader("Location", "/api/v1/webhooks/" + created->webhook.id);
    r.SetHeader("Cache-Control", "no-store");
    return r;
}

Response Get(const NotificationApi& api, Request& request) {
    auto w = api.notifications.webhooks().Get(std::string(request.PathParam("id")), MakeRequestContext(request));
    if (!w) return ErrorResponse(w.error(), request);
    return JsonResponse(200, notifications::ToJson(*w));
}

Response Patch(const NotificationApi& api, Request& request) {
    auto in = JsonInput::Parse(request.body);
    if (!in) return ErrorResponse(in.error(), request);
    notifications::WebhookPatch patch;
    patch.name = in->OptionalString("name", notifications::kMaxWebhookNameChars);
    patch.url = in->OptionalString("url", notifications::kMaxUrlChars);
    patch.enabled = in->OptionalBool("enabled");
    patch.allow_private = in->OptionalBool("allow_private");
    if (auto done = in->Finish({"name", "url", "enabled", "allow_private"}); !done) {
        return ErrorResponse(done.error(), request);
    }
    auto w =
        api.notifications.webhooks().Update(std::string(request.PathParam("id")), patch, MakeRequestContext(request));
    if (!w) return ServiceError(w.error(), {}, request);
    return JsonResponse(200, notifications::ToJson(*w));
}

Response Delete(const NotificationApi& api, Request& request) {
    auto s = api.notifications.webhooks().Delete(std::string(request.PathParam("id")), MakeRequestContext(request));
    if (!s) return ErrorResponse(s.error(), request);
    return EmptyResponse(204);
}

Response Deliveries(const NotificationApi& api, Request& request) {
    auto params = ParseListParams(request);
    if (!params) return ErrorResponse(params.error(), request);
    auto page = api.notifications.webhooks().Deliveries(std::string(request.PathParam("id")), params->cursor,
                                                        params->limit, MakeRequestContext(request));
    if (!page) return ErrorResponse(page.error(), request);
    json::array items;
    for (const auto& d : page->items) items.push_back(notifications::ToJson(d));
    return JsonResponse(200, ItemsPage(std::move(items), page->next_cursor));
}

Response Test(const NotificationApi& api, Request& request) {
    auto d = api.notifications.webhooks().Test(std::string(request.PathParam("id")), MakeRequestContext(request));
    if (!d) return ErrorResponse(d.error(), request);
    return JsonResponse(200, notifications::ToJson(*d));
}

}  // namespace

void MountWebhookRoutes(server::Router& router, const NotificationApi& api) {
    using auth::Permission;
    router.Get("/api/v1/webhooks", BindNotification(api, List)).Require(Permission::kOrgManage);
    router.Post("/api/v1/webhooks", BindNotification(api, Create)).Require(Permission::kOrgManage);
    router.Get("/api/v1/webhooks/{id}", BindNotification(api, Get)).Require(Permission::kOrgManage);
    router.Patch("/api/v1/webhooks/{id}", BindNotification(api, Patch)).Require(Permission::kOrgManage);
    router.Delete("/api/v1/webhooks/{id}", BindNotification(api, Delete)).Require(Permission::kOrgManage);
    router.Get("/api/v1/webhooks/{id}/deliveries", BindNotification(api, Deliveries)).Require(Permission::kOrgManage);
    router.Post("/api/v1/webhooks/{id}/test", BindNotification(api, Test)).Require(Permission::kOrgManage);
}

}  // namespace palisade::api

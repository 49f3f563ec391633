// SPDX-License-Identifier: Apache-2.0
// GET /api/v1/notifications, GET /api/v1/notifications/unread-count, POST /api/v1/notifications/{id}/read,
// POST /api/v1/notifications/read-all: the caller's own notifications.
#include <boost/json.hpp>

#include "api/handler_support.hpp"
#include "api/http_error.hpp"
#include "api/json_output.hpp"
#include "api/notifications/notification_handlers.hpp"
#include "notifications/notification_json.hpp"
#include "notifications/notifications.hpp"

namespace palisade::api {

namespace {

namespace json = boost::json;
using server::Request;
using server::Response;

Response List(const NotificationApi& api, Request& request) {
    std::vector<server::FieldError> errors;
    const ListParams params = ReadListParams(request, errors);
    notifications::InboxQuery query;
    if (auto unread = request.QueryParam("unread")) {
        if (*unread == "true") {
            query.unread_only = true;
        } else if (*unread != "false") {
            errors.push_back({"unread", "must be true or false"});
        }
    }
    query.kind = ReadQueryText(request, "kind", 32, errors);
    if (!errors.empty()) return ErrorResponse(ValidationFailed(errors).value(), request);
    query.cursor = params.cursor;
    query.limit = params.limit;
    auto page = api.notifications.inbox().List(query, MakeRequestContext(request));
    if (!page) return ErrorResponse(page.error(), request);
    json::array items;
    for (const auto& n : page->items) items.push_back(notifications::ToJson(n));
    return JsonResponse(200, ItemsPage(std::move(items), page->next_cursor));
}

Response UnreadCount(const NotificationApi& api, Request& request) {
    auto n = api.notifications.inbox().UnreadCount(MakeRequestContext(request));
    if (!n) return ErrorResponse(n.error(), request);
    return JsonResponse(200, json::object{{"unread", *n}});
}

Response Read(const NotificationApi& api, Request& request) {
    auto n = api.notifications.inbox().MarkRead(std::string(request.PathParam("id")), MakeRequestContext(request));
    if (!n) return ErrorResponse(n.error(), request);
    return JsonResponse(200, notifications::ToJson(*n));
}

Response ReadAll(const NotificationApi& api, Request& request) {
    auto n = api.notifications.inbox().MarkAllRead(MakeRequestContext(request));
    if (!n) return ErrorResponse(n.error(), request);
    return JsonResponse(200, json::object{{"updated", *n}});
}

}  // namespace

void MountInboxRoutes(server::Router& router, const NotificationApi& api) {
    using auth::Permission;
    router.Get("/api/v1/notifications", BindNotification(api, List)).Require(Permission::kAuthenticated);
    router.Get("/api/v1/notifications/unread-count", BindNotification(api, UnreadCount))
        .Require(Permission::kAuthenticated);
    router.Post("/api/v1/notifications/read-all", BindNotification(api, ReadAll)).Require(Permission::kAuthenticated);
    router.Post("/api/v1/notifications/{id}/read", BindNotification(api, Read)).Require(Permission::kAuthenticated);
}

}  // namespace palisade::api

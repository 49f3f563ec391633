// SPDX-License-Identifier: Apache-2.0
#include "api/notifications/notification_routes.hpp"

#include <boost/json.hpp>

#include "api/http_error.hpp"
#include "api/notifications/notification_handlers.hpp"
#include "notifications/url_guard.hpp"

namespace palisade::api {

server::Handler BindNotification(const NotificationApi& api, NotificationHandler handler) {
    return [api, handler](server::Request& request) { return handler(api, request); };
}

server::Response ServiceError(const Error& error, const std::vector<notifications::FieldIssue>& issues,
                              const server::Request& request) {
    if (error.detail == notifications::kUrlRefused || error.detail == notifications::kUrlUnresolved) {
        return server::Problem(422, "url-refused", "Webhook URL refused", error.message, {{"url", error.message}});
    }
    if (error.code == ErrorCode::kInvalidArgument && !issues.empty()) {
        std::vector<server::FieldError> fields;
        for (const auto& i : issues) fields.push_back({i.field, i.message});
        return ErrorResponse(ValidationFailed(std::move(fields)).value(), request);
    }
    return ErrorResponse(error, request);
}

boost::json::object ItemsPage(boost::json::array items, const std::string& next_cursor) {
    boost::json::object out{{"items", std::move(items)}};
    out["next_cursor"] = next_cursor.empty() ? boost::json::value(nullptr) : boost::json::value(next_cursor);
    return out;
}

void MountNotificationRoutes(server::Router& router, const NotificationApi& api) {
    MountInboxRoutes(router, api);
    MountRuleRoutes(router, api);
    MountWebhookRoutes(router, api);
}

}  // namespace palisade::api

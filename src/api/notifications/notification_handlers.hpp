// SPDX-License-Identifier: Apache-2.0
// The three route groups of MountNotificationRoutes and what their handlers share (api/notifications-internal).
#pragma once

#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "api/notifications/notification_routes.hpp"
#include "core/result.hpp"
#include "notifications/notification_types.hpp"
#include "server/http.hpp"

namespace palisade::api {

void MountInboxRoutes(server::Router& router, const NotificationApi& api);
void MountRuleRoutes(server::Router& router, const NotificationApi& api);
void MountWebhookRoutes(server::Router& router, const NotificationApi& api);

using NotificationHandler = server::Response (*)(const NotificationApi& api, server::Request& request);
server::Handler BindNotification(const NotificationApi& api, NotificationHandler handler);

// A service error as a response: a refused or unresolvable webhook URL is 422 naming "url"; kInvalidArgument with
// `issues` lists every one of them (400); anything else goes through ErrorResponse.
server::Response ServiceError(const Error& error, const std::vector<notifications::FieldIssue>& issues,
                              const server::Request& request);

// {"items": [...], "next_cursor": "..." | null}
boost::json::object ItemsPage(boost::json::array items, const std::string& next_cursor);

}  // namespace palisade::api

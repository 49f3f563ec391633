// SPDX-License-Identifier: Apache-2.0
// /api/v1/notifications, /api/v1/notification-rules and /api/v1/webhooks: a user's in-app notifications, the
// organisation's notification rules and its webhooks with their delivery log. Handlers parse, call the services
// of notifications::Notifications, and map the result. Route permissions: the caller's own notifications
// kAuthenticated; rules and webhooks kOrgManage (admins). docs/api/fragments/notifications.yaml documents every
// route.
#pragma once

#include "server/router.hpp"

namespace palisade::notifications {
class Notifications;
}

namespace palisade::api {

// What the notification handlers need. The services must outlive the router; mounting does not call them.
// Copied into each route.
struct NotificationApi {
    notifications::Notifications& notifications;
};

void MountNotificationRoutes(server::Router& router, const NotificationApi& api);

}  // namespace palisade::api

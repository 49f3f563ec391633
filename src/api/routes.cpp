// SPDX-License-Identifier: Apache-2.0
#include "api/routes.hpp"

#include "api/api_keys/api_key_handlers.hpp"
#include "api/audit/audit_handlers.hpp"
#include "api/findings/finding_routes.hpp"
#include "api/imports/import_handlers.hpp"
#include "api/auth/auth_handlers.hpp"
#include "api/invitations/invitation_handlers.hpp"
#include "api/me/me_handlers.hpp"
#include "api/notifications/notification_routes.hpp"
#include "api/orgs/org_handlers.hpp"
#include "api/outbox/outbox_handlers.hpp"
#include "api/scans/scan_handlers.hpp"
#include "api/scans/schedule_handlers.hpp"
#include "api/system/system_handlers.hpp"
#include "api/users/user_handlers.hpp"
#include "api/web/web_ui.hpp"

namespace palisade::api {

void MountRoutes(server::Router& router, const ApiContext& api) {
    MountSystemRoutes(router, api);
    MountWebUi(router, BuiltInWebUi(), api.version);
    MountAuthRoutes(router, api);
    MountTotpRoutes(router, api);
    MountMeRoutes(router, api);
    MountApiKeyRoutes(router, api);
    MountUserRoutes(router, api);
    MountInvitationRoutes(router, api);
    MountOrgRoutes(router, api);
    MountAuditRoutes(router, api);
    MountOutboxRoutes(router, api);
    MountScanRoutes(router, ScanApi{*api.scans});
    MountScheduleRoutes(router, ScheduleApi{*api.schedules});
    MountFindingRoutes(router, FindingApi{*api.findings, *api.assets});
    MountAssetRoutes(router, FindingApi{*api.findings, *api.assets});
    MountNotificationRoutes(router, NotificationApi{*api.notifications});
    MountImportRoutes(router, ImportApi{*api.imports, api.config.imports.max_upload_bytes});
}

server::Handler Bind(const ApiContext& api, ApiHandler handler) {
    return [api, handler](server::Request& request) { return handler(api, request); };
}

}  // namespace palisade::api

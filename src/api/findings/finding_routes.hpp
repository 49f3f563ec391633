// SPDX-License-Identifier: Apache-2.0
// /api/v1/findings, /api/v1/assets and /api/v1/orgs/current/sla: findings triage and export, the asset inventory
// and the organisation's SLA policy. Handlers parse, call FindingService/AssetService, and map the result.
// Route permissions: reads kFindingsRead / kAssetsRead; triage and comments kFindingsTriage; asset create, edit
// and delete kAssetsManage; SLA policy change kOrgManage. docs/api/fragments/findings.yaml documents every route.
#pragma once

#include "server/router.hpp"

namespace palisade::findings {
class FindingService;
class AssetService;
}  // namespace palisade::findings

namespace palisade::api {

// What the findings and assets handlers need. The services must outlive the router; mounting does not call them.
// Copied into each route.
struct FindingApi {
    findings::FindingService& findings;
    findings::AssetService& assets;
};

// Mounts the findings routes and the SLA policy routes (GET/PUT /api/v1/orgs/current/sla).
void MountFindingRoutes(server::Router& router, const FindingApi& api);
// Mounts the /api/v1/assets routes.
void MountAssetRoutes(server::Router& router, const FindingApi& api);

}  // namespace palisade::api

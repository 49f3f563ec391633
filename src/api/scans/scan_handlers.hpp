// SPDX-License-Identifier: Apache-2.0
// /api/v1/scans, /api/v1/scan-profiles and /api/v1/orgs/current/scope: scans as a service (docs/api.md "Scans").
#pragma once

#include "server/router.hpp"

namespace palisade::scans {
class ScanService;
}

namespace palisade::api {

struct ScanApi {
    scans::ScanService& scans;
};

void MountScanRoutes(server::Router& router, const ScanApi& api);

}  // namespace palisade::api

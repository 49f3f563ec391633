// SPDX-License-Identifier: Apache-2.0
// Operational routes: GET / (home page), /healthz, /readyz, /metrics, /api/v1/openapi.json. All public.
#pragma once

#include "api/routes.hpp"

namespace palisade::api {

void MountSystemRoutes(server::Router& router, const ApiContext& api);

}  // namespace palisade::api

// SPDX-License-Identifier: Apache-2.0
// /api/v1/orgs/current: the caller's organisation.
#pragma once

#include "api/routes.hpp"

namespace palisade::api {

void MountOrgRoutes(server::Router& router, const ApiContext& api);

}  // namespace palisade::api

// SPDX-License-Identifier: Apache-2.0
// /api/v1/users: the organisation's members: list, read, change role, deactivate, reactivate, unlock.
#pragma once

#include "api/routes.hpp"

namespace palisade::api {

void MountUserRoutes(server::Router& router, const ApiContext& api);

}  // namespace palisade::api

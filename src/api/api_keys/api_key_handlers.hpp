// SPDX-License-Identifier: Apache-2.0
// /api/v1/api-keys: the signed-in user's API keys (admins see the organisation's).
#pragma once

#include "api/routes.hpp"

namespace palisade::api {

void MountApiKeyRoutes(server::Router& router, const ApiContext& api);

}  // namespace palisade::api

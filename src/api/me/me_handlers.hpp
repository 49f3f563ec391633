// SPDX-License-Identifier: Apache-2.0
// /api/v1/me: the signed-in user's own profile.
#pragma once

#include "api/routes.hpp"

namespace palisade::api {

void MountMeRoutes(server::Router& router, const ApiContext& api);

}  // namespace palisade::api

// SPDX-License-Identifier: Apache-2.0
// /api/v1/outbox: mail waiting for (or past) delivery, for admins of a server without SMTP.
#pragma once

#include "api/routes.hpp"

namespace palisade::api {

void MountOutboxRoutes(server::Router& router, const ApiContext& api);

}  // namespace palisade::api

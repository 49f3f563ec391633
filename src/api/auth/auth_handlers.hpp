// SPDX-License-Identifier: Apache-2.0
// /api/v1/auth/*: sign-up, e-mail verification, login, refresh, logout, password reset (public), and TOTP
// enrolment (authenticated, totp_handlers.cpp).
#pragma once

#include "api/routes.hpp"

namespace palisade::api {

void MountAuthRoutes(server::Router& router, const ApiContext& api);
void MountTotpRoutes(server::Router& router, const ApiContext& api);

}  // namespace palisade::api

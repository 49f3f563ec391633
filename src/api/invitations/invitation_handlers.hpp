// SPDX-License-Identifier: Apache-2.0
// /api/v1/invitations: invite people into the organisation, list and revoke invitations.
#pragma once

#include "api/routes.hpp"

namespace palisade::api {

void MountInvitationRoutes(server::Router& router, const ApiContext& api);

}  // namespace palisade::api

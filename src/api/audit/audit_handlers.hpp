// SPDX-License-Identifier: Apache-2.0
// /api/v1/audit: the organisation's audit trail, newest first, filtered.
#pragma once

#include "api/api_error.hpp"
#include "api/routes.hpp"
#include "store/audit_repository.hpp"

namespace palisade::api {

void MountAuditRoutes(server::Router& router, const ApiContext& api);

// The filter of GET /api/v1/audit from its query: action (exact, or a prefix ending in '*'), actor, object_id,
// outcome (success | failure | denied), since / until (RFC 3339 UTC, "...Z"; since < until), limit (1..200,
// default 50), cursor (the seq of a previous page's next_cursor). Reports every bad parameter (ValidationFailed).
// org_id is left empty: the service sets it from the caller.
ApiResult<store::audit::Filter> ParseAuditFilter(const server::Request& request);

}  // namespace palisade::api

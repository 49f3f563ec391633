// SPDX-License-Identifier: Apache-2.0
// The one mapping from palisade::Error to an HTTP problem response (RFC 9457, application/problem+json).
//
//   kInvalidArgument   400 validation-failed  errors: every field error (or {field, message} when Error.field set)
//   kNotFound          404 not-found
//   kAlreadyExists     409 already-exists
//   kConflict          409 conflict
//   kUnauthenticated   401 unauthenticated    WWW-Authenticate: Bearer; field "totp_code" -> slug totp-required
//   kPermissionDenied  403 forbidden
//   kResourceExhausted 429 rate-limited       Retry-After: Error.retry_after_seconds (at least 1)
//   kUnavailable       503 unavailable
//   kTimeout           504 timeout
//   kInternal          500 internal           generic title and no detail at all
//
// Only Error.message reaches the client (as the problem's `detail`); Error.detail never does. 5xx answers are
// logged with the request id, the route and Error.detail. Thread-safe.
#pragma once

#include "api/api_error.hpp"
#include "server/http.hpp"

namespace palisade::api {

int HttpStatus(ErrorCode code);

// `request` supplies the request id and route for the server-side log line of a 5xx.
server::Response ErrorResponse(const ApiError& error, const server::Request& request);

}  // namespace palisade::api

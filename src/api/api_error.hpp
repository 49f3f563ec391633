// SPDX-License-Identifier: Apache-2.0
// ApiError: a palisade::Error plus every field error of a request. palisade::Error names one field; request
// validation reports all of them at once, so the API layer carries the list next to the error.
#pragma once

#include <utility>
#include <vector>

#include <tl/expected.hpp>

#include "core/result.hpp"
#include "server/problem.hpp"

namespace palisade::api {

struct ApiError {
    // Implicit on purpose: a service's Error becomes an ApiError without ceremony in handlers.
    ApiError(Error e) : error(std::move(e)) {}  // NOLINT(google-explicit-constructor)
    ApiError(Error e, std::vector<server::FieldError> fields) : error(std::move(e)), field_errors(std::move(fields)) {}

    Error error;
    // Every field at fault. Empty: the response lists {error.field, error.message} when error.field is set.
    std::vector<server::FieldError> field_errors;
};

template <typename T>
using ApiResult = tl::expected<T, ApiError>;
using ApiStatus = ApiResult<void>;

// kInvalidArgument carrying `errors` (REQUIRES !errors.empty()); error.field is the first one's field.
inline tl::unexpected<ApiError> ValidationFailed(std::vector<server::FieldError> errors) {
    Error e{ErrorCode::kInvalidArgument, "request validation failed", {}, errors.front().field, 0};
    return tl::unexpected<ApiError>(ApiError(std::move(e), std::move(errors)));
}

}  // namespace palisade::api

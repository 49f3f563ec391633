// SPDX-License-Identifier: Apache-2.0
#include "api/http_error.hpp"

#include <algorithm>
#include <string>

#include "log/log.hpp"
#include "server/problem.hpp"

namespace palisade::api {

namespace {

struct Kind {
    std::string_view slug;
    std::string_view title;
};

Kind KindOf(const Error& e) {
    switch (e.code) {
        case ErrorCode::kInvalidArgument: return {"validation-failed", "Validation failed"};
        case ErrorCode::kNotFound: return {"not-found", "Not found"};
        case ErrorCode::kAlreadyExists: return {"already-exists", "Already exists"};
        case ErrorCode::kConflict: return {"conflict", "Conflict"};
        case ErrorCode::kUnauthenticated:
            // The client must ask for the second factor (or a new code) rather than the password again.
            if (e.field == "totp_code") return {"totp-required", "Second factor required"};
            return {"unauthenticated", "Authentication required"};
        case ErrorCode::kPermissionDenied: return {"forbidden", "Forbidden"};
        case ErrorCode::kResourceExhausted: return {"rate-limited", "Too many requests"};
        case ErrorCode::kUnavailable: return {"unavailable", "Service unavailable"};
        case ErrorCode::kTimeout: return {"timeout", "Timed out"};
        case ErrorCode::kInternal: break;
    }
    return {"internal", "Internal server error"};
}

}  // namespace

int HttpStatus(ErrorCode code) {
    switch (code) {
        case ErrorCode::kInvalidArgument: return 400;
        case ErrorCode::kNotFound: return 404;
        case ErrorCode::kAlreadyExists:
        case ErrorCode::kConflict: return 409;
        case ErrorCode::kUnauthenticated: return 401;
        case ErrorCode::kPermissionDenied: return 403;
        case ErrorCode::kResourceExhausted: return 429;
        case ErrorCode::kUnavailable: return 503;
        case ErrorCode::kTimeout: return 504;
        case ErrorCode::kInternal: break;
    }
    return 500;
}

server::Response ErrorResponse(const ApiError& api_error, const server::Request& request) {
    const Error& e = api_error.error;
    const int status = HttpStatus(e.code);
    const Kind kind = KindOf(e);
    if (status >= 500) {
        log::Error("request failed", {{"request_id", request.request_id},
                                      {"route", request.route_pattern},
                                      {"code", std::string(ToString(e.code))},
                                      {"message", e.message},
                                      {"detail", e.detail}});
    }
    std::vector<server::FieldError> fields = api_error.field_errors;
    if (fields.empty() && !e.field.empty() && status < 500) fields.push_back({e.field, e.message});
    // A 500 says nothing about its cause: even Error.message may describe internals there.
    const std::string_view detail = e.code == ErrorCode::kInternal ? std::string_view() : std::string_view(e.message);
    server::Response r = server::Problem(status, kind.slug, kind.title, detail, fields);
    if (status == 401) r.SetHeader("WWW-Authenticate", "Bearer");
    if (status == 429) r.SetHeader("Retry-After", std::to_string(std::max(1L, e.retry_after_seconds)));
    return r;
}

}  // namespace palisade::api

// SPDX-License-Identifier: Apache-2.0
#include "core/result.hpp"

#include <cstdio>
#include <cstdlib>

namespace palisade {

std::string_view ToString(ErrorCode code) {
    switch (code) {
        case ErrorCode::kInvalidArgument: return "invalid_argument";
        case ErrorCode::kNotFound: return "not_found";
        case ErrorCode::kAlreadyExists: return "already_exists";
        case ErrorCode::kUnauthenticated: return "unauthenticated";
        case ErrorCode::kPermissionDenied: return "permission_denied";
        case ErrorCode::kConflict: return "conflict";
        case ErrorCode::kUnavailable: return "unavailable";
        case ErrorCode::kTimeout: return "timeout";
        case ErrorCode::kInternal: return "internal";
        case ErrorCode::kResourceExhausted: return "resource_exhausted";
    }
    return "internal";
}

void AssertFailed(const char* expr, const char* why, const char* file, int line) {
    std::fprintf(stderr, "palisade: assertion failed: %s (%s) at %s:%d\n", expr, why, file, line);
    std::abort();
}

}  // namespace palisade

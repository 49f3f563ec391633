// SPDX-License-Identifier: Apache-2.0
#include "cli/exit_code.hpp"

#include <cstdio>

namespace palisade::cli {

int ExitCode(const Error& error) {
    switch (error.code) {
        case ErrorCode::kInvalidArgument: return kExitUsage;
        case ErrorCode::kNotFound: return kExitNotFound;
        case ErrorCode::kAlreadyExists:
        case ErrorCode::kConflict: return kExitConflict;
        case ErrorCode::kUnavailable:
        case ErrorCode::kTimeout: return kExitUnavailable;
        case ErrorCode::kUnauthenticated:
        case ErrorCode::kPermissionDenied:
        case ErrorCode::kResourceExhausted: return kExitDenied;
        case ErrorCode::kInternal: return kExitInternal;
    }
    return kExitInternal;
}

int Report(const Error& error) {
    std::fprintf(stderr, "palisade: %s%s%s\n", error.field.empty() ? "" : error.field.c_str(),
                 error.field.empty() ? "" : ": ", error.message.c_str());
    // The CLI runs on the operator's own terminal: the detail helps and holds no client-facing secret.
    if (!error.detail.empty() && (error.code == ErrorCode::kUnavailable || error.code == ErrorCode::kInternal ||
                                  error.code == ErrorCode::kConflict)) {
        std::fprintf(stderr, "  %s\n", error.detail.c_str());
    }
    return ExitCode(error);
}

}  // namespace palisade::cli

// SPDX-License-Identifier: Apache-2.0
// palisade::Result<T>: the return type of every boundary that can fail for outside reasons.
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include <tl/expected.hpp>

namespace palisade {

// A small closed set. The HTTP mapping lives in api/http_error.cpp, the exit-code mapping in cli/exit_code.cpp.
enum class ErrorCode {
    kInvalidArgument,
    kNotFound,
    kAlreadyExists,
    kUnauthenticated,
    kPermissionDenied,
    kConflict,
    kUnavailable,
    kTimeout,
    kInternal,
    // Beyond STYLE.md's list: throttling (login lockout, rate limits) answers 429 and must be told apart.
    kResourceExhausted,
};

std::string_view ToString(ErrorCode code);

struct Error {
    ErrorCode code = ErrorCode::kInternal;
    std::string message;  // safe to show to a client
    std::string detail;   // server-side only (logs); never sent to a client
    std::string field;    // the input field at fault, when there is one (JSON pointer-ish: "email", "user.name")
    long retry_after_seconds = 0;  // kResourceExhausted: when to try again (HTTP Retry-After)
};

template <typename T>
using Result = tl::expected<T, Error>;

// Status: a Result with no value.
using Status = Result<void>;

inline tl::unexpected<Error> Fail(ErrorCode code, std::string message, std::string detail = {}) {
    return tl::unexpected<Error>(Error{code, std::move(message), std::move(detail), {}, 0});
}

inline tl::unexpected<Error> FailField(std::string field, std::string message) {
    return tl::unexpected<Error>(Error{ErrorCode::kInvalidArgument, std::move(message), {}, std::move(field), 0});
}

inline tl::unexpected<Error> Fail(Error error) { return tl::unexpected<Error>(std::move(error)); }

inline Status Ok() { return {}; }

}  // namespace palisade

// Programmer errors only; user input must never be able to trigger it.
#define PALISADE_ASSERT(cond, why) \
    do {                           \
        if (!(cond)) ::palisade::AssertFailed(#cond, why, __FILE__, __LINE__); \
    } while (0)

namespace palisade {
[[noreturn]] void AssertFailed(const char* expr, const char* why, const char* file, int line);
}

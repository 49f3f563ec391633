// SPDX-License-Identifier: Apache-2.0
// The one mapping from errors to process exit codes (documented in docs/cli.md).
#pragma once

#include "core/result.hpp"

namespace palisade::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitInternal = 1;
inline constexpr int kExitUsage = 2;          // bad flags, bad configuration, invalid input
inline constexpr int kExitNotFound = 3;
inline constexpr int kExitConflict = 4;       // already exists, changed migration
inline constexpr int kExitUnavailable = 5;    // database or network unreachable
inline constexpr int kExitDenied = 6;
inline constexpr int kExitAuditBroken = 8;    // verify-audit found an altered or missing entry

int ExitCode(const Error& error);
// Prints "palisade: <message>" (and the detail on a second line for internal and unavailable errors) to stderr.
int Report(const Error& error);

}  // namespace palisade::cli

// SPDX-License-Identifier: Apache-2.0
// Text <-> value conversions for configuration values, shared by the YAML file, PALISADE_* variables and flags.
// Pure functions, no I/O, thread-safe. Every Parse* returns kInvalidArgument with a message fit to follow
// "source: key: " (e.g. "not a duration (e.g. 30s, 15m, 24h, 500ms)"); Format* output parses back to the same value.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

#include "config/config.hpp"
#include "core/result.hpp"

namespace palisade::config {

// A whole number, optional leading '-', no spaces or suffixes.
Result<int> ParseInt(std::string_view text);

// true/false, yes/no, on/off, 1/0; ASCII case-insensitive.
Result<bool> ParseBool(std::string_view text);

// A bare integer is SECONDS ("90"). Otherwise one or more <integer><unit> parts, unit ms, s, m, h or d:
// "500ms", "30s", "15m", "24h", "7d", "1h30m". Negative values are rejected; overflow is an error.
Result<std::chrono::milliseconds> ParseDuration(std::string_view text);

// A bare integer is BYTES ("1048576"). Otherwise <integer><unit>, unit B, KiB, MiB or GiB (powers of 1024):
// "16KiB", "1MiB". Overflow is an error.
Result<std::size_t> ParseSize(std::string_view text);

// The shortest exact form in the largest unit: 900s -> "15m", 1500ms -> "1500ms", 0 -> "0s".
std::string FormatDuration(std::chrono::milliseconds d);

// "1MiB" when an exact multiple of a unit, else the byte count: 1536 -> "1536".
std::string FormatSize(std::size_t bytes);

// "open" | "invite-only" | "off"
std::string_view ToString(SignupMode mode);
Result<SignupMode> ParseSignupMode(std::string_view text);

// "starttls" | "tls" | "none"
std::string_view ToString(SmtpSecurity security);
Result<SmtpSecurity> ParseSmtpSecurity(std::string_view text);

}  // namespace palisade::config

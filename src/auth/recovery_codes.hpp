// SPDX-License-Identifier: Apache-2.0
// One-time recovery codes for accounts with TOTP: shown once, stored only as HashToken(NormalizeRecoveryCode(c)).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace palisade::auth {

// The 31 characters codes are drawn from: lower-case letters and digits without 0/o, 1/l/i.
inline constexpr std::string_view kRecoveryCodeAlphabet = "abcdefghjkmnpqrstuvwxyz23456789";

// `n` distinct codes formatted "xxxx-xxxx-xxxx" (12 characters, about 59 bits each). Empty for n <= 0.
// Thread-safe.
std::vector<std::string> NewRecoveryCodes(int n = 10);

// The canonical form to hash and compare: ASCII lower-case with spaces, tabs and dashes removed, so
// "ABCD-EFGH-JKMN", "abcd efgh jkmn" and "abcdefghjkmn" are the same code.
std::string NormalizeRecoveryCode(std::string_view code);

}  // namespace palisade::auth

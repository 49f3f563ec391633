// SPDX-License-Identifier: Apache-2.0
// How bearer secrets we generate (refresh tokens, API keys, e-mail links, recovery codes) are stored: the hex
// SHA-256 of the token. They carry >= 59 bits (recovery codes) to 256 bits of randomness, so a fast hash is
// enough and lets the database look them up by hash. Passwords, chosen by people, use auth/password_hasher.hpp.
#pragma once

#include <string>
#include <string_view>

#include "core/crypto.hpp"

namespace palisade::auth {

// 64 lower-case hex digits. Thread-safe.
inline std::string HashToken(std::string_view token) { return Sha256Hex(token); }

}  // namespace palisade::auth

// SPDX-License-Identifier: Apache-2.0
// Randomness and hashing primitives (libsodium). Thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/clock.hpp"

namespace palisade {

// Must run once before any other function here (idempotent); returns false if libsodium cannot start.
bool InitCrypto();

std::string RandomBytes(std::size_t n);
// A URL-safe random token carrying `bytes` bytes of entropy, optionally with a readable prefix ("pk_").
std::string RandomToken(std::size_t bytes = 32, std::string_view prefix = {});
std::string Sha256(std::string_view data);     // 32 raw bytes
std::string Sha256Hex(std::string_view data);  // 64 lower-case hex digits

// UUIDv7 (RFC 9562) as lower-case text: 48-bit Unix milliseconds, then random bits.
std::string NewUuidV7(TimePoint now);

}  // namespace palisade

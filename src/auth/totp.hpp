// SPDX-License-Identifier: Apache-2.0
// Time-based one-time passwords (RFC 6238) as authenticator apps expect them: HMAC-SHA1, 30-second steps counted
// from the Unix epoch, 6 digits. Secrets are raw bytes here; keep them sealed at rest (auth/secret_box.hpp).
// All functions are thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"

namespace palisade::auth {

inline constexpr int kTotpStepSeconds = 30;
inline constexpr int kTotpDigits = 6;

// 20 random bytes (160 bits, the HMAC-SHA1 block-size recommendation of RFC 4226).
std::string NewTotpSecret();

// RFC 4648 base32, upper-case, without '=' padding (what authenticator apps accept in otpauth URIs).
std::string Base32(std::string_view raw);

// "otpauth://totp/ISSUER:ACCOUNT?secret=BASE32&issuer=ISSUER&algorithm=SHA1&digits=6&period=30", with issuer and
// account percent-encoded (RFC 3986 unreserved characters are kept).
std::string OtpauthUri(std::string_view issuer, std::string_view account, std::string_view raw_secret);

// The time step (Unix seconds / 30) of `now`.
std::int64_t TotpStep(TimePoint now);

// The code for the step containing `now`. Empty if `raw_secret` is empty or liboath fails.
std::string TotpCode(std::string_view raw_secret, TimePoint now);

// Checks `code` (6 ASCII digits; spaces are ignored) against the steps now-1, now and now+1, in constant time per
// candidate. Returns the matched step, which the caller stores and passes back as `last_used_step` next time:
// a step <= last_used_step never matches, so a code cannot be replayed (pass -1 when none was used yet).
std::optional<std::int64_t> VerifyTotp(std::string_view raw_secret, std::string_view code, TimePoint now,
                                       std::int64_t last_used_step);

}  // namespace palisade::auth

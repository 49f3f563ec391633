// SPDX-License-Identifier: Apache-2.0
// The password rules for new and changed passwords (NIST SP 800-63B style: length and a block list, no
// composition rules). Existing passwords are never re-checked at login.
#pragma once

#include <string_view>

#include "core/result.hpp"

namespace palisade::auth {

inline constexpr std::size_t kMinPasswordChars = 12;   // Unicode code points
inline constexpr std::size_t kMaxPasswordChars = 256;  // Unicode code points (so at most 1024 bytes)

// Ok() when `password` may be used by the account with address `email`. Otherwise FailField("password", ...) with a
// message fit for the user, for the first rule broken:
//   - not valid UTF-8;
//   - fewer than kMinPasswordChars or more than kMaxPasswordChars code points;
//   - a common password from the bundled list (src/auth/data/common-passwords.txt, built into the binary),
//     compared ASCII-case-insensitively, also after dropping trailing digits and symbols ("Monkey123456!");
//   - one character repeated throughout ("aaaaaaaaaaaa");
//   - contains the e-mail address, or its local part when that has 4 characters or more.
// Pure and thread-safe; the list is parsed once, on first use.
Status CheckPasswordPolicy(std::string_view password, std::string_view email);

// True when `password` is on the bundled list (ASCII-case-insensitive, exact). Exposed for tests.
bool IsCommonPassword(std::string_view password);

}  // namespace palisade::auth

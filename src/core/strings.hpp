// SPDX-License-Identifier: Apache-2.0
// String helpers with no I/O.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace palisade {

bool IsValidUtf8(std::string_view s);
// `s` with every byte that is not part of a valid UTF-8 sequence replaced by U+FFFD (for logs and JSON output).
std::string SanitizeUtf8(std::string_view s);
std::size_t Utf8Length(std::string_view s);  // code points; REQUIRES IsValidUtf8(s)
std::string ToLower(std::string_view s);     // ASCII only
std::string_view Trim(std::string_view s);   // ASCII whitespace
bool IEquals(std::string_view a, std::string_view b);  // ASCII case-insensitive
bool StartsWith(std::string_view s, std::string_view prefix);
std::vector<std::string_view> Split(std::string_view s, char sep);
std::string HexEncode(std::string_view bytes);
std::string Base64UrlEncode(std::string_view bytes);  // no padding
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace palisade

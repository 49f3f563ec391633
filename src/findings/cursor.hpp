// SPDX-License-Identifier: Apache-2.0
// Opaque keyset cursors: the fields that locate the last row of a page, joined and base64url-encoded. Clients
// pass them back untouched; a cursor that does not decode to the expected number of fields is refused by the
// caller (400 naming "cursor"). Pure; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace palisade::findings {

// REQUIRES no part contains '\n'.
std::string EncodeCursor(const std::vector<std::string>& parts);
// The parts, or nullopt when `cursor` is not base64url or has another number of parts than `expected_parts`.
std::optional<std::vector<std::string>> DecodeCursor(std::string_view cursor, std::size_t expected_parts);

}  // namespace palisade::findings

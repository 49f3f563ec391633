// SPDX-License-Identifier: Apache-2.0
#include "findings/cursor.hpp"

#include <sodium.h>

#include "core/strings.hpp"

namespace palisade::findings {

std::string EncodeCursor(const std::vector<std::string>& parts) {
    std::string joined;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i) joined += '\n';
        joined += parts[i];
    }
    return Base64UrlEncode(joined);
}

std::optional<std::vector<std::string>> DecodeCursor(std::string_view cursor, std::size_t expected_parts) {
    if (cursor.empty()) return std::nullopt;
    std::string bin(cursor.size(), '\0');
    std::size_t bin_len = 0;
    const char* end = nullptr;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(bin.data()), bin.size(), cursor.data(), cursor.size(),
                          nullptr, &bin_len, &end, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
        end != cursor.data() + cursor.size()) {
        return std::nullopt;
    }
    bin.resize(bin_len);
    if (!IsValidUtf8(bin)) return std::nullopt;
    std::vector<std::string> parts;
    for (std::string_view part : Split(bin, '\n')) parts.emplace_back(part);
    if (parts.size() != expected_parts) return std::nullopt;
    return parts;
}

}  // namespace palisade::findings

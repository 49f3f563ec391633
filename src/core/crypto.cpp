// SPDX-License-Identifier: Apache-2.0
#include "core/crypto.hpp"

#include <sodium.h>

#include <cstdio>

#include "core/strings.hpp"

namespace palisade {

bool InitCrypto() { return sodium_init() >= 0; }

std::string RandomBytes(std::size_t n) {
    std::string out(n, '\0');
    randombytes_buf(out.data(), n);
    return out;
}

std::string RandomToken(std::size_t bytes, std::string_view prefix) {
    return std::string(prefix) + Base64UrlEncode(RandomBytes(bytes));
}

std::string Sha256(std::string_view data) {
    std::string out(crypto_hash_sha256_BYTES, '\0');
    crypto_hash_sha256(reinterpret_cast<unsigned char*>(out.data()), reinterpret_cast<const unsigned char*>(data.data()),
                       data.size());
    return out;
}

std::string Sha256Hex(std::string_view data) { return HexEncode(Sha256(data)); }

std::string NewUuidV7(TimePoint now) {
    const auto ms = static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count());
    unsigned char b[16];
    randombytes_buf(b, sizeof b);
    for (int i = 0; i < 6; ++i) b[i] = static_cast<unsigned char>(ms >> (8 * (5 - i)));
    b[6] = static_cast<unsigned char>(0x70 | (b[6] & 0x0F));  // version 7
    b[8] = static_cast<unsigned char>(0x80 | (b[8] & 0x3F));  // variant 10
    const std::string hex = HexEncode(std::string_view(reinterpret_cast<const char*>(b), sizeof b));
    return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" +
           hex.substr(20);
}

}  // namespace palisade

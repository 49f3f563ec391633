// SPDX-License-Identifier: Apache-2.0
// Authenticated symmetric encryption of small secrets at rest (TOTP secrets): libsodium crypto_secretbox
// (XSalsa20-Poly1305) with a fresh random nonce per message. Thread-safe; the key is held in memory as given.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace palisade::auth {

class SecretBox {
  public:
    static constexpr std::size_t kKeyBytes = 32;

    // REQUIRES key32.size() == kKeyBytes (load it with auth/key_file.hpp, which checks the length).
    explicit SecretBox(std::string key32);
    ~SecretBox();  // wipes the key
    SecretBox(const SecretBox&) = default;
    SecretBox& operator=(const SecretBox&) = default;

    // base64url (no padding) of nonce(24) || ciphertext with tag. Never fails.
    std::string Seal(std::string_view plaintext) const;

    // The plaintext of a Seal() result made with the same key. kInvalidArgument "sealed data is malformed or was
    // not sealed with this key" for bad base64, short input, a tampered ciphertext or another key.
    Result<std::string> Open(std::string_view sealed) const;

  private:
    std::string key_;
};

}  // namespace palisade::auth

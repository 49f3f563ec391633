// SPDX-License-Identifier: Apache-2.0
#include "auth/secret_box.hpp"

#include <sodium.h>

#include "core/crypto.hpp"
#include "core/strings.hpp"

namespace palisade::auth {
namespace {

const auto* Bytes(const std::string& s) { return reinterpret_cast<const unsigned char*>(s.data()); }

tl::unexpected<Error> Malformed(std::string detail) {
    return Fail(ErrorCode::kInvalidArgument, "sealed data is malformed or was not sealed with this key",
                std::move(detail));
}

}  // namespace

SecretBox::SecretBox(std::string key32) : key_(std::move(key32)) {
    PALISADE_ASSERT(key_.size() == kKeyBytes, "SecretBox needs a 32-byte key");
    InitCrypto();
}

SecretBox::~SecretBox() { sodium_memzero(key_.data(), key_.size()); }

std::string SecretBox::Seal(std::string_view plaintext) const {
    std::string out(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plaintext.size(), '\0');
    auto* nonce = reinterpret_cast<unsigned char*>(out.data());
    randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
    crypto_secretbox_easy(nonce + crypto_secretbox_NONCEBYTES, reinterpret_cast<const unsigned char*>(plaintext.data()),
                          plaintext.size(), nonce, Bytes(key_));
    return Base64UrlEncode(out);
}

Result<std::string> SecretBox::Open(std::string_view sealed) const {
    std::string raw(sealed.size(), '\0');  // decoded base64 is never longer than its text
    std::size_t raw_len = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(raw.data()), raw.size(), sealed.data(), sealed.size(),
                          nullptr, &raw_len, nullptr, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
        return Malformed("not base64url");
    }
    raw.resize(raw_len);
    if (raw.size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) return Malformed("too short");
    const std::size_t cipher_len = raw.size() - crypto_secretbox_NONCEBYTES;
    std::string plain(cipher_len - crypto_secretbox_MACBYTES, '\0');
    const unsigned char* nonce = Bytes(raw);
    if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()), nonce + crypto_secretbox_NONCEBYTES,
                                   cipher_len, nonce, Bytes(key_)) != 0) {
        return Malformed("authentication failed");
    }
    return plain;
}

}  // namespace palisade::auth

// SPDX-License-Identifier: Apache-2.0
#include "auth/password_hasher.hpp"

#include <sodium.h>

#include "core/crypto.hpp"

namespace palisade::auth {

PasswordHashParams PasswordHasher::Interactive() {
    return {crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE, crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE};
}

PasswordHashParams PasswordHasher::ForTests() {
    return {crypto_pwhash_argon2id_OPSLIMIT_MIN, crypto_pwhash_argon2id_MEMLIMIT_MIN};
}

PasswordHasher::PasswordHasher(PasswordHashParams params) : params_(params) {
    InitCrypto();
    // The password of the dummy hash is random and thrown away: nothing can ever verify against it.
    if (auto hash = Hash(RandomToken(32))) dummy_hash_ = std::move(*hash);
}

Result<std::string> PasswordHasher::Hash(std::string_view password) const {
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(out, password.data(), password.size(), params_.opslimit, params_.memlimit,
                              crypto_pwhash_ALG_ARGON2ID13) != 0) {
        return Fail(ErrorCode::kInternal, "could not hash password",
                    "crypto_pwhash_str_alg failed (out of memory or invalid limits)");
    }
    return std::string(out);
}

bool PasswordHasher::Verify(std::string_view hash, std::string_view password) const {
    // crypto_pwhash_str_verify needs a NUL-terminated string that fits in STRBYTES.
    if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
    if (hash.find('\0') != std::string_view::npos) return false;
    const std::string stored(hash);
    return crypto_pwhash_str_verify(stored.c_str(), password.data(), password.size()) == 0;
}

bool PasswordHasher::NeedsRehash(std::string_view hash) const {
    if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return true;
    const std::string stored(hash);
    return crypto_pwhash_argon2id_str_needs_rehash(stored.c_str(), params_.opslimit, params_.memlimit) != 0;
}

void PasswordHasher::DummyVerify() const {
    if (!dummy_hash_.empty()) {
        (void)Verify(dummy_hash_, "not-the-password");
        return;
    }
    // Hashing failed in the constructor (out of memory): derive a key at the same cost instead.
    unsigned char key[32];
    unsigned char salt[crypto_pwhash_SALTBYTES] = {};
    [[maybe_unused]] const int rc =
        crypto_pwhash(key, sizeof key, "x", 1, salt, params_.opslimit, params_.memlimit, crypto_pwhash_ALG_ARGON2ID13);
}

}  // namespace palisade::auth

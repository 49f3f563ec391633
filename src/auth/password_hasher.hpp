// SPDX-License-Identifier: Apache-2.0
// Password hashing with argon2id (libsodium crypto_pwhash_str). The stored form is the self-describing PHC string
// ("$argon2id$v=19$m=65536,t=2,p=1$salt$hash"), so old hashes keep verifying after the parameters change and
// NeedsRehash() says when to upgrade them at the next successful login.
//
// Cost: at Interactive() one Hash or Verify takes ~75 ms of one core and 64 MiB. Run them on the blocking pool,
// never on an I/O thread, and rate-limit logins. Thread-safe: every method is const and keeps no shared state.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace palisade::auth {

struct PasswordHashParams {
    unsigned long long opslimit = 2;   // argon2id passes (t)
    std::size_t memlimit = 64u << 20;  // bytes of memory (m); libsodium's minimum is 8 KiB
};

class PasswordHasher {
  public:
    // libsodium's INTERACTIVE limits: t=2, 64 MiB. The production default.
    static PasswordHashParams Interactive();
    // t=1, 8 KiB (the smallest libsodium accepts): for tests and sanitizer builds only. Not a safe setting.
    static PasswordHashParams ForTests();

    // Computes the dummy hash used by DummyVerify() once, here (one Hash's worth of time).
    explicit PasswordHasher(PasswordHashParams params = Interactive());

    // A PHC string with a fresh random salt. kInternal if libsodium fails (out of memory). The password is hashed
    // byte for byte: normalise (or not) before calling.
    Result<std::string> Hash(std::string_view password) const;

    // True when `password` matches `hash` (any PHC string libsodium knows: argon2id, or argon2i from older
    // deployments, which NeedsRehash then flags). A malformed hash is simply false.
    bool Verify(std::string_view hash, std::string_view password) const;

    // True when `hash` was made with other parameters than this hasher's (or cannot be parsed): after a successful
    // Verify, store a fresh Hash().
    bool NeedsRehash(std::string_view hash) const;

    // Spends the time of one Verify at this hasher's parameters and returns nothing. Call it when the account does
    // not exist, so that a login's timing does not tell whether it does.
    void DummyVerify() const;

    const PasswordHashParams& params() const { return params_; }
    // The hash DummyVerify() checks against: made with this hasher's parameters, so it costs what a real one does.
    const std::string& dummy_hash() const { return dummy_hash_; }

  private:
    PasswordHashParams params_;
    std::string dummy_hash_;
};

}  // namespace palisade::auth

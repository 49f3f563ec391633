// SPDX-License-Identifier: Apache-2.0
#include "auth/password_hasher.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include <algorithm>
#include <chrono>

namespace palisade::auth {
namespace {

TEST(PasswordHasher, VerifiesTheRightPasswordOnly) {
    const PasswordHasher hasher(PasswordHasher::ForTests());
    auto hash = hasher.Hash("correct horse battery staple");
    ASSERT_TRUE(hash.has_value());
    EXPECT_TRUE(hasher.Verify(*hash, "correct horse battery staple"));
    EXPECT_FALSE(hasher.Verify(*hash, "correct horse battery stapl"));
    EXPECT_FALSE(hasher.Verify(*hash, "Correct horse battery staple"));
    EXPECT_FALSE(hasher.Verify(*hash, ""));
}

TEST(PasswordHasher, ProducesSaltedArgon2idStringsWithItsParameters) {
    const PasswordHasher hasher(PasswordHasher::ForTests());
    auto a = hasher.Hash("same password");
    auto b = hasher.Hash("same password");
    ASSERT_TRUE(a && b);
    EXPECT_NE(*a, *b);  // a fresh salt each time
    EXPECT_EQ(a->rfind("$argon2id$v=19$m=8,t=1,p=1$", 0), 0u) << *a;
    EXPECT_TRUE(hasher.Verify(*b, "same password"));
}

TEST(PasswordHasher, HandlesPasswordsWithNulAndNonAsciiBytes) {
    const PasswordHasher hasher(PasswordHasher::ForTests());
    const std::string password("p\0ss w\xc3\xb6rd", 11);
    auto hash = hasher.Hash(password);
    ASSERT_TRUE(hash.has_value());
    EXPECT_TRUE(hasher.Verify(*hash, password));
    EXPECT_FALSE(hasher.Verify(*hash, "p"));  // not cut at the NUL
}

TEST(PasswordHasher, InteractiveParametersAreLibsodiumInteractive) {
    EXPECT_EQ(PasswordHasher::Interactive().opslimit, 2u);
    EXPECT_EQ(PasswordHasher::Interactive().memlimit, 64u * 1024 * 1024);
    EXPECT_EQ(PasswordHasher::ForTests().opslimit, 1u);
    EXPECT_EQ(PasswordHasher::ForTests().memlimit, 8192u);
}

TEST(PasswordHasher, RejectsMalformedOrForeignHashes) {
    const PasswordHasher hasher(PasswordHasher::ForTests());
    auto hash = hasher.Hash("pw");
    ASSERT_TRUE(hash.has_value());
    EXPECT_FALSE(hasher.Verify("", "pw"));
    EXPECT_FALSE(hasher.Verify("not a hash", "pw"));
    EXPECT_FALSE(hasher.Verify(hash->substr(0, hash->size() - 5), "pw"));
    EXPECT_FALSE(hasher.Verify(*hash + std::string("\0x", 2), "pw"));
    std::string relabelled = *hash;  // an argon2id hash passed off as argon2i computes something else
    relabelled.replace(0, 10, "$argon2i$");
    EXPECT_FALSE(hasher.Verify(relabelled, "pw"));
    EXPECT_FALSE(hasher.Verify(std::string(300, 'a'), "pw"));
}

TEST(PasswordHasher, NeedsRehashWhenParametersDiffer) {
    const PasswordHasher weak(PasswordHasher::ForTests());
    const PasswordHasher stronger(PasswordHashParams{2, 8192});
    auto hash = weak.Hash("pw");
    ASSERT_TRUE(hash.has_value());
    EXPECT_FALSE(weak.NeedsRehash(*hash));
    EXPECT_TRUE(stronger.NeedsRehash(*hash));
    EXPECT_TRUE(stronger.Verify(*hash, "pw"));  // old hashes still verify after an upgrade
    EXPECT_TRUE(weak.NeedsRehash("garbage"));
    EXPECT_TRUE(weak.NeedsRehash(""));
}

TEST(PasswordHasher, VerifiesLegacyArgon2iHashesAndAsksToUpgradeThem) {
    const PasswordHasher hasher(PasswordHasher::ForTests());
    char legacy[crypto_pwhash_argon2i_STRBYTES];
    ASSERT_EQ(crypto_pwhash_argon2i_str(legacy, "pw", 2, 3, 8192), 0);
    EXPECT_TRUE(hasher.Verify(legacy, "pw"));
    EXPECT_FALSE(hasher.Verify(legacy, "pW"));
    EXPECT_TRUE(hasher.NeedsRehash(legacy));
}

TEST(PasswordHasher, HashesAtInteractiveCost) {
    const PasswordHasher hasher;  // the production default
    auto hash = hasher.Hash("pw");
    ASSERT_TRUE(hash.has_value());
    EXPECT_NE(hash->find("$m=65536,t=2,p=1$"), std::string::npos) << *hash;
    EXPECT_TRUE(hasher.Verify(*hash, "pw"));
}

TEST(PasswordHasher, DummyVerifyChecksAHashOfTheSameCostAsRealOnes) {
    // Equal cost follows from equal parameters (argon2id's work is fixed by t and m); timing itself is measured in
    // bench/, never asserted here.
    const PasswordHasher hasher(PasswordHashParams{1, 32u << 20});
    ASSERT_FALSE(hasher.dummy_hash().empty());
    EXPECT_EQ(hasher.dummy_hash().rfind("$argon2id$", 0), 0u);
    EXPECT_FALSE(hasher.NeedsRehash(hasher.dummy_hash()));
    const PasswordHasher other(PasswordHasher::ForTests());
    EXPECT_TRUE(other.NeedsRehash(hasher.dummy_hash()));
    hasher.DummyVerify();  // and it runs
}

}  // namespace
}  // namespace palisade::auth

// SPDX-License-Identifier: Apache-2.0
#include "scan/modules/tls/cipher_suites.hpp"

#include <gtest/gtest.h>
#include <openssl/ssl.h>

#include <memory>
#include <set>

namespace palisade::scan::tls {
namespace {

TEST(CipherSuites, CodesAreUniqueAndSorted) {
    auto all = AllCipherSuites();
    ASSERT_GT(all.size(), 200u);
    for (std::size_t i = 1; i < all.size(); ++i) EXPECT_LT(all[i - 1].code, all[i].code);
    std::set<std::string> names;
    for (const auto& s : all) EXPECT_TRUE(names.insert(s.iana_name).second) << s.iana_name;
}

TEST(CipherSuites, DerivesPropertiesFromTheIanaName) {
    const CipherSuite* s = FindCipherSuite(0xC02F);
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->iana_name, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
    EXPECT_EQ(s->openssl_name, "ECDHE-RSA-AES128-GCM-SHA256");
    EXPECT_EQ(s->kx, KeyExchange::kEcdhe);
    EXPECT_EQ(s->auth, Authentication::kRsa);
    EXPECT_EQ(s->bits, 128);
    EXPECT_TRUE(s->aead);
    EXPECT_TRUE(s->forward_secrecy);
    EXPECT_TRUE(s->tls12_only);
    EXPECT_FALSE(s->cbc);
    EXPECT_EQ(StrengthLabel(*s), "strong");

    s = FindCipherSuite(0x000A);  // TLS_RSA_WITH_3DES_EDE_CBC_SHA
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->openssl_name, "DES-CBC3-SHA");
    EXPECT_TRUE(s->triple_des);
    EXPECT_TRUE(s->block64);
    EXPECT_TRUE(s->cbc);
    EXPECT_FALSE(s->forward_secrecy);
    EXPECT_EQ(s->bits, 112);
    EXPECT_EQ(s->mac, "SHA");
    EXPECT_FALSE(s->tls12_only);
    EXPECT_EQ(StrengthLabel(*s), "medium");

    s = FindCipherSuite(0x0003);  // TLS_RSA_EXPORT_WITH_RC4_40_MD5
    ASSERT_NE(s, nullptr);
    EXPECT_TRUE(s->export_grade);
    EXPECT_TRUE(s->rc4);
    EXPECT_EQ(s->bits, 40);
    EXPECT_EQ(StrengthLabel(*s), "weak");

    s = FindCipherSuite(0x0034);  // TLS_DH_anon_WITH_AES_128_CBC_SHA
    ASSERT_NE(s, nullptr);
    EXPECT_TRUE(s->anonymous);
    EXPECT_FALSE(s->forward_secrecy);
    EXPECT_EQ(StrengthLabel(*s), "anonymous");

    s = FindCipherSuite(0x0002);  // TLS_RSA_WITH_NULL_SHA
    ASSERT_NE(s, nullptr);
    EXPECT_TRUE(s->null_cipher);
    EXPECT_EQ(s->bits, 0);
    EXPECT_EQ(StrengthLabel(*s), "null");

    s = FindCipherSuite(0x0009);  // TLS_RSA_WITH_DES_CBC_SHA
    ASSERT_NE(s, nullptr);
    EXPECT_TRUE(s->single_des);
    EXPECT_EQ(s->bits, 56);

    s = FindCipherSuite(0xC0A0);  // TLS_RSA_WITH_AES_128_CCM_8
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->encryption, "AES_128_CCM_8");
    EXPECT_TRUE(s->aead);
    EXPECT_EQ(s->mac, "AEAD");

    s = FindCipherSuite(0x1301);
    ASSERT_NE(s, nullptr);
    EXPECT_TRUE(s->tls13);
    EXPECT_TRUE(s->forward_secrecy);
    EXPECT_EQ(s->kx, KeyExchange::kTls13);

    s = FindCipherSuite(0xCCA8);
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->encryption, "CHACHA20_POLY1305");
    EXPECT_EQ(s->bits, 256);

    EXPECT_EQ(FindCipherSuite(0xFFFF), nullptr);
    EXPECT_EQ(CipherSuiteName(0xFFFF), "0xFFFF");
}

TEST(CipherSuites, EverySuiteHasAKnownCipherAndKeyExchange) {
    for (const auto& s : AllCipherSuites()) {
        EXPECT_FALSE(s.encryption.empty()) << s.iana_name;
        EXPECT_FALSE(s.mac.empty()) << s.iana_name;
        EXPECT_FALSE(s.openssl_name.empty()) << s.iana_name;
    }
}

// Every suite the local OpenSSL knows is in the registry under the same code point and names.
TEST(CipherSuites, AgreesWithOpenSsl) {
    std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> ctx(SSL_CTX_new(TLS_method()), SSL_CTX_free);
    ASSERT_TRUE(ctx);
    ASSERT_EQ(SSL_CTX_set_cipher_list(ctx.get(), "ALL:COMPLEMENTOFALL:@SECLEVEL=0"), 1);
    std::unique_ptr<SSL, decltype(&SSL_free)> ssl(SSL_new(ctx.get()), SSL_free);
    STACK_OF(SSL_CIPHER)* ciphers = SSL_get_ciphers(ssl.get());
    ASSERT_NE(ciphers, nullptr);
    int checked = 0;
    for (int i = 0; i < sk_SSL_CIPHER_num(ciphers); ++i) {
        const SSL_CIPHER* c = sk_SSL_CIPHER_value(ciphers, i);
        auto code = static_cast<std::uint16_t>(SSL_CIPHER_get_protocol_id(c));
        const CipherSuite* s = FindCipherSuite(code);
        ASSERT_NE(s, nullptr) << SSL_CIPHER_get_name(c);
        EXPECT_EQ(s->iana_name, SSL_CIPHER_standard_name(c));
        EXPECT_EQ(s->openssl_name, SSL_CIPHER_get_name(c));
        int alg_bits = 0;
        int bits = SSL_CIPHER_get_bits(c, &alg_bits);
        EXPECT_EQ(s->bits, bits) << s->iana_name;
        EXPECT_EQ(s->aead, SSL_CIPHER_is_aead(c) == 1) << s->iana_name;
        ++checked;
    }
    EXPECT_GT(checked, 100);
}

TEST(CipherSuites, SuitesForProtocol) {
    auto tls13 = SuitesForProtocol(Protocol::kTls13);
    EXPECT_EQ(tls13.size(), 5u);
    auto tls10 = SuitesForProtocol(Protocol::kTls10);
    for (auto code : tls10) {
        const CipherSuite* s = FindCipherSuite(code);
        ASSERT_NE(s, nullptr);
        EXPECT_FALSE(s->tls12_only) << s->iana_name;
        EXPECT_FALSE(s->tls13) << s->iana_name;
    }
    auto tls12 = SuitesForProtocol(Protocol::kTls12);
    EXPECT_GT(tls12.size(), tls10.size());
    // The common suites come first, inside the first hello.
    auto first = std::vector<std::uint16_t>(tls12.begin(), tls12.begin() + 128);
    for (std::uint16_t common : {0xC02F, 0xC030, 0xCCA8, 0x009C, 0x002F, 0x0035, 0xC013, 0x000A}) {
        EXPECT_NE(std::find(first.begin(), first.end(), common), first.end()) << std::hex << common;
    }
    EXPECT_TRUE(SuitesForProtocol(Protocol::kSsl2).empty());
}

TEST(CipherSuites, ProtocolsAndGroups) {
    EXPECT_EQ(WireVersion(Protocol::kSsl3), 0x0300);
    EXPECT_EQ(WireVersion(Protocol::kTls13), 0x0304);
    EXPECT_EQ(ProtocolFromWire(0x0302), Protocol::kTls11);
    EXPECT_EQ(ProtocolFromWire(0x0002), std::nullopt);
    EXPECT_EQ(ProtocolName(Protocol::kTls10), "TLSv1.0");
    EXPECT_EQ(ProtocolKey(Protocol::kTls11), "tls1_1");
    EXPECT_EQ(GroupName(0x001D), "x25519");
    EXPECT_EQ(FindGroup(0x0100)->kind, GroupKind::kFfdhe);
    EXPECT_EQ(FindGroup(0x0013)->bits, 192);
    EXPECT_EQ(GroupName(0x9999), "0x9999");
    EXPECT_EQ(FindSslv2CipherKind(0x0700C0)->openssl_name, "DES-CBC3-MD5");
    EXPECT_EQ(Sslv2CipherKinds().size(), 7u);
}

}  // namespace
}  // namespace palisade::scan::tls

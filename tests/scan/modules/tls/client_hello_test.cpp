// SPDX-License-Identifier: Apache-2.0
#include "scan/modules/tls/client_hello.hpp"

#include <gtest/gtest.h>

#include <string>

#include "scan/modules/tls/wire_builders.hpp"

namespace palisade::scan::tls {
namespace {

using testing::ParseClientHello;

std::string Hex(std::string_view bytes) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (unsigned char c : bytes) {
        out += digits[c >> 4];
        out += digits[c & 15];
    }
    return out;
}

std::array<std::uint8_t, 32> FixedRandom() {
    std::array<std::uint8_t, 32> r{};
    for (std::size_t i = 0; i < r.size(); ++i) r[i] = static_cast<std::uint8_t>(i);
    return r;
}

const std::string kRandomHex = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

TEST(ClientHello, MinimalTls10HelloIsByteExact) {
    ClientHelloOptions o;
    o.version = Protocol::kTls10;
    o.cipher_suites = {0x002F};
    o.renegotiation_info = false;
    o.extensions = false;
    o.random = FixedRandom();
    auto hello = BuildClientHello(o);
    ASSERT_TRUE(hello.has_value());
    EXPECT_EQ(Hex(*hello), "160301002d" "01000029" "0301" + kRandomHex + "00" "0002002f" "0100");
}

TEST(ClientHello, SniAndPointFormatsAreByteExact) {
    ClientHelloOptions o;
    o.version = Protocol::kTls10;
    o.cipher_suites = {0x002F};
    o.renegotiation_info = false;
    o.send_supported_groups = false;
    o.server_name = "a.b";
    o.random = FixedRandom();
    auto hello = BuildClientHello(o);
    ASSERT_TRUE(hello.has_value());
    EXPECT_EQ(Hex(*hello), "1603010041" "0100003d" "0301" + kRandomHex + "00" "0002002f" "0100" "0012"
                           "000000080006000003612e62" "000b00020100");
}

TEST(ClientHello, Sslv3HelloUsesTheScsvInsteadOfExtensions) {
    ClientHelloOptions o;
    o.version = Protocol::kSsl3;
    o.cipher_suites = {0x000A};
    o.extensions = false;
    o.random = FixedRandom();
    auto hello = BuildClientHello(o);
    ASSERT_TRUE(hello.has_value());
    EXPECT_EQ(Hex(*hello), "160300002f" "0100002b" "0300" + kRandomHex + "00" "0004000a00ff" "0100");
}

TEST(ClientHello, FallbackScsvHeartbeatAndCompression) {
    ClientHelloOptions o;
    o.version = Protocol::kTls11;
    o.cipher_suites = {0xC013, 0x002F};
    o.fallback_scsv = true;
    o.heartbeat = true;
    o.compression_methods = {1, 0};
    auto hello = BuildClientHello(o);
    ASSERT_TRUE(hello.has_value());
    auto parsed = ParseClientHello(*hello);
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->version, 0x0302u);
    EXPECT_EQ(parsed->record_version, 0x0301u);
    EXPECT_EQ(parsed->suites, (std::vector<unsigned>{0xC013, 0x002F, 0x5600}));
    EXPECT_EQ(parsed->compression, (std::vector<unsigned>{1, 0}));
    ASSERT_NE(parsed->Extension(kExtHeartbeat), nullptr);
    EXPECT_EQ(*parsed->Extension(kExtHeartbeat), std::string("\x01", 1));
    ASSERT_NE(parsed->Extension(kExtRenegotiationInfo), nullptr);
    EXPECT_EQ(*parsed->Extension(kExtRenegotiationInfo), std::string("\x00", 1));
    EXPECT_EQ(parsed->Extension(kExtSignatureAlgorithms), nullptr);  // TLS 1.2+ only
    EXPECT_EQ(parsed->Extension(kExtSupportedVersions), nullptr);
    EXPECT_EQ(parsed->groups.size(), DefaultGroups().size());
}

TEST(ClientHello, Tls13HelloCarriesVersionsKeyShareAndPskModes) {
    ClientHelloOptions o;
    o.version = Protocol::kTls13;
    o.cipher_suites = {0x1301, 0x1302};
    o.server_name = "example.test";
    auto hello = BuildClientHello(o);
    ASSERT_TRUE(hello.has_value());
    auto parsed = ParseClientHello(*hello);
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->version, 0x0303u);
    EXPECT_EQ(parsed->supported_versions, (std::vector<unsigned>{0x0304}));
    EXPECT_EQ(parsed->server_name, "example.test");
    ASSERT_NE(parsed->Extension(kExtPskKeyExchangeModes), nullptr);
    EXPECT_EQ(Hex(*parsed->Extension(kExtPskKeyExchangeModes)), "0101");
    const std::string* ks = parsed->Extension(kExtKeyShare);
    ASSERT_NE(ks, nullptr);
    ASSERT_EQ(ks->size(), 2u + 4u + 32u);
    EXPECT_EQ(Hex(ks->substr(0, 6)), "0024001d0020");
    ASSERT_NE(parsed->Extension(kExtSignatureAlgorithms), nullptr);

    o.key_share_groups.clear();
    o.supported_versions = {Protocol::kTls13, Protocol::kTls12};
    parsed = ParseClientHello(*BuildClientHello(o));
    ASSERT_TRUE(parsed);
    EXPECT_EQ(Hex(*parsed->Extension(kExtKeyShare)), "0000");
    EXPECT_EQ(parsed->supported_versions, (std::vector<unsigned>{0x0304, 0x0303}));
}

TEST(ClientHello, IpLiteralIsNeverSentAsSni) {
    ClientHelloOptions o;
    o.cipher_suites = {0x002F};
    o.server_name = "127.0.0.1";
    EXPECT_EQ(ParseClientHello(*BuildClientHello(o))->Extension(kExtServerName), nullptr);
    o.server_name = "::1";
    EXPECT_EQ(ParseClientHello(*BuildClientHello(o))->Extension(kExtServerName), nullptr);
}

TEST(ClientHello, HellosOf256To511BytesArePadded) {
    ClientHelloOptions o;
    o.version = Protocol::kTls12;
    o.cipher_suites = SuitesForProtocol(Protocol::kTls12);
    o.cipher_suites.resize(60);
    auto hello = BuildClientHello(o);
    ASSERT_TRUE(hello.has_value());
    std::size_t handshake_length = hello->size() - 5;
    EXPECT_TRUE(handshake_length < 256 || handshake_length >= 512) << handshake_length;
    EXPECT_NE(ParseClientHello(*hello)->Extension(kExtPadding), nullptr);
}

TEST(ClientHello, RejectsBadOptions) {
    ClientHelloOptions o;
    EXPECT_FALSE(BuildClientHello(o).has_value());  // no suites
    o.cipher_suites.assign(129, 0x002F);
    EXPECT_FALSE(BuildClientHello(o).has_value());
    o.cipher_suites.assign(128, 0x002F);
    EXPECT_TRUE(BuildClientHello(o).has_value());
    o.version = Protocol::kSsl2;
    EXPECT_FALSE(BuildClientHello(o).has_value());
    o.version = Protocol::kTls12;
    o.server_name = std::string(256, 'a');
    EXPECT_FALSE(BuildClientHello(o).has_value());
    o.server_name.clear();
    o.compression_methods.clear();
    EXPECT_FALSE(BuildClientHello(o).has_value());
}

TEST(ClientHello, Sslv2HelloIsByteExact) {
    std::uint32_t specs[] = {0x010080};
    auto hello = BuildSslv2ClientHello(0x0002, specs, std::string(16, 'A'));
    ASSERT_TRUE(hello.has_value());
    EXPECT_EQ(Hex(*hello), "801c" "01" "0002" "0003" "0000" "0010" "010080" + Hex(std::string(16, 'A')));
    // SSLv2-compatible hello carrying a TLS suite.
    std::uint32_t compat[] = {0x00002F, 0x0700C0};
    auto parsed = ParseClientHello(*BuildSslv2ClientHello(0x0301, compat));
    ASSERT_TRUE(parsed);
    EXPECT_TRUE(parsed->sslv2);
    EXPECT_EQ(parsed->version, 0x0301u);
    EXPECT_EQ(parsed->suites, (std::vector<unsigned>{0x002F}));
    EXPECT_FALSE(BuildSslv2ClientHello(0x0002, {}).has_value());
    EXPECT_FALSE(BuildSslv2ClientHello(0x0002, specs, "short").has_value());
}

TEST(ClientHello, HeartbeatRequestIsByteExact) {
    EXPECT_EQ(Hex(BuildHeartbeatRequest(0x0302, 0x4000)), "180302000301" "4000");
    EXPECT_EQ(Hex(BuildHeartbeatRequest(0x0303, 2, "hi")), "1803030005010002" "6869");
}

}  // namespace
}  // namespace palisade::scan::tls

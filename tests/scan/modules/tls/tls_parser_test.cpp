// SPDX-License-Identifier: Apache-2.0
#include "scan/modules/tls/tls_parser.hpp"

#include <gtest/gtest.h>

#include <string>

#include "scan/modules/tls/wire_builders.hpp"

namespace palisade::scan::tls {
namespace {

using namespace testing;  // NOLINT: the wire builders
using StopAt = ServerFlightReader::StopAt;

std::string Tls12Flight(unsigned suite, const std::string& ske_body) {
    ServerHelloSpec sh;
    sh.suite = suite;
    sh.extensions = {{0xFF01, std::string("\x00", 1)}, {0x000F, std::string("\x01", 1)}};
    std::string hs = Handshake(2, ServerHelloBody(sh)) + Handshake(11, CertificateBody({"CERT-ONE", "CERT-TWO"}));
    if (!ske_body.empty()) hs += Handshake(12, ske_body);
    hs += Handshake(14, "");
    return Record(22, 0x0303, hs);
}

TEST(TlsParser, ParsesAWholeTls12FlightInOneRecord) {
    ServerFlightReader reader;
    ASSERT_TRUE(reader.Feed(Tls12Flight(0xC02F, EcdheKeyExchangeBody(0x0017))).has_value());
    ASSERT_TRUE(reader.Done());
    const ServerFlight& f = reader.flight();
    ASSERT_TRUE(f.server_hello);
    EXPECT_EQ(f.server_hello->NegotiatedVersion(), 0x0303);
    EXPECT_EQ(f.server_hello->cipher_suite, 0xC02F);
    EXPECT_TRUE(f.server_hello->renegotiation_info);
    EXPECT_TRUE(f.server_hello->renegotiation_info_empty);
    EXPECT_EQ(f.server_hello->heartbeat_mode, 1);
    EXPECT_FALSE(f.server_hello->hello_retry_request);
    EXPECT_EQ(f.certificates, (std::vector<std::string>{"CERT-ONE", "CERT-TWO"}));
    ASSERT_TRUE(f.server_key_exchange);
    EXPECT_EQ(f.server_key_exchange->kind, ServerKeyExchange::Kind::kEcdhe);
    EXPECT_EQ(f.server_key_exchange->named_curve, 0x0017);
    EXPECT_TRUE(f.server_hello_done);
    EXPECT_EQ(f.record_version, 0x0303);
}

TEST(TlsParser, HandshakeMessagesSpanningRecordsAndByteByByteFeeding) {
    std::string flight = Tls12Flight(0x009E, DheKeyExchangeBody(1024));
    // Re-split the handshake stream into records of 7 bytes each.
    std::string hs = flight.substr(5);
    std::string records;
    for (std::size_t i = 0; i < hs.size(); i += 7) records += Record(22, 0x0303, hs.substr(i, 7));
    ServerFlightReader reader;
    for (char c : records) {
        ASSERT_FALSE(reader.Done());
        ASSERT_TRUE(reader.Feed(std::string(1, c)).has_value());
    }
    ASSERT_TRUE(reader.Done());
    ASSERT_TRUE(reader.flight().server_key_exchange);
    EXPECT_EQ(reader.flight().server_key_exchange->kind, ServerKeyExchange::Kind::kDhe);
    EXPECT_EQ(reader.flight().server_key_exchange->dh_prime_bits, 1024);
}

TEST(TlsParser, DhPrimeBitLengthIgnoresLeadingZerosAndOddSizes) {
    auto ske = ParseServerKeyExchange(DheKeyExchangeBody(2047), KeyExchange::kDhe);
    ASSERT_TRUE(ske.has_value());
    EXPECT_EQ(ske->dh_prime_bits, 2047);
    std::string body = U16(3) + std::string("\x00\x01\x00", 3) + U16(1) + U8(2) + U16(1) + U8(5);
    ske = ParseServerKeyExchange(body, KeyExchange::kDhe);
    ASSERT_TRUE(ske.has_value());
    EXPECT_EQ(ske->dh_prime_bits, 9);
    EXPECT_FALSE(ParseServerKeyExchange(U16(300) + "short", KeyExchange::kDhe).has_value());
    EXPECT_FALSE(ParseServerKeyExchange(U8(9), KeyExchange::kEcdhe).has_value());  // unknown curve type
    auto psk = ParseServerKeyExchange(U16(2) + "id" + EcdheKeyExchangeBody(0x001D), KeyExchange::kEcdhePsk);
    ASSERT_TRUE(psk.has_value());
    EXPECT_EQ(psk->named_curve, 0x001D);
    auto rsa = ParseServerKeyExchange(U16(64) + std::string(64, '\x80') + U16(1) + U8(3), KeyExchange::kRsa, true);
    ASSERT_TRUE(rsa.has_value());
    EXPECT_EQ(rsa->kind, ServerKeyExchange::Kind::kRsaExport);
    EXPECT_EQ(rsa->rsa_modulus_bits, 512);
}

TEST(TlsParser, StopsAtServerHelloWhenAsked) {
    ServerFlightReader reader(StopAt::kServerHello);
    ServerHelloSpec sh;
    sh.extension_block = false;
    ASSERT_TRUE(reader.Feed(Record(22, 0x0301, Handshake(2, ServerHelloBody(sh)))).has_value());
    EXPECT_TRUE(reader.Done());
    EXPECT_FALSE(reader.flight().server_hello->has_extension_block);
    EXPECT_FALSE(reader.flight().server_hello->renegotiation_info);
}

TEST(TlsParser, Tls13ServerHelloAndHelloRetryRequest) {
    ServerHelloSpec sh;
    sh.suite = 0x1301;
    sh.extensions = {{0x002B, U16(0x0304)}, {0x0033, U16(0x001D) + U16(32) + std::string(32, 'k')}};
    ServerFlightReader reader;
    // The encrypted records after the ServerHello are skipped, not parsed.
    ASSERT_TRUE(reader.Feed(Record(22, 0x0303, Handshake(2, ServerHelloBody(sh))) + Record(20, 0x0303, "\x01") +
                            Record(23, 0x0303, "opaque encrypted data"))
                    .has_value());
    EXPECT_TRUE(reader.Done());
    EXPECT_EQ(reader.flight().server_hello->NegotiatedVersion(), 0x0304);
    EXPECT_EQ(reader.flight().server_hello->key_share_group, 0x001D);
    EXPECT_TRUE(reader.flight().tls13_encrypted);

    ServerHelloSpec hrr;
    hrr.suite = 0x1302;
    hrr.hello_retry = true;
    hrr.extensions = {{0x002B, U16(0x0304)}, {0x0033, U16(0x0017)}};
    ServerFlightReader r2;
    ASSERT_TRUE(r2.Feed(Record(22, 0x0303, Handshake(2, ServerHelloBody(hrr)))).has_value());
    EXPECT_TRUE(r2.Done());
    EXPECT_TRUE(r2.flight().server_hello->hello_retry_request);
    EXPECT_EQ(r2.flight().server_hello->key_share_group, 0x0017);
}

TEST(TlsParser, AlertsEndTheFlight) {
    ServerFlightReader reader;
    ASSERT_TRUE(reader.Feed(AlertRecord(kAlertProtocolVersion)).has_value());
    EXPECT_TRUE(reader.Done());
    ASSERT_TRUE(reader.flight().alert);
    EXPECT_EQ(reader.flight().alert->level, 2);
    EXPECT_EQ(reader.flight().alert->description, kAlertProtocolVersion);
    EXPECT_EQ(AlertName(kAlertInappropriateFallback), "inappropriate_fallback");
    EXPECT_EQ(AlertName(250), "unknown");
}

TEST(TlsParser, HeartbeatRecordHeaderIsEnough) {
    ServerFlightReader reader;
    ASSERT_TRUE(reader.Feed(Tls12Flight(0xC02F, EcdheKeyExchangeBody(0x0017))).has_value());
    ASSERT_TRUE(reader.Done());
    reader.ContinueAfterDone();
    EXPECT_FALSE(reader.Done());
    ASSERT_TRUE(reader.Feed(std::string("\x18\x03\x03\x40\x13", 5)).has_value());
    EXPECT_TRUE(reader.flight().heartbeat_seen);
    EXPECT_TRUE(reader.Done());
}

TEST(TlsParser, Sslv2ServerHelloAndError) {
    ServerFlightReader reader;
    ASSERT_TRUE(reader.Feed(Sslv2ServerHelloBytes({0x010080, 0x0700C0}, "DERCERT")).has_value());
    EXPECT_TRUE(reader.Done());
    ASSERT_TRUE(reader.flight().sslv2_hello);
    EXPECT_TRUE(reader.flight().sslv2);
    EXPECT_EQ(reader.flight().sslv2_hello->cipher_specs, (std::vector<std::uint32_t>{0x010080, 0x0700C0}));
    EXPECT_EQ(reader.flight().sslv2_hello->certificate, "DERCERT");
    EXPECT_EQ(reader.flight().sslv2_hello->version, 0x0002);

    ServerFlightReader err;
    ASSERT_TRUE(err.Feed(std::string("\x80\x03\x00\x00\x01", 5)).has_value());
    EXPECT_TRUE(err.Done());
    EXPECT_EQ(err.flight().sslv2_error, 1);
}

TEST(TlsParser, RejectsGarbageAndBadLengths) {
    auto bad = [](const std::string& bytes) {
        ServerFlightReader reader;
        auto fed = reader.Feed(bytes);
        EXPECT_FALSE(fed.has_value());
        EXPECT_TRUE(reader.failed());
        EXPECT_TRUE(reader.Done());
        if (!fed) {
            EXPECT_EQ(fed.error().code, ErrorCode::kInvalidArgument);
        }
    };
    bad("HTTP/1.1 400 Bad Request\r\n\r\n");
    bad(std::string("SSH-2.0-OpenSSH\r\n"));
    bad(std::string("\x16\x02\x00\x00\x05hello", 10));                      // record version 2.0
    bad(std::string("\x16\x03\x03\x48\x01", 5));                            // longer than 2^14 + 2048
    bad(Record(22, 0x0303, ""));                                            // empty handshake record
    bad(Record(21, 0x0303, "\x02"));                                        // truncated alert
    bad(Record(20, 0x0303, "\x02"));                                        // bad ChangeCipherSpec
    bad(Record(23, 0x0303, "early"));                                       // application data first
    bad(Record(22, 0x0303, Handshake(11, CertificateBody({"x"}))));         // Certificate before ServerHello
    bad(Record(22, 0x0303, Handshake(2, "\x03\x03short")));                 // truncated ServerHello
    ServerHelloSpec dup;
    dup.extensions = {{0xFF01, std::string("\x00", 1)}, {0xFF01, std::string("\x00", 1)}};
    bad(Record(22, 0x0303, Handshake(2, ServerHelloBody(dup))));            // duplicate extension
    ServerHelloSpec badreneg;
    badreneg.extensions = {{0xFF01, std::string("\x05", 1)}};
    bad(Record(22, 0x0303, Handshake(2, ServerHelloBody(badreneg))));       // renegotiation_info overrun
    ServerHelloSpec ok;
    std::string sh = Handshake(2, ServerHelloBody(ok));
    bad(Record(22, 0x0303, sh + sh));                                       // second ServerHello
    bad(Record(22, 0x0303, sh + Handshake(11, U24(10) + U24(20) + "abc")));  // certificate overrun
    bad(Record(22, 0x0303, sh + Handshake(14, "x")));                       // ServerHelloDone with a body
    bad(std::string("\x80\x00", 2));                                        // empty SSLv2 record
    bad(std::string("\x80\x02\x07\x00", 4));                                // unknown SSLv2 message
}

TEST(TlsParser, HandshakeLargerThanTheCapFails) {
    ServerFlightReader reader(StopAt::kServerHelloDone, 4096);
    ServerHelloSpec sh;
    ASSERT_TRUE(reader.Feed(Record(22, 0x0303, Handshake(2, ServerHelloBody(sh)))).has_value());
    // A Certificate message that claims 1 MiB.
    auto fed = reader.Feed(Record(22, 0x0303, U8(11) + U24(1 << 20) + std::string(100, 'x')));
    EXPECT_FALSE(fed.has_value());
    ServerFlightReader r2(StopAt::kServerHelloDone, 4096);
    ASSERT_TRUE(r2.Feed(Record(22, 0x0303, Handshake(2, ServerHelloBody(sh)))).has_value());
    std::string chunk = Record(22, 0x0303, std::string(1000, 'x'));
    bool failed = false;
    for (int i = 0; i < 10 && !failed; ++i) failed = !r2.Feed(chunk).has_value();
    EXPECT_TRUE(failed);
}

TEST(TlsParser, TruncatedInputIsNotAnErrorUntilComplete) {
    std::string flight = Tls12Flight(0xC02F, EcdheKeyExchangeBody(0x0017));
    for (std::size_t cut = 0; cut < flight.size(); ++cut) {
        ServerFlightReader reader;
        ASSERT_TRUE(reader.Feed(flight.substr(0, cut)).has_value()) << cut;
        EXPECT_FALSE(reader.flight().server_hello_done) << cut;
    }
}

TEST(TlsParser, CertificateListLimits) {
    EXPECT_TRUE(ParseCertificateList(CertificateBody({})).has_value());
    EXPECT_FALSE(ParseCertificateList(CertificateBody({""})).has_value());
    std::vector<std::string> many(kMaxCertificates + 1, "c");
    EXPECT_FALSE(ParseCertificateList(CertificateBody(many)).has_value());
    EXPECT_FALSE(ParseCertificateList(CertificateBody({"a"}) + "trailing").has_value());
}

}  // namespace
}  // namespace palisade::scan::tls

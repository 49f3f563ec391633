// SPDX-License-Identifier: Apache-2.0
// The raw prober against loopback servers: real OpenSSL servers (TlsServer) and imitations (FakeTlsServer on
// RawTlsServer) of what OpenSSL 3 cannot be.
#include "scan/modules/tls/tls_prober.hpp"

#include <gtest/gtest.h>
#include <openssl/ssl.h>

#include <chrono>
#include <memory>

#include "scan/modules/tls/fake_tls_server.hpp"
#include "support/tls/test_pki.hpp"
#include "support/tls/tls_server.hpp"

namespace palisade::scan::tls {
namespace {

using palisade::testing::CertSpec;
using palisade::testing::RawExchange;
using palisade::testing::RawReply;
using palisade::testing::RawTlsServer;
using palisade::testing::TestPki;
using palisade::testing::TlsServer;
using palisade::testing::TlsServerOptions;
using testing::FakeTlsConfig;
using testing::StartFakeTlsServer;

const TestPki& Pki() { return TestPki::Shared(); }

Address Loopback() {
    Address a;
    a.is_v4 = true;
    a.bytes[10] = 0xFF;
    a.bytes[11] = 0xFF;
    a.bytes[12] = 127;
    a.bytes[15] = 1;
    return a;
}

Endpoint At(std::uint16_t port) { return Endpoint{Loopback(), port, "localhost"}; }

ProbeSettings Settings(Millis timeout = Millis(1500)) { return ProbeSettings{timeout, CancelToken()}; }

TlsServerOptions ServerOptions() {
    TlsServerOptions o;
    o.cert = Pki().Issue(CertSpec{});
    return o;
}

std::vector<Protocol> Supported(const TlsProbeResult& r) {
    std::vector<Protocol> out;
    for (Protocol p : kAllProtocols) {
        if (r.Supports(p)) out.push_back(p);
    }
    return out;
}

// The TLS 1.2 suites an OpenSSL server with an ECDSA certificate can choose from `cipher_list`, in OpenSSL's order.
std::vector<std::uint16_t> OpenSslTls12EcdsaSuites(const std::string& cipher_list) {
    std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> ctx(SSL_CTX_new(TLS_method()), SSL_CTX_free);
    EXPECT_EQ(SSL_CTX_set_cipher_list(ctx.get(), cipher_list.c_str()), 1);
    std::unique_ptr<SSL, decltype(&SSL_free)> ssl(SSL_new(ctx.get()), SSL_free);
    std::vector<std::uint16_t> out;
    STACK_OF(SSL_CIPHER)* ciphers = SSL_get_ciphers(ssl.get());
    for (int i = 0; i < sk_SSL_CIPHER_num(ciphers); ++i) {
        const SSL_CIPHER* c = sk_SSL_CIPHER_value(ciphers, i);
        auto code = static_cast<std::uint16_t>(SSL_CIPHER_get_protocol_id(c));
        if (SSL_CIPHER_get_auth_nid(c) != NID_auth_ecdsa) continue;  // also drops TLS 1.3 suites (auth "any")
        out.push_back(code);
    }
    return out;
}

TEST(TlsProber, Tls12OnlyServerSuitesMatchWhatOpenSslEnables) {
    const std::string list = "ECDHE+AESGCM:ECDHE+CHACHA20:ECDHE+AES:ECDHE+ARIA:ECDHE+CAMELLIA";
    TlsServerOptions o = ServerOptions();
    o.min_version = TLS1_2_VERSION;
    o.max_version = TLS1_2_VERSION;
    o.cipher_list = list;
    o.server_preference = true;
    TlsServer server(o);
    TlsProber prober(At(server.port()), Settings());
    TlsProbeResult r = prober.Run();
    ASSERT_TRUE(r.speaks_tls) << r.failure;
    EXPECT_EQ(Supported(r), std::vector<Protocol>{Protocol::kTls12});
    EXPECT_EQ(r.protocols[static_cast<int>(Protocol::kTls13)], false);
    EXPECT_EQ(r.protocols[static_cast<int>(Protocol::kSsl3)], false);
    EXPECT_EQ(r.protocols[static_cast<int>(Protocol::kSsl2)], false);
    const ProtocolCiphers* pc = r.CiphersOf(Protocol::kTls12);
    ASSERT_NE(pc, nullptr);
    std::vector<std::uint16_t> expected = OpenSslTls12EcdsaSuites(list);
    ASSERT_FALSE(expected.empty());
    EXPECT_EQ(pc->suites, expected);  // same set, and in the server's order
    EXPECT_EQ(pc->server_preference, true);
    EXPECT_EQ(r.secure_renegotiation, true);
    EXPECT_EQ(r.compression, false);
    EXPECT_EQ(r.heartbleed, false);
    EXPECT_EQ(r.heartbeat_extension, false);
    EXPECT_EQ(r.fallback_scsv, std::nullopt);  // one protocol: not applicable
    EXPECT_FALSE(r.raw_chain.empty());
    // The ECDSA certificate's curve, and x25519 (preferred by the server over P-256).
    std::vector<std::uint16_t> groups;
    for (const auto& g : r.groups) {
        EXPECT_TRUE(g.tls12);
        EXPECT_FALSE(g.tls13);
        groups.push_back(g.group);
    }
    EXPECT_NE(std::find(groups.begin(), groups.end(), 0x0017), groups.end());
    EXPECT_NE(std::find(groups.begin(), groups.end(), 0x001D), groups.end());
    EXPECT_EQ(r.WeakestEcdhBits(), 253);
    EXPECT_EQ(r.WeakestDhBits(), 0);
}

TEST(TlsProber, ClientOrderIsDetected) {
    TlsServerOptions o = ServerOptions();
    o.max_version = TLS1_2_VERSION;
    o.cipher_list = "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-SHA";
    o.server_preference = false;
    TlsServer server(o);
    TlsProber prober(At(server.port()), Settings(), ProbeSteps{true, false, false});
    TlsProbeResult r = prober.Run();
    const ProtocolCiphers* pc = r.CiphersOf(Protocol::kTls12);
    ASSERT_NE(pc, nullptr);
    EXPECT_EQ(pc->suites.size(), 3u);
    EXPECT_EQ(pc->server_preference, false);
}

TEST(TlsProber, OldProtocolsServer) {
    TlsServerOptions o = ServerOptions();
    o.min_version = TLS1_VERSION;
    o.max_version = TLS1_1_VERSION;
    o.cipher_list = "ECDHE-ECDSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA:@SECLEVEL=0";
    TlsServer server(o);
    TlsProber prober(At(server.port()), Settings());
    TlsProbeResult r = prober.Run();
    EXPECT_EQ(Supported(r), (std::vector<Protocol>{Protocol::kTls10, Protocol::kTls11}));
    ASSERT_NE(r.CiphersOf(Protocol::kTls10), nullptr);
    EXPECT_EQ(r.CiphersOf(Protocol::kTls10)->suites.size(), 2u);
    EXPECT_EQ(r.fallback_scsv, true);  // OpenSSL honours TLS_FALLBACK_SCSV
    EXPECT_EQ(r.secure_renegotiation, true);
}

TEST(TlsProber, Tls13OnlyServerSuitesAndGroups) {
    TlsServerOptions o = ServerOptions();
    o.min_version = TLS1_3_VERSION;
    o.max_version = TLS1_3_VERSION;
    o.ciphersuites = "TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256";
    o.groups = "P-256:X25519";
    TlsServer server(o);
    TlsProber prober(At(server.port()), Settings());
    TlsProbeResult r = prober.Run();
    EXPECT_EQ(Supported(r), std::vector<Protocol>{Protocol::kTls13});
    const ProtocolCiphers* pc = r.CiphersOf(Protocol::kTls13);
    ASSERT_NE(pc, nullptr);
    std::vector<std::uint16_t> suites = pc->suites;
    std::sort(suites.begin(), suites.end());
    EXPECT_EQ(suites, (std::vector<std::uint16_t>{0x1302, 0x1303}));
    std::vector<std::uint16_t> groups;
    for (const auto& g : r.groups) {
        EXPECT_TRUE(g.tls13);
        groups.push_back(g.group);
    }
    EXPECT_EQ(groups, (std::vector<std::uint16_t>{0x0017, 0x001D}));
    EXPECT_EQ(r.secure_renegotiation, true);  // not applicable to TLS 1.3
    EXPECT_EQ(r.heartbleed, false);
    EXPECT_EQ(r.compression, false);
}

const palisade::testing::IssuedCert& RsaCert() {
    static const auto cert = Pki().Issue(CertSpec{.key_type = palisade::testing::KeyType::kRsa});
    return cert;
}

TEST(TlsProber, Tls12DefaultGroupsWithRsaCertificate) {
    TlsServerOptions o = ServerOptions();
    o.cert = RsaCert();
    o.max_version = TLS1_2_VERSION;
    o.cipher_list = "ECDHE-RSA-AES128-GCM-SHA256";
    TlsServer server(o);
    TlsProber prober(At(server.port()), Settings());
    TlsProbeResult r = prober.Run();
    std::vector<std::uint16_t> groups;
    for (const auto& g : r.groups) groups.push_back(g.group);
    // OpenSSL 3.0's default list: x25519, P-256, x448, P-521, P-384.
    EXPECT_EQ(groups, (std::vector<std::uint16_t>{0x0017, 0x0018, 0x0019, 0x001D, 0x001E}));
}

TEST(TlsProber, Tls12GroupsOneAtATime) {
    TlsServerOptions o = ServerOptions();
    o.cert = RsaCert();
    o.max_version = TLS1_2_VERSION;
    o.cipher_list = "ECDHE-RSA-AES128-GCM-SHA256";
    o.groups = "P-384:P-521";
    TlsServer server(o);
    TlsProber prober(At(server.port()), Settings());
    TlsProbeResult r = prober.Run();
    std::vector<std::uint16_t> groups;
    for (const auto& g : r.groups) groups.push_back(g.group);
    EXPECT_EQ(groups, (std::vector<std::uint16_t>{0x0018, 0x0019}));
    EXPECT_EQ(r.WeakestEcdhBits(), 384);
}

TEST(TlsProber, FallbackScsvIgnoredRenegotiationInfoMissingCompressionOn) {
    FakeTlsConfig cfg;
    cfg.versions = {0x0301, 0x0302, 0x0303};
    cfg.suites = {0xC02F, 0xC013, 0x002F};
    cfg.honour_fallback_scsv = false;
    cfg.secure_renegotiation = false;
    cfg.compression = true;
    auto server = StartFakeTlsServer(cfg);
    TlsProber prober(At(server->port()), Settings());
    TlsProbeResult r = prober.Run();
    EXPECT_EQ(Supported(r), (std::vector<Protocol>{Protocol::kTls10, Protocol::kTls11, Protocol::kTls12}));
    EXPECT_EQ(r.fallback_scsv, false);
    EXPECT_EQ(r.secure_renegotiation, false);
    EXPECT_EQ(r.compression, true);
    EXPECT_EQ(r.CiphersOf(Protocol::kTls12)->suites, (std::vector<std::uint16_t>{0xC02F, 0xC013, 0x002F}));
    EXPECT_EQ(r.CiphersOf(Protocol::kTls10)->suites, (std::vector<std::uint16_t>{0xC013, 0x002F}));
}

TEST(TlsProber, FallbackScsvHonouredByImitation) {
    FakeTlsConfig cfg;
    cfg.versions = {0x0302, 0x0303};
    cfg.suites = {0xC02F, 0xC013};
    auto server = StartFakeTlsServer(cfg);
    TlsProber prober(At(server->port()), Settings(), ProbeSteps{false, false, true});
    TlsProbeResult r = prober.Run();
    EXPECT_EQ(r.fallback_scsv, true);
    EXPECT_EQ(r.compression, false);
}

TEST(TlsProber, HeartbleedVulnerableImitation) {
    FakeTlsConfig cfg;
    cfg.versions = {0x0301, 0x0302, 0x0303};
    cfg.suites = {0x002F};
    cfg.heartbeat = true;
    cfg.heartbleed = true;
    auto server = StartFakeTlsServer(cfg);
    TlsProber prober(At(server->port()), Settings(), ProbeSteps{false, false, false});
    prober.ProbeProtocol(Protocol::kTls12);
    prober.ProbeHeartbleed();
    EXPECT_EQ(prober.result().heartbeat_extension, true);
    EXPECT_EQ(prober.result().heartbleed, true);
}

TEST(TlsProber, HeartbeatWithoutHeartbleed) {
    FakeTlsConfig cfg;
    cfg.suites = {0x002F};
    cfg.heartbeat = true;
    cfg.heartbleed = false;
    auto server = StartFakeTlsServer(cfg);
    TlsProber prober(At(server->port()), Settings(), ProbeSteps{false, false, false});
    prober.ProbeProtocol(Protocol::kTls12);
    prober.ProbeHeartbleed();
    EXPECT_EQ(prober.result().heartbeat_extension, true);
    EXPECT_EQ(prober.result().heartbleed, false);
}

TEST(TlsProber, Sslv3ImitationWithWeakSuites) {
    FakeTlsConfig cfg;
    cfg.versions = {0x0300};
    cfg.suites = {0x0005, 0x000A, 0x0003, 0x0009};  // RC4-SHA, 3DES, EXPORT RC4, DES
    auto server = StartFakeTlsServer(cfg);
    TlsProber prober(At(server->port()), Settings());
    TlsProbeResult r = prober.Run();
    EXPECT_EQ(Supported(r), std::vector<Protocol>{Protocol::kSsl3});
    ASSERT_NE(r.CiphersOf(Protocol::kSsl3), nullptr);
    EXPECT_EQ(r.CiphersOf(Protocol::kSsl3)->suites, (std::vector<std::uint16_t>{0x0005, 0x000A, 0x0003, 0x0009}));
    EXPECT_EQ(r.raw_chain, std::vector<std::string>{"FAKE-CERTIFICATE"});
}

TEST(TlsProber, Sslv2Imitation) {
    FakeTlsConfig cfg;
    cfg.versions = {0x0301};
    cfg.suites = {0x002F};
    cfg.sslv2 = true;
    auto server = StartFakeTlsServer(cfg);
    TlsProber prober(At(server->port()), Settings(), ProbeSteps{false, false, false});
    EXPECT_EQ(prober.ProbeProtocol(Protocol::kSsl2), true);
    ASSERT_NE(prober.result().CiphersOf(Protocol::kSsl2), nullptr);
    EXPECT_EQ(prober.result().CiphersOf(Protocol::kSsl2)->sslv2_kinds,
              (std::vector<std::uint32_t>{0x010080, 0x0700C0}));
    // A real TLS server is not SSLv2.
    TlsServer real(ServerOptions());
    TlsProber p2(At(real.port()), Settings(), ProbeSteps{false, false, false});
    EXPECT_EQ(p2.ProbeProtocol(Protocol::kSsl2), false);
}

TEST(TlsProber, WeakDheKeyFromServerKeyExchange) {
    FakeTlsConfig cfg;
    cfg.suites = {0x009E, 0x0033};
    cfg.dh_bits = 1024;
    auto server = StartFakeTlsServer(cfg);
    TlsProber prober(At(server->port()), Settings(), ProbeSteps{true, false, false});
    TlsProbeResult r = prober.Run();
    EXPECT_EQ(r.WeakestDhBits(), 1024);
    ASSERT_FALSE(r.ephemeral_keys.empty());
    EXPECT_EQ(r.ephemeral_keys[0].kind, "DH");
}

TEST(TlsProber, RealDheServerKeySize) {
    TlsServerOptions o = ServerOptions();
    o.max_version = TLS1_2_VERSION;
    o.cert = RsaCert();
    o.cipher_list = "DHE-RSA-AES128-GCM-SHA256";
    o.dh_group = "ffdhe3072";
    TlsServer server(o);
    TlsProber prober(At(server.port()), Settings(), ProbeSteps{true, false, false});
    TlsProbeResult r = prober.Run();
    EXPECT_EQ(r.CiphersOf(Protocol::kTls12)->suites, std::vector<std::uint16_t>{0x009E});
    EXPECT_EQ(r.WeakestDhBits(), 3072);
}

// --- Misbehaving servers: every one must end quickly and report nothing supported. ---

TEST(TlsProber, ServerClosingMidHandshake) {
    RawTlsServer server([](const RawExchange& ex) -> RawReply {
        auto hello = testing::ParseClientHello(ex.received);
        if (!hello) return {"", false, true};
        testing::ServerHelloSpec sh;
        std::string full = testing::Record(22, 0x0303, testing::Handshake(2, testing::ServerHelloBody(sh)));
        return {full.substr(0, full.size() / 2), true, false};
    });
    TlsProber prober(At(server.port()), Settings());
    TlsProbeResult r = prober.Run();
    EXPECT_FALSE(r.Best().has_value());
    EXPECT_TRUE(r.reachable);
}

TEST(TlsProber, GarbageServer) {
    RawTlsServer server([](const RawExchange&) -> RawReply { return {"220 smtp.example ESMTP ready\r\n", true, false}; });
    TlsProber prober(At(server.port()), Settings());
    TlsProbeResult r = prober.Run();
    EXPECT_FALSE(r.speaks_tls);
    EXPECT_FALSE(r.Best().has_value());
    EXPECT_NE(r.failure.find("not a TLS answer"), std::string::npos) << r.failure;
}

TEST(TlsProber, SilentServerGivesUpAfterTwoTimeouts) {
    RawTlsServer server([](const RawExchange&) -> RawReply { return {"", false, true}; }, 10000);
    auto start = std::chrono::steady_clock::now();
    TlsProber prober(At(server.port()), Settings(Millis(300)));
    TlsProbeResult r = prober.Run();
    auto elapsed = std::chrono::steady_clock::now() - start;
    EXPECT_FALSE(r.speaks_tls);
    EXPECT_EQ(r.failure, "no answer to ClientHellos");
    EXPECT_LT(elapsed, std::chrono::seconds(3));
}

TEST(TlsProber, EndlessBytesAreCapped) {
    // Valid ChangeCipherSpec records forever: the reader must stop at the byte cap.
    std::string ccs;
    for (int i = 0; i < 100000; ++i) ccs += std::string("\x14\x03\x03\x00\x01\x01", 6);
    RawTlsServer server([&ccs](const RawExchange&) -> RawReply { return {ccs, true, false}; });
    auto start = std::chrono::steady_clock::now();
    auto hello = BuildClientHello(ClientHelloOptions{.cipher_suites = {0x002F}});
    ASSERT_TRUE(hello.has_value());
    HelloResult r = ExchangeHello(At(server.port()), *hello, ServerFlightReader::StopAt::kServerHelloDone, Settings());
    EXPECT_EQ(r.outcome, HelloOutcome::kMalformed);
    EXPECT_LE(r.bytes, kMaxAnswerBytes);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
}

TEST(TlsProber, ClosedPortAndCancellation) {
    std::uint16_t port;
    {
        TlsServer gone(ServerOptions());
        port = gone.port();
    }
    TlsProber prober(At(port), Settings());
    TlsProbeResult r = prober.Run();
    EXPECT_FALSE(r.reachable);
    EXPECT_NE(r.failure.find("connect failed"), std::string::npos);

    StopSource stop;
    stop.RequestStop();
    TlsServer server(ServerOptions());
    TlsProber cancelled(At(server.port()), ProbeSettings{Millis(1000), CancelToken(stop)});
    TlsProbeResult c = cancelled.Run();
    EXPECT_TRUE(c.cancelled);
    EXPECT_FALSE(c.Best().has_value());
}

}  // namespace
}  // namespace palisade::scan::tls

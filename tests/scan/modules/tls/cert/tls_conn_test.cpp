// SPDX-License-Identifier: Apache-2.0
// Tests of scan::TlsConn (probe/tls) against the loopback TLS servers.
#include "scan/probe/tls/tls_conn.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include <openssl/tls1.h>
#include <openssl/x509_vfy.h>

#include "support/tls/test_pki.hpp"
#include "support/tls/tls_server.hpp"
#include "tls_test_util.hpp"
#include "support/test_env.hpp"

namespace palisade::testing {
namespace {

using scan::Conn;
using scan::Millis;
using scan::TlsClientOptions;
using scan::TlsConn;
using ::testing::HasSubstr;
using ::testing::StartsWith;

const TestPki& Pki() { return TestPki::Shared(); }

class TlsConnTest : public ::testing::Test {
  protected:
    void SetUp() override {
        ca_file_ = (dir_.path() / "root.pem").string();
        Pki().WriteRoot(ca_file_);
    }
    static TlsServerOptions Options(CertSpec spec = {}) {
        TlsServerOptions o;
        o.cert = Pki().Issue(spec);
        return o;
    }
    TempDir dir_;
    std::string ca_file_;
};

TEST_F(TlsConnTest, ReportsWhatWasNegotiatedWithTls13) {
    TlsServer server(Options());
    auto tls = ConnectTls(server.port(), TlsClientOptions{});
    ASSERT_TRUE(tls) << tls.error().message;
    EXPECT_EQ(tls->Protocol(), "TLSv1.3");
    EXPECT_EQ(tls->CipherStandardName(), "TLS_AES_256_GCM_SHA384");
    EXPECT_EQ(tls->CipherName(), "TLS_AES_256_GCM_SHA384");
    EXPECT_EQ(tls->CipherBits(), 256);
    EXPECT_EQ(tls->Group(), "X25519");
    EXPECT_EQ(tls->EphemeralKeyType(), "X25519");
    EXPECT_EQ(tls->EphemeralKeyBits(), 253);
    EXPECT_FALSE(tls->Compression());
    EXPECT_FALSE(tls->OcspStapled());
    EXPECT_EQ(tls->Alpn(), "");
    EXPECT_EQ(tls->PeerChainDer().size(), 1u);
}

TEST_F(TlsConnTest, ReportsEcdheGroupAndCipherWithTls12) {
    auto o = Options();
    o.max_version = TLS1_2_VERSION;
    o.groups = "P-384";
    TlsServer server(o);
    TlsClientOptions client;
    client.cipher_list = "ECDHE-ECDSA-AES128-SHA";
    auto tls = ConnectTls(server.port(), client);
    ASSERT_TRUE(tls) << tls.error().message;
    EXPECT_EQ(tls->Protocol(), "TLSv1.2");
    EXPECT_EQ(tls->CipherName(), "ECDHE-ECDSA-AES128-SHA");
    EXPECT_EQ(tls->CipherStandardName(), "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA");
    EXPECT_EQ(tls->CipherBits(), 128);
    EXPECT_EQ(tls->Group(), "secp384r1");
    EXPECT_EQ(tls->EphemeralKeyType(), "ECDH");
    EXPECT_EQ(tls->EphemeralKeyBits(), 384);
    EXPECT_TRUE(tls->SecureRenegotiation());
}

TEST_F(TlsConnTest, ReportsFiniteFieldDhe) {
    CertSpec rsa;
    rsa.key_type = KeyType::kRsa;
    auto o = Options(rsa);
    o.max_version = TLS1_2_VERSION;
    o.dh_group = "ffdhe3072";
    TlsServer server(o);
    TlsClientOptions client;
    client.cipher_list = "DHE-RSA-AES256-GCM-SHA384";
    auto tls = ConnectTls(server.port(), client);
    ASSERT_TRUE(tls) << tls.error().message;
    EXPECT_EQ(tls->EphemeralKeyType(), "DH");
    EXPECT_EQ(tls->EphemeralKeyBits(), 3072);
    EXPECT_EQ(tls->Group(), "ffdhe3072");
}

TEST_F(TlsConnTest, StaticRsaKeyExchangeHasNoEphemeralKey) {
    CertSpec rsa;
    rsa.key_type = KeyType::kRsa;
    auto o = Options(rsa);
    o.max_version = TLS1_2_VERSION;
    TlsServer server(o);
    TlsClientOptions client;
    client.cipher_list = "AES256-SHA";
    auto tls = ConnectTls(server.port(), client);
    ASSERT_TRUE(tls) << tls.error().message;
    EXPECT_EQ(tls->EphemeralKeyBits(), 0);
    EXPECT_EQ(tls->EphemeralKeyType(), "");
    EXPECT_EQ(tls->Group(), "");
}

TEST_F(TlsConnTest, VerifiesAgainstTheCaFileAndHostName) {
    TlsServer server(Options());
    TlsClientOptions client;
    client.verify = true;
    client.ca_file = ca_file_;
    client.sni = "localhost";
    auto tls = ConnectTls(server.port(), client);
    ASSERT_TRUE(tls) << tls.error().message;
    EXPECT_EQ(tls->VerifyResult(), X509_V_OK);

    client.sni = "other.example";
    auto mismatch = ConnectTls(server.port(), client);
    ASSERT_FALSE(mismatch);
    EXPECT_EQ(mismatch.error().code, ErrorCode::kUnavailable);
    EXPECT_THAT(mismatch.error().message, StartsWith("handshake failure: certificate verify failed"));
    EXPECT_THAT(mismatch.error().message, HasSubstr("hostname mismatch"));

    client.sni = "localhost";
    client.ca_file.clear();
    auto untrusted = ConnectTls(server.port(), client);
    ASSERT_FALSE(untrusted);
    EXPECT_THAT(untrusted.error().message, HasSubstr("certificate verify failed"));
}

TEST_F(TlsConnTest, WithoutVerifyAnyCertificateIsAccepted) {
    CertSpec spec;
    spec.issuer = Issuer::kSelf;
    spec.not_after_offset = std::chrono::hours(-1);
    TlsServer server(Options(spec));
    auto tls = ConnectTls(server.port(), TlsClientOptions{});
    ASSERT_TRUE(tls) << tls.error().message;
    EXPECT_NE(tls->VerifyResult(), X509_V_OK);  // recorded, not enforced
}

TEST_F(TlsConnTest, IpLiteralIsNeverSentAsSniButIsVerified) {
    TlsServer server(Options());
    TlsClientOptions client;
    client.sni = "127.0.0.1";
    client.verify = true;
    client.ca_file = ca_file_;
    auto tls = ConnectTls(server.port(), client);
    ASSERT_TRUE(tls) << tls.error().message;
    tls->Close();
    ASSERT_TRUE(server.WaitForHandshakes(1));  // keep the order of the two records certain
    client.sni = "localhost";
    auto named = ConnectTls(server.port(), client);
    ASSERT_TRUE(named) << named.error().message;
    named->Close();
    ASSERT_TRUE(server.WaitForHandshakes(2));
    auto seen = server.Handshakes();
    ASSERT_EQ(seen.size(), 2u);
    EXPECT_EQ(seen[0].sni, "");
    EXPECT_EQ(seen[1].sni, "localhost");

    client.sni = "127.0.0.2";
    EXPECT_FALSE(ConnectTls(server.port(), client));
}

TEST_F(TlsConnTest, OcspStaplingOnlyWhenRequestedAndOffered) {
    auto o = Options();
    o.ocsp_response_der = Pki().OcspResponseFor(o.cert);
    for (int max : {TLS1_2_VERSION, TLS1_3_VERSION}) {
        o.max_version = max;
        TlsServer server(o);
        TlsClientOptions client;
        auto plain = ConnectTls(server.port(), client);
        ASSERT_TRUE(plain) << plain.error().message;
        EXPECT_FALSE(plain->OcspStapled());
        client.request_ocsp = true;
        auto stapled = ConnectTls(server.port(), client);
        ASSERT_TRUE(stapled) << stapled.error().message;
        EXPECT_TRUE(stapled->OcspStapled());
        EXPECT_EQ(stapled->OcspResponseDer(), o.ocsp_response_der);
    }
    TlsServer none(Options());
    TlsClientOptions client;
    client.request_ocsp = true;
    auto tls = ConnectTls(none.port(), client);
    ASSERT_TRUE(tls) << tls.error().message;
    EXPECT_FALSE(tls->OcspStapled());
}

TEST_F(TlsConnTest, NegotiatesAlpn) {
    auto o = Options();
    o.alpn = {"h2", "http/1.1"};
    TlsServer server(o);
    TlsClientOptions client;
    client.alpn = {"http/1.1"};
    auto tls = ConnectTls(server.port(), client);
    ASSERT_TRUE(tls) << tls.error().message;
    EXPECT_EQ(tls->Alpn(), "http/1.1");
}

TEST_F(TlsConnTest, SendsAndReadsApplicationData) {
    TlsServer server(Options());
    auto tls = ConnectTls(server.port(), TlsClientOptions{});
    ASSERT_TRUE(tls) << tls.error().message;
    std::string big(100000, 'x');
    ASSERT_TRUE(tls->SendAll(big, Millis(5000)));
    std::string got;
    while (got.size() < big.size()) {
        auto n = tls->ReadSome(got, 7000, Millis(5000));
        ASSERT_TRUE(n) << n.error().message;
        ASSERT_GT(*n, 0u);
        ASSERT_LE(*n, 7000u);
    }
    EXPECT_EQ(got, big);
    // Nothing more: a timeout, not a close.
    auto n = tls->ReadSome(got, 10, Millis(100));
    ASSERT_FALSE(n);
    EXPECT_EQ(n.error().code, ErrorCode::kTimeout);
    tls->Close();
    EXPECT_FALSE(tls->is_open());
    EXPECT_FALSE(tls->SendAll("x", Millis(100)));
    EXPECT_EQ(tls->Protocol(), "TLSv1.3");  // still answerable after Close
}

TEST_F(TlsConnTest, ReadReportsTheServerClosing) {
    auto o = Options();
    o.after = AfterHandshake::kClose;
    TlsServer server(o);
    auto tls = ConnectTls(server.port(), TlsClientOptions{});
    ASSERT_TRUE(tls) << tls.error().message;
    std::string got;
    auto n = tls->ReadSome(got, 100, Millis(3000));
    ASSERT_TRUE(n) << n.error().message;
    EXPECT_EQ(*n, 0u);
}

TEST_F(TlsConnTest, SilentServerTimesOut) {
    RawTlsServer server([](const RawExchange&) { return RawReply{.need_more = true}; });
    auto start = std::chrono::steady_clock::now();
    auto tls = ConnectTls(server.port(), TlsClientOptions{}, Millis(300));
    ASSERT_FALSE(tls);
    EXPECT_EQ(tls.error().code, ErrorCode::kTimeout);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
}

TEST_F(TlsConnTest, CancelStopsTheHandshake) {
    RawTlsServer server([](const RawExchange&) { return RawReply{.need_more = true}; });
    scan::StopSource source;
    auto conn = Conn::Connect(Loopback4(), server.port(), Millis(2000), scan::CancelToken(source));
    ASSERT_TRUE(conn);
    std::thread stopper([&] { source.RequestStop(); });
    auto tls = TlsConn::Handshake(std::move(*conn), TlsClientOptions{}, Millis(10000));
    stopper.join();
    ASSERT_FALSE(tls);
    EXPECT_EQ(tls.error().code, ErrorCode::kTimeout);
    EXPECT_EQ(tls.error().message, "cancelled");
}

TEST_F(TlsConnTest, EarlyCloseAndGarbageAreHandshakeFailures) {
    RawTlsServer closer([](const RawExchange&) { return RawReply{.close = true}; });
    auto closed = ConnectTls(closer.port(), TlsClientOptions{});
    ASSERT_FALSE(closed);
    EXPECT_EQ(closed.error().code, ErrorCode::kUnavailable);
    EXPECT_THAT(closed.error().message, StartsWith("handshake failure: "));

    RawTlsServer http([](const RawExchange&) {
        return RawReply{.send = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n", .close = true};
    });
    auto garbage = ConnectTls(http.port(), TlsClientOptions{});
    ASSERT_FALSE(garbage);
    EXPECT_EQ(garbage.error().code, ErrorCode::kUnavailable);
    EXPECT_THAT(garbage.error().message, StartsWith("handshake failure: "));

    RawTlsServer endless([](const RawExchange&) { return RawReply{.send = std::string(60000, '\x16')}; });
    auto flood = ConnectTls(endless.port(), TlsClientOptions{}, Millis(1000));
    ASSERT_FALSE(flood);
}

TEST_F(TlsConnTest, RejectsBadOptions) {
    TlsServer server(Options());
    TlsClientOptions client;
    client.cipher_list = "NO-SUCH-CIPHER";
    auto bad = ConnectTls(server.port(), client);
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
    client = {};
    client.groups = "nonsense";
    EXPECT_EQ(ConnectTls(server.port(), client).error().code, ErrorCode::kInvalidArgument);
    client = {};
    client.verify = true;
    client.ca_file = (dir_.path() / "missing.pem").string();
    EXPECT_EQ(ConnectTls(server.port(), client).error().code, ErrorCode::kInvalidArgument);
    EXPECT_FALSE(TlsConn::Handshake(Conn(), TlsClientOptions{}, Millis(100)));
}

TEST_F(TlsConnTest, MovesKeepTheSession) {
    TlsServer server(Options());
    auto tls = ConnectTls(server.port(), TlsClientOptions{});
    ASSERT_TRUE(tls);
    TlsConn moved = std::move(*tls);
    TlsConn assigned;
    assigned = std::move(moved);
    ASSERT_TRUE(assigned.SendAll("hi", Millis(1000)));
    std::string got;
    ASSERT_TRUE(assigned.ReadSome(got, 10, Millis(2000)));
    EXPECT_EQ(got, "hi");
}

}  // namespace
}  // namespace palisade::testing

// SPDX-License-Identifier: Apache-2.0
// Tests of the TLS fixtures (tests/support/tls): the test PKI and the loopback servers.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/ocsp.h>
#include <openssl/tls1.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "support/tls/test_pki.hpp"
#include "support/tls/tls_server.hpp"
#include "tls_test_util.hpp"

namespace palisade::testing {
namespace {

using scan::Conn;
using scan::Millis;
using scan::TlsClientOptions;

struct X509Deleter {
    void operator()(X509* x) const { X509_free(x); }
};
std::unique_ptr<X509, X509Deleter> Parse(const std::string& der) {
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    return std::unique_ptr<X509, X509Deleter>(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
}

const TestPki& Pki() { return TestPki::Shared(); }

TEST(TestPkiTest, LeafChainsToRootThroughIntermediate) {
    CertSpec spec;
    spec.issuer = Issuer::kIntermediate;
    IssuedCert leaf = Pki().Issue(spec);
    auto cert = Parse(leaf.der);
    auto root = Parse(Pki().RootDer());
    auto intermediate = Parse(Pki().IntermediateDer());
    ASSERT_TRUE(cert && root && intermediate);
    EXPECT_EQ(X509_check_issued(intermediate.get(), cert.get()), X509_V_OK);
    EXPECT_EQ(X509_check_issued(root.get(), intermediate.get()), X509_V_OK);
    EXPECT_EQ(leaf.chain_pem, Pki().IntermediatePem());

    X509_STORE* store = X509_STORE_new();
    X509_STORE_add_cert(store, root.get());
    STACK_OF(X509)* untrusted = sk_X509_new_null();
    sk_X509_push(untrusted, intermediate.get());
    X509_STORE_CTX* ctx = X509_STORE_CTX_new();
    X509_STORE_CTX_init(ctx, store, cert.get(), untrusted);
    EXPECT_EQ(X509_verify_cert(ctx), 1) << X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx));
    X509_STORE_CTX_free(ctx);
    sk_X509_free(untrusted);
    X509_STORE_free(store);
}

TEST(TestPkiTest, SpecOptionsShowInTheCertificate) {
    CertSpec spec;
    spec.key_type = KeyType::kRsa;
    spec.rsa_bits = 1024;
    spec.digest = SignDigest::kMd5;
    spec.dns_names = {"a.example", "b.example"};
    spec.ip_addresses = {"::1"};
    spec.not_after_offset = std::chrono::hours(-2);
    auto cert = Parse(Pki().Issue(spec).der);
    ASSERT_TRUE(cert);
    EXPECT_EQ(X509_get_signature_nid(cert.get()), NID_md5WithRSAEncryption);
    EXPECT_EQ(EVP_PKEY_get_bits(X509_get0_pubkey(cert.get())), 1024);
    EXPECT_LT(X509_cmp_current_time(X509_get0_notAfter(cert.get())), 0);  // already expired
    EXPECT_EQ(X509_check_host(cert.get(), "b.example", 0, 0, nullptr), 1);
    EXPECT_EQ(X509_check_ip_asc(cert.get(), "::1", 0), 1);
    EXPECT_NE(X509_check_ip_asc(cert.get(), "127.0.0.1", 0), 1);

    CertSpec sha1;
    sha1.digest = SignDigest::kSha1;
    sha1.key_type = KeyType::kEcP384;
    sha1.issuer = Issuer::kSelf;
    auto self = Parse(Pki().Issue(sha1).der);
    ASSERT_TRUE(self);
    EXPECT_EQ(X509_get_signature_nid(self.get()), NID_ecdsa_with_SHA1);
    EXPECT_EQ(X509_NAME_cmp(X509_get_subject_name(self.get()), X509_get_issuer_name(self.get())), 0);
    EXPECT_EQ(X509_verify(self.get(), X509_get0_pubkey(self.get())), 1);
    EXPECT_EQ(EVP_PKEY_get_bits(X509_get0_pubkey(self.get())), 384);
}

TEST(TestPkiTest, RsaExponentOneKeyStillServesTls) {
    CertSpec spec;
    spec.key_type = KeyType::kRsa;
    spec.rsa_bits = 1024;
    spec.rsa_exponent = 1;
    IssuedCert leaf = Pki().Issue(spec);
    auto cert = Parse(leaf.der);
    ASSERT_TRUE(cert);
    BIGNUM* e = nullptr;
    ASSERT_EQ(EVP_PKEY_get_bn_param(X509_get0_pubkey(cert.get()), OSSL_PKEY_PARAM_RSA_E, &e), 1);
    EXPECT_TRUE(BN_is_one(e));
    BN_free(e);

    TlsServerOptions options;
    options.cert = leaf;
    options.max_version = TLS1_2_VERSION;
    options.cipher_list = "AES128-SHA:@SECLEVEL=0";  // RSA key exchange: the "key" decrypts
    TlsServer server(options);
    TlsClientOptions client;
    client.cipher_list = "AES128-SHA:@SECLEVEL=0";
    auto tls = ConnectTls(server.port(), client);
    ASSERT_TRUE(tls) << tls.error().message;
    EXPECT_EQ(tls->PeerChainDer().front(), leaf.der);
}

TEST(TestPkiTest, OcspResponseIsASuccessfulGoodResponse) {
    IssuedCert leaf = Pki().Issue(CertSpec{});
    std::string der = Pki().OcspResponseFor(leaf);
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    OCSP_RESPONSE* response = d2i_OCSP_RESPONSE(nullptr, &p, static_cast<long>(der.size()));
    ASSERT_NE(response, nullptr);
    EXPECT_EQ(OCSP_response_status(response), OCSP_RESPONSE_STATUS_SUCCESSFUL);
    OCSP_BASICRESP* basic = OCSP_response_get1_basic(response);
    ASSERT_NE(basic, nullptr);
    EXPECT_EQ(OCSP_resp_count(basic), 1);
    int reason = 0;
    EXPECT_EQ(OCSP_single_get0_status(OCSP_resp_get0(basic, 0), &reason, nullptr, nullptr, nullptr),
              V_OCSP_CERTSTATUS_GOOD);
    OCSP_BASICRESP_free(basic);
    OCSP_RESPONSE_free(response);
}

class TlsServerTest : public ::testing::Test {
  protected:
    TlsServerOptions Options() {
        TlsServerOptions o;
        o.cert = Pki().Issue(CertSpec{});
        return o;
    }
};

TEST_F(TlsServerTest, Tls12OnlyServerRefusesTls13OnlyClient) {
    auto o = Options();
    o.max_version = TLS1_2_VERSION;
    TlsServer server(o);
    TlsClientOptions client;
    client.min_version = TLS1_3_VERSION;
    auto tls = ConnectTls(server.port(), client);
    ASSERT_FALSE(tls);
    EXPECT_EQ(tls.error().code, ErrorCode::kUnavailable);
    EXPECT_THAT(tls.error().message, ::testing::StartsWith("handshake failure: "));

    client.min_version = 0;
    auto ok = ConnectTls(server.port(), client);
    ASSERT_TRUE(ok) << ok.error().message;
    EXPECT_EQ(ok->Protocol(), "TLSv1.2");
}

TEST_F(TlsServerTest, SpeaksTls10WhenAskedTo) {
    auto o = Options();
    o.min_version = TLS1_VERSION;
    o.max_version = TLS1_VERSION;
    TlsServer server(o);
    auto tls = ConnectTls(server.port(), TlsClientOptions{});
    ASSERT_TRUE(tls) << tls.error().message;
    EXPECT_EQ(tls->Protocol(), "TLSv1");
}

TEST_F(TlsServerTest, CipherListRestrictsTls12Suites) {
    auto o = Options();
    o.max_version = TLS1_2_VERSION;
    o.cipher_list = "ECDHE-ECDSA-AES256-GCM-SHA384";
    TlsServer server(o);
    TlsClientOptions client;
    client.cipher_list = "ECDHE-ECDSA-AES128-GCM-SHA256";
    auto refused = ConnectTls(server.port(), client);
    ASSERT_FALSE(refused);
    EXPECT_THAT(refused.error().message, ::testing::HasSubstr("handshake failure"));
    client.cipher_list.clear();
    auto tls = ConnectTls(server.port(), client);
    ASSERT_TRUE(tls) << tls.error().message;
    EXPECT_EQ(tls->CipherName(), "ECDHE-ECDSA-AES256-GCM-SHA384");
}

TEST_F(TlsServerTest, ServerPreferenceDecidesTheSuite) {
    auto o = Options();
    o.max_version = TLS1_2_VERSION;
    o.cipher_list = "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-GCM-SHA256";
    TlsClientOptions client;
    client.cipher_list = "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384";
    {
        o.server_preference = true;
        TlsServer server(o);
        auto tls = ConnectTls(server.port(), client);
        ASSERT_TRUE(tls) << tls.error().message;
        EXPECT_EQ(tls->CipherName(), "ECDHE-ECDSA-AES256-GCM-SHA384");
    }
    {
        o.server_preference = false;
        TlsServer server(o);
        auto tls = ConnectTls(server.port(), client);
        ASSERT_TRUE(tls) << tls.error().message;
        EXPECT_EQ(tls->CipherName(), "ECDHE-ECDSA-AES128-GCM-SHA256");
    }
}

TEST_F(TlsServerTest, SendsTheIntermediateOnlyWhenConfigured) {
    TlsServerOptions o;
    CertSpec spec;
    spec.issuer = Issuer::kIntermediate;
    o.cert = Pki().Issue(spec);
    {
        TlsServer server(o);
        auto tls = ConnectTls(server.port(), TlsClientOptions{});
        ASSERT_TRUE(tls) << tls.error().message;
        auto chain = tls->PeerChainDer();
        ASSERT_EQ(chain.size(), 2u);
        EXPECT_EQ(chain[0], o.cert.der);
        EXPECT_EQ(chain[1], Pki().IntermediateDer());
    }
    o.send_chain = false;
    TlsServer server(o);
    auto tls = ConnectTls(server.port(), TlsClientOptions{});
    ASSERT_TRUE(tls) << tls.error().message;
    EXPECT_EQ(tls->PeerChainDer().size(), 1u);
}

TEST_F(TlsServerTest, ServesManyConcurrentAndSequentialClients) {
    TlsServer server(Options());
    constexpr int kThreads = 8, kEach = 4;
    std::atomic<int> ok{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < kEach; ++i) {
                auto tls = ConnectTls(server.port(), TlsClientOptions{});
                if (!tls) continue;
                if (!tls->SendAll("ping", Millis(2000))) continue;
                std::string got;
                while (got.size() < 4) {
                    auto n = tls->ReadSome(got, 64, Millis(2000));
                    if (!n || *n == 0) break;
                }
                if (got == "ping") ok++;
            }
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(ok.load(), kThreads * kEach);
    EXPECT_TRUE(server.WaitForHandshakes(kThreads * kEach));
    EXPECT_EQ(server.handshakes(), static_cast<std::size_t>(kThreads * kEach));
}

TEST_F(TlsServerTest, SurvivesAbruptClosesAndGarbage) {
    TlsServer server(Options());
    for (int i = 0; i < 3; ++i) {
        auto conn = Conn::Connect(Loopback4(), server.port(), Millis(2000), {});
        ASSERT_TRUE(conn);
        conn->Close();  // reset before any byte
    }
    {
        auto conn = Conn::Connect(Loopback4(), server.port(), Millis(2000), {});
        ASSERT_TRUE(conn);
        ASSERT_TRUE(conn->SendAll("GET / HTTP/1.0\r\n\r\n", Millis(2000)));
        std::string reply;
        auto n = conn->ReadSome(reply, 1024, Millis(2000));  // an alert or a close
        (void)n;
    }
    auto tls = ConnectTls(server.port(), TlsClientOptions{});
    ASSERT_TRUE(tls) << tls.error().message;
    EXPECT_TRUE(server.WaitForHandshakes(1));
    EXPECT_EQ(server.handshakes(), 1u);
    EXPECT_GE(server.accepted(), 5u);
}

TEST_F(TlsServerTest, StopReturnsWhileAClientIsIdle) {
    auto server = std::make_unique<TlsServer>(Options());
    auto idle = Conn::Connect(Loopback4(), server->port(), Millis(2000), {});
    ASSERT_TRUE(idle);
    auto tls = ConnectTls(server->port(), TlsClientOptions{});  // handshaken, then idle in echo mode
    ASSERT_TRUE(tls);
    auto start = std::chrono::steady_clock::now();
    server->Stop();
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
    std::string got;
    auto n = tls->ReadSome(got, 16, Millis(2000));
    EXPECT_TRUE(!n || *n == 0);  // the server went away
}

TEST_F(TlsServerTest, HttpModeAnswersTheScriptedResponse) {
    auto o = Options();
    o.after = AfterHandshake::kHttp;
    o.http_response = "HTTP/1.1 200 OK\r\nStrict-Transport-Security: max-age=63072000\r\nContent-Length: 0\r\n\r\n";
    TlsServer server(o);
    auto tls = ConnectTls(server.port(), TlsClientOptions{});
    ASSERT_TRUE(tls) << tls.error().message;
    ASSERT_TRUE(tls->SendAll("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n", Millis(2000)));
    std::string got;
    for (;;) {
        auto n = tls->ReadSome(got, 4096, Millis(2000));
        ASSERT_TRUE(n) << n.error().message;
        if (*n == 0) break;
    }
    EXPECT_EQ(got, o.http_response);
}

TEST_F(TlsServerTest, RecordsSniAndStatusRequest) {
    auto o = Options();
    o.ocsp_response_der = Pki().OcspResponseFor(o.cert);
    TlsServer server(o);
    TlsClientOptions client;
    client.sni = "localhost";
    client.request_ocsp = true;
    auto tls = ConnectTls(server.port(), client);
    ASSERT_TRUE(tls) << tls.error().message;
    tls->Close();
    ASSERT_TRUE(server.WaitForHandshakes(1));
    auto seen = server.Handshakes();
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen[0].sni, "localhost");
    EXPECT_TRUE(seen[0].status_requested);
}

TEST(RawTlsServerTest, AnswersWithCallerBytesAndWaitsForMore) {
    std::atomic<int> calls{0};
    RawTlsServer server([&](const RawExchange& ex) {
        calls++;
        RawReply reply;
        if (ex.received.size() < 5) {
            reply.need_more = true;
            return reply;
        }
        reply.send = "got:" + std::string(ex.received) + "#" + std::to_string(ex.exchange);
        reply.close = ex.exchange == 1;
        return reply;
    });
    auto conn = Conn::Connect(Loopback4(), server.port(), Millis(2000), {});
    ASSERT_TRUE(conn);
    ASSERT_TRUE(conn->SendAll("ab", Millis(1000)));
    std::string got;
    EXPECT_FALSE(conn->ReadSome(got, 64, Millis(200)));  // nothing yet: the callback asked for more
    ASSERT_TRUE(conn->SendAll("cde", Millis(1000)));
    auto first = conn->ReadUntil([](const std::string& b) { return b.find("#0") != std::string::npos; }, 64,
                                 Millis(2000));
    ASSERT_TRUE(first);
    EXPECT_EQ(*first, "got:abcde#0");
    ASSERT_TRUE(conn->SendAll("fghij", Millis(1000)));
    auto second = conn->ReadUntil([](const std::string&) { return false; }, 64, Millis(2000));
    ASSERT_TRUE(second);
    EXPECT_EQ(*second, "got:fghij#1");  // then the server closed
    // At least ours (a stray connection from a parallel test process that reuses a freed port is possible).
    EXPECT_GE(server.accepted(), 1u);
}

}  // namespace
}  // namespace palisade::testing

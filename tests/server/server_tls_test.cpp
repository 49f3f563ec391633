// SPDX-License-Identifier: Apache-2.0
// HTTPS with a self-signed certificate made at test time.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cstdio>
#include <filesystem>
#include <memory>

#include "server/server.hpp"
#include "server_fixture.hpp"

namespace palisade::server {
namespace {

using namespace std::chrono_literals;

using testing::ServerTest;

struct TempDir {
    TempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "palisade-tls-XXXXXX").string();
        path = mkdtemp(pattern.data()) != nullptr ? pattern : std::string();
    }
    ~TempDir() {
        std::error_code ec;
        if (!path.empty()) std::filesystem::remove_all(path, ec);
    }
    std::string path;
};

bool WritePem(const std::string& file, const std::function<int(FILE*)>& write) {
    FILE* f = std::fopen(file.c_str(), "w");
    if (f == nullptr) return false;
    const bool ok = write(f) == 1;
    std::fclose(f);
    return ok;
}

// An EC P-256 key and a one-day self-signed certificate for CN=localhost, as PEM files.
bool MakeSelfSigned(const std::string& cert_file, const std::string& key_file) {
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_EC_gen("P-256"), EVP_PKEY_free);
    std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), X509_free);
    if (!key || !cert) return false;
    X509_set_version(cert.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -60);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 24 * 3600);
    X509_set_pubkey(cert.get(), key.get());
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("localhost"), -1, -1,
                               0);
    X509_set_issuer_name(cert.get(), name);
    if (X509_sign(cert.get(), key.get(), EVP_sha256()) == 0) return false;
    return WritePem(cert_file, [&](FILE* f) { return PEM_write_X509(f, cert.get()); }) &&
           WritePem(key_file,
                    [&](FILE* f) { return PEM_write_PrivateKey(f, key.get(), nullptr, nullptr, 0, nullptr, nullptr); });
}

class HttpServerTlsTest : public ServerTest {
  protected:
    void SetUp() override {
        ServerTest::SetUp();
        ASSERT_FALSE(dir_.path.empty());
        cert_ = dir_.path + "/cert.pem";
        key_ = dir_.path + "/key.pem";
        ASSERT_TRUE(MakeSelfSigned(cert_, key_));
        router_
            .Get("/api/v1/ping",
                 [](Request& r) {
                     Response res;
                     res.body = r.tls ? "tls" : "plain";
                     return res;
                 })
            .Public();
    }
    TempDir dir_;
    std::string cert_;
    std::string key_;
};

TEST_F(HttpServerTlsTest, ServesHttpsWithHsts) {
    config_.tls_cert_file = cert_;
    config_.tls_key_file = key_;
    Start();
    auto r = Client().Get("/api/v1/ping");
    ASSERT_EQ(r.status, 200) << r.error;
    EXPECT_EQ(r.body, "tls");
    EXPECT_NE(r.Header("strict-transport-security").find("max-age="), std::string::npos);
    EXPECT_EQ(r.Header("cache-control"), "no-store");
    // Keep-alive over TLS.
    EXPECT_EQ(Client().Get("/api/v1/nothing").status, 404);
}

TEST_F(HttpServerTlsTest, PlainHttpToTlsPortGetsNoResponse) {
    config_.tls_cert_file = cert_;
    config_.tls_key_file = key_;
    Start();
    testing::RawConnection c(server_->Port());
    ASSERT_TRUE(c.Send("GET /api/v1/ping HTTP/1.1\r\nHost: x\r\n\r\n"));
    EXPECT_EQ(testing::StatusOf(c.ReadResponse(2s)), 0);
    EXPECT_TRUE(c.WaitForClose(3s));
}

TEST_F(HttpServerTlsTest, PlainServerSendsNoHsts) {
    Start();
    auto r = Client().Get("/api/v1/ping");
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.body, "plain");
    EXPECT_EQ(r.Header("strict-transport-security"), "");
}

TEST_F(HttpServerTlsTest, StartFailsOnUnreadableCertificate) {
    config_.tls_cert_file = dir_.path + "/missing.pem";
    config_.tls_key_file = key_;
    HttpServer server(config_, router_, auth_, metrics_);
    auto started = server.Start();
    ASSERT_FALSE(started.has_value());
    EXPECT_EQ(started.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(started.error().message.find("missing.pem"), std::string::npos);
}

TEST_F(HttpServerTlsTest, StartFailsWithOnlyOneTlsFile) {
    config_.tls_cert_file = cert_;
    HttpServer server(config_, router_, auth_, metrics_);
    auto started = server.Start();
    ASSERT_FALSE(started.has_value());
    EXPECT_EQ(started.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace palisade::server

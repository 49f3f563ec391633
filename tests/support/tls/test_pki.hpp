// SPDX-License-Identifier: Apache-2.0
// A throw-away PKI for TLS tests, generated in memory with the OpenSSL 3 API when a test runs (no openssl CLI, no
// committed key material): a root CA, an intermediate CA under it, and leaf certificates with the weaknesses the
// scanner must recognise (small keys, SHA-1/MD5 signatures, expired or future validity, wrong names, self-signed,
// RSA exponent 1). Everything is PEM/DER text so tests can hand it to servers, files or analysers.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace palisade::testing {

enum class KeyType { kRsa, kEcP256, kEcP384 };
enum class SignDigest { kSha256, kSha1, kMd5 };
// Who signs a certificate.
enum class Issuer { kRoot, kIntermediate, kSelf };

struct CertSpec {
    std::string common_name = "localhost";
    std::vector<std::string> dns_names{"localhost"};   // subjectAltName DNS entries
    std::vector<std::string> ip_addresses{"127.0.0.1"};  // subjectAltName IP entries (IPv4 or IPv6 text)
    KeyType key_type = KeyType::kEcP256;  // EC by default: RSA key generation is slow
    int rsa_bits = 2048;                  // for kRsa (1024 and up)
    unsigned long rsa_exponent = 65537;   // for kRsa; 1 builds a key with e = d = 1 (a degenerate key that works)
    // Validity relative to the current time.
    std::chrono::seconds not_before_offset = std::chrono::hours(-1);
    std::chrono::seconds not_after_offset = std::chrono::hours(24 * 90);
    SignDigest digest = SignDigest::kSha256;  // of the issuer's signature on this certificate
    Issuer issuer = Issuer::kRoot;
    bool is_ca = false;  // basicConstraints CA:TRUE (otherwise a server leaf with serverAuth EKU)
};

struct IssuedCert {
    std::string cert_pem;  // this certificate
    std::string key_pem;   // its private key (PKCS#8 PEM)
    std::string der;       // this certificate, DER
    // The certificates a server sends after the leaf (the intermediate when issued by it; empty otherwise), PEM.
    std::string chain_pem;
};

// A root CA ("Palisade Test Root", EC P-256, 10 years) and an intermediate ("Palisade Test Intermediate") under it.
// Issue() is thread-safe. Movable.
class TestPki {
  public:
    static TestPki Create();
    // One PKI per test process, created on first use (RSA CA keys take ~0.4 s): what most tests want.
    static const TestPki& Shared();
    ~TestPki();
    TestPki(TestPki&&) noexcept;
    TestPki& operator=(TestPki&&) noexcept;

    // Creates a key and a certificate. Aborts the test binary (PALISADE_ASSERT-like) on an OpenSSL failure: these
    // are fixtures, not code under test.
    IssuedCert Issue(const CertSpec& spec) const;

    std::string RootPem() const;
    std::string RootDer() const;
    std::string IntermediatePem() const;
    std::string IntermediateDer() const;
    // Writes the root certificate (PEM) to `path`, e.g. for TlsClientOptions::ca_file.
    void WriteRoot(const std::filesystem::path& path) const;

    // A DER OCSPResponse (status successful, cert status good, signed by the issuer) for a certificate issued by
    // this PKI; what a server staples.
    std::string OcspResponseFor(const IssuedCert& cert) const;

    struct State;

  private:
    explicit TestPki(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
};

// Writes `text` to `path` (helper for ca files).
void WriteTextFile(const std::filesystem::path& path, const std::string& text);

}  // namespace palisade::testing

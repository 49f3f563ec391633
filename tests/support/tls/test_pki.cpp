// SPDX-License-Identifier: Apache-2.0
#include "support/tls/test_pki.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <stdexcept>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ocsp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace palisade::testing {
namespace {

[[noreturn]] void Die(const char* what) {
    std::fprintf(stderr, "test_pki: %s failed\n", what);
    ERR_print_errors_fp(stderr);
    std::abort();
}

void Check(bool ok, const char* what) {
    if (!ok) Die(what);
}

struct PkeyFree {
    void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct X509Free {
    void operator()(X509* p) const { X509_free(p); }
};
struct CtxFree {
    void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
};
struct BnFree {
    void operator()(BIGNUM* p) const { BN_free(p); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;
using X509Ptr = std::unique_ptr<X509, X509Free>;
using CtxPtr = std::unique_ptr<EVP_PKEY_CTX, CtxFree>;
using BnPtr = std::unique_ptr<BIGNUM, BnFree>;

PkeyPtr GenerateRsa(int bits, unsigned long exponent) {
    CtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
    Check(ctx && EVP_PKEY_keygen_init(ctx.get()) > 0, "RSA keygen init");
    Check(EVP_PKEY_CTX_set_rsa_keygen_bits(ctx.get(), bits) > 0, "RSA bits");
    const unsigned long gen_exponent = exponent == 1 ? 65537 : exponent;
    BnPtr e(BN_new());
    Check(e && BN_set_word(e.get(), gen_exponent), "BN_set_word");
    Check(EVP_PKEY_CTX_set1_rsa_keygen_pubexp(ctx.get(), e.get()) > 0, "RSA exponent");
    EVP_PKEY* raw = nullptr;
    Check(EVP_PKEY_generate(ctx.get(), &raw) > 0, "RSA keygen");
    PkeyPtr key(raw);
    if (exponent != 1) return key;

    // e = d = 1 with the same primes: m^1 mod n, a "key" that signs and verifies (the signature is the padded
    // message itself). OpenSSL does not refuse to import it, which is what we need to imitate such servers.
    BIGNUM *n = nullptr, *p = nullptr, *q = nullptr, *qinv = nullptr;
    Check(EVP_PKEY_get_bn_param(key.get(), OSSL_PKEY_PARAM_RSA_N, &n) &&
              EVP_PKEY_get_bn_param(key.get(), OSSL_PKEY_PARAM_RSA_FACTOR1, &p) &&
              EVP_PKEY_get_bn_param(key.get(), OSSL_PKEY_PARAM_RSA_FACTOR2, &q) &&
              EVP_PKEY_get_bn_param(key.get(), OSSL_PKEY_PARAM_RSA_COEFFICIENT1, &qinv),
          "RSA params");
    BnPtr n_(n), p_(p), q_(q), qinv_(qinv), one(BN_new());
    Check(one && BN_one(one.get()), "BN_one");
    OSSL_PARAM_BLD* bld = OSSL_PARAM_BLD_new();
    Check(bld && OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n) &&
              OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, one.get()) &&
              OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_D, one.get()) &&
              OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_FACTOR1, p) &&
              OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_FACTOR2, q) &&
              OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_EXPONENT1, one.get()) &&
              OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_EXPONENT2, one.get()) &&
              OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_COEFFICIENT1, qinv),
          "RSA param build");
    OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(bld);
    OSSL_PARAM_BLD_free(bld);
    Check(params != nullptr, "OSSL_PARAM_BLD_to_param");
    CtxPtr from(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
    EVP_PKEY* degenerate = nullptr;
    Check(from && EVP_PKEY_fromdata_init(from.get()) > 0 &&
              EVP_PKEY_fromdata(from.get(), &degenerate, EVP_PKEY_KEYPAIR, params) > 0,
          "RSA e=1 import");
    OSSL_PARAM_free(params);
    return PkeyPtr(degenerate);
}

PkeyPtr GenerateEc(const char* curve) {
    EVP_PKEY* raw = EVP_EC_gen(curve);
    Check(raw != nullptr, "EC keygen");
    return PkeyPtr(raw);
}

PkeyPtr GenerateKey(const CertSpec& spec) {
    switch (spec.key_type) {
        case KeyType::kRsa:
            return GenerateRsa(spec.rsa_bits, spec.rsa_exponent);
        case KeyType::kEcP256:
            return GenerateEc("P-256");
        case KeyType::kEcP384:
            return GenerateEc("P-384");
    }
    Die("key type");
}

// CA keys are RSA (so a CA can sign with MD5, which has no ECDSA OID). RSA-2048 generation takes a noticeable
// fraction of a second, so the two CA keys are made once per process and shared by every TestPki.
EVP_PKEY* CachedCaKey(int slot) {
    static std::once_flag once;
    static EVP_PKEY* keys[2] = {nullptr, nullptr};
    std::call_once(once, [] {
        keys[0] = GenerateRsa(2048, 65537).release();
        keys[1] = GenerateRsa(2048, 65537).release();
    });
    return keys[slot];
}

const EVP_MD* Digest(SignDigest digest) {
    switch (digest) {
        case SignDigest::kSha256:
            return EVP_sha256();
        case SignDigest::kSha1:
            return EVP_sha1();
        case SignDigest::kMd5:
            return EVP_md5();
    }
    Die("digest");
}

void AddExtension(X509* cert, X509V3_CTX* ctx, int nid, const std::string& value) {
    X509_EXTENSION* ext = X509V3_EXT_nconf_nid(nullptr, ctx, nid, value.c_str());
    Check(ext != nullptr, "X509V3_EXT_nconf_nid");
    Check(X509_add_ext(cert, ext, -1) == 1, "X509_add_ext");
    X509_EXTENSION_free(ext);
}

// Builds and signs a certificate. `issuer`/`issuer_key` null means self-signed with `key`.
X509Ptr MakeCert(const std::string& cn, const std::vector<std::string>& dns, const std::vector<std::string>& ips,
                 EVP_PKEY* key, X509* issuer, EVP_PKEY* issuer_key, bool is_ca, std::chrono::seconds not_before,
                 std::chrono::seconds not_after, const EVP_MD* md) {
    X509Ptr cert(X509_new());
    Check(cert && X509_set_version(cert.get(), X509_VERSION_3), "X509_set_version");
    unsigned char serial_bytes[16];
    Check(RAND_bytes(serial_bytes, sizeof serial_bytes) == 1, "RAND_bytes");
    serial_bytes[0] &= 0x7f;
    serial_bytes[0] |= 0x10;
    BnPtr serial(BN_bin2bn(serial_bytes, sizeof serial_bytes, nullptr));
    Check(serial && BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get())), "serial");
    Check(X509_gmtime_adj(X509_getm_notBefore(cert.get()), static_cast<long>(not_before.count())) != nullptr,
          "notBefore");
    Check(X509_gmtime_adj(X509_getm_notAfter(cert.get()), static_cast<long>(not_after.count())) != nullptr,
          "notAfter");
    X509_NAME* name = X509_get_subject_name(cert.get());
    Check(X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                                     reinterpret_cast<const unsigned char*>("Palisade Tests"), -1, -1, 0) == 1,
          "subject O");
    Check(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(cn.c_str()),
                                     -1, -1, 0) == 1,
          "subject CN");
    Check(X509_set_issuer_name(cert.get(), issuer ? X509_get_subject_name(issuer) : name) == 1, "issuer name");
    Check(X509_set_pubkey(cert.get(), key) == 1, "X509_set_pubkey");

    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, issuer ? issuer : cert.get(), cert.get(), nullptr, nullptr, 0);
    if (is_ca) {
        AddExtension(cert.get(), &ctx, NID_basic_constraints, "critical,CA:TRUE");
        AddExtension(cert.get(), &ctx, NID_key_usage, "critical,keyCertSign,cRLSign,digitalSignature");
    } else {
        AddExtension(cert.get(), &ctx, NID_basic_constraints, "critical,CA:FALSE");
        AddExtension(cert.get(), &ctx, NID_key_usage, "critical,digitalSignature,keyEncipherment");
        AddExtension(cert.get(), &ctx, NID_ext_key_usage, "serverAuth");
    }
    AddExtension(cert.get(), &ctx, NID_subject_key_identifier, "hash");
    if (issuer) AddExtension(cert.get(), &ctx, NID_authority_key_identifier, "keyid:always");
    std::string san;
    for (const auto& d : dns) san += (san.empty() ? "" : ",") + std::string("DNS:") + d;
    for (const auto& ip : ips) san += (san.empty() ? "" : ",") + std::string("IP:") + ip;
    if (!san.empty()) AddExtension(cert.get(), &ctx, NID_subject_alt_name, san);

    Check(X509_sign(cert.get(), issuer_key ? issuer_key : key, md) > 0, "X509_sign");
    return cert;
}

std::string CertPem(X509* cert) {
    BIO* bio = BIO_new(BIO_s_mem());
    Check(bio && PEM_write_bio_X509(bio, cert) == 1, "PEM_write_bio_X509");
    char* data = nullptr;
    long len = BIO_get_mem_data(bio, &data);
    std::string out(data, static_cast<std::size_t>(len));
    BIO_free(bio);
    return out;
}

std::string CertDer(X509* cert) {
    unsigned char* data = nullptr;
    int len = i2d_X509(cert, &data);
    Check(len > 0, "i2d_X509");
    std::string out(reinterpret_cast<char*>(data), static_cast<std::size_t>(len));
    OPENSSL_free(data);
    return out;
}

std::string KeyPem(EVP_PKEY* key) {
    BIO* bio = BIO_new(BIO_s_mem());
    Check(bio && PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr) == 1,
          "PEM_write_bio_PrivateKey");
    char* data = nullptr;
    long len = BIO_get_mem_data(bio, &data);
    std::string out(data, static_cast<std::size_t>(len));
    BIO_free(bio);
    return out;
}

X509Ptr ParseDer(const std::string& der) {
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    X509* cert = d2i_X509(nullptr, &p, static_cast<long>(der.size()));
    Check(cert != nullptr, "d2i_X509");
    return X509Ptr(cert);
}

PkeyPtr ParseKey(const std::string& pem) {
    BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
    EVP_PKEY* key = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    Check(key != nullptr, "PEM_read_bio_PrivateKey");
    return PkeyPtr(key);
}

}  // namespace

struct TestPki::State {
    X509Ptr root;
    X509Ptr intermediate;
};

TestPki::TestPki(std::unique_ptr<State> state) : state_(std::move(state)) {}
TestPki::~TestPki() = default;
TestPki::TestPki(TestPki&&) noexcept = default;
TestPki& TestPki::operator=(TestPki&&) noexcept = default;

const TestPki& TestPki::Shared() {
    static const TestPki pki = Create();
    return pki;
}

TestPki TestPki::Create() {
    auto state = std::make_unique<State>();
    const auto ten_years = std::chrono::hours(24 * 3650);
    state->root = MakeCert("Palisade Test Root", {}, {}, CachedCaKey(0), nullptr, nullptr, true,
                           std::chrono::hours(-24), ten_years, EVP_sha256());
    state->intermediate = MakeCert("Palisade Test Intermediate", {}, {}, CachedCaKey(1), state->root.get(),
                                   CachedCaKey(0), true, std::chrono::hours(-24), ten_years, EVP_sha256());
    return TestPki(std::move(state));
}

IssuedCert TestPki::Issue(const CertSpec& spec) const {
    PkeyPtr key = GenerateKey(spec);
    X509* issuer = nullptr;
    EVP_PKEY* issuer_key = nullptr;
    if (spec.issuer == Issuer::kRoot) {
        issuer = state_->root.get();
        issuer_key = CachedCaKey(0);
    } else if (spec.issuer == Issuer::kIntermediate) {
        issuer = state_->intermediate.get();
        issuer_key = CachedCaKey(1);
    }
    if (spec.digest == SignDigest::kMd5 && spec.issuer == Issuer::kSelf && spec.key_type != KeyType::kRsa) {
        Die("an MD5 self-signature needs an RSA key");
    }
    X509Ptr cert = MakeCert(spec.common_name, spec.dns_names, spec.ip_addresses, key.get(), issuer, issuer_key,
                            spec.is_ca, spec.not_before_offset, spec.not_after_offset, Digest(spec.digest));
    IssuedCert out;
    out.cert_pem = CertPem(cert.get());
    out.key_pem = KeyPem(key.get());
    out.der = CertDer(cert.get());
    if (spec.issuer == Issuer::kIntermediate) out.chain_pem = CertPem(state_->intermediate.get());
    return out;
}

std::string TestPki::RootPem() const { return CertPem(state_->root.get()); }
std::string TestPki::RootDer() const { return CertDer(state_->root.get()); }
std::string TestPki::IntermediatePem() const { return CertPem(state_->intermediate.get()); }
std::string TestPki::IntermediateDer() const { return CertDer(state_->intermediate.get()); }

void TestPki::WriteRoot(const std::filesystem::path& path) const { WriteTextFile(path, RootPem()); }

std::string TestPki::OcspResponseFor(const IssuedCert& issued) const {
    X509Ptr cert = ParseDer(issued.der);
    X509* issuer = nullptr;
    EVP_PKEY* issuer_key = nullptr;
    PkeyPtr own_key;
    if (X509_check_issued(state_->intermediate.get(), cert.get()) == X509_V_OK) {
        issuer = state_->intermediate.get();
        issuer_key = CachedCaKey(1);
    } else if (X509_check_issued(state_->root.get(), cert.get()) == X509_V_OK) {
        issuer = state_->root.get();
        issuer_key = CachedCaKey(0);
    } else {
        issuer = cert.get();
        own_key = ParseKey(issued.key_pem);
        issuer_key = own_key.get();
    }
    OCSP_CERTID* id = OCSP_cert_to_id(EVP_sha1(), cert.get(), issuer);
    Check(id != nullptr, "OCSP_cert_to_id");
    OCSP_BASICRESP* basic = OCSP_BASICRESP_new();
    ASN1_TIME* this_update = X509_gmtime_adj(nullptr, -3600);
    ASN1_TIME* next_update = X509_gmtime_adj(nullptr, 7 * 24 * 3600);
    Check(basic && OCSP_basic_add1_status(basic, id, V_OCSP_CERTSTATUS_GOOD, 0, nullptr, this_update,
                                          next_update) != nullptr,
          "OCSP_basic_add1_status");
    Check(OCSP_basic_sign(basic, issuer, issuer_key, EVP_sha256(), nullptr, 0) == 1, "OCSP_basic_sign");
    OCSP_RESPONSE* response = OCSP_response_create(OCSP_RESPONSE_STATUS_SUCCESSFUL, basic);
    Check(response != nullptr, "OCSP_response_create");
    unsigned char* der = nullptr;
    int len = i2d_OCSP_RESPONSE(response, &der);
    Check(len > 0, "i2d_OCSP_RESPONSE");
    std::string out(reinterpret_cast<char*>(der), static_cast<std::size_t>(len));
    OPENSSL_free(der);
    OCSP_RESPONSE_free(response);
    OCSP_BASICRESP_free(basic);
    ASN1_TIME_free(this_update);
    ASN1_TIME_free(next_update);
    OCSP_CERTID_free(id);
    return out;
}

void WriteTextFile(const std::filesystem::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) {
        std::fprintf(stderr, "test_pki: cannot write %s\n", path.c_str());
        std::abort();
    }
}

}  // namespace palisade::testing

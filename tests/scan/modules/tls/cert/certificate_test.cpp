// SPDX-License-Identifier: Apache-2.0
// Certificate analysis over real loopback handshakes: TestPki issues the certificates, TlsServer serves them and
// TlsConn fetches the chain exactly as the scanner does.
#include "scan/modules/tls/cert/certificate.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include <boost/json.hpp>

#include "support/test_env.hpp"
#include "support/tls/test_pki.hpp"
#include "support/tls/tls_server.hpp"
#include "tls_test_util.hpp"

namespace palisade::scan::tls {
namespace {

using palisade::testing::CertSpec;
using palisade::testing::ConnectTls;
using palisade::testing::IssuedCert;
using palisade::testing::Issuer;
using palisade::testing::KeyType;
using palisade::testing::SignDigest;
using palisade::testing::TestPki;
using palisade::testing::TlsServer;
using palisade::testing::TlsServerOptions;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

const TestPki& Pki() { return TestPki::Shared(); }

bool Has(const CertificateAnalysis& a, std::string_view id) {
    return std::any_of(a.findings.begin(), a.findings.end(), [&](const Finding& f) { return f.check == id; });
}

const Finding* Get(const CertificateAnalysis& a, std::string_view id) {
    for (const auto& f : a.findings) {
        if (f.check == id) return &f;
    }
    return nullptr;
}

std::vector<std::string> Ids(const CertificateAnalysis& a) {
    std::vector<std::string> ids;
    for (const auto& f : a.findings) ids.push_back(f.check);
    return ids;
}

struct Fetched {
    std::vector<std::string> chain;
    bool stapled = false;
};

class CertificateTest : public ::testing::Test {
  protected:
    void SetUp() override {
        ca_file_ = (dir_.path() / "root.pem").string();
        Pki().WriteRoot(ca_file_);
    }

    // Serves `cert` (stapling a good OCSP response when `staple`) and fetches the chain with a real handshake.
    static Fetched Fetch(const IssuedCert& cert, bool staple = true, bool send_chain = true) {
        TlsServerOptions o;
        o.cert = cert;
        o.send_chain = send_chain;
        if (staple) o.ocsp_response_der = Pki().OcspResponseFor(cert);
        TlsServer server(o);
        TlsClientOptions client;
        client.sni = "localhost";
        client.request_ocsp = true;
        auto tls = ConnectTls(server.port(), client);
        EXPECT_TRUE(tls) << tls.error().message;
        if (!tls) return {};
        return Fetched{tls->PeerChainDer(), tls->OcspStapled()};
    }

    CertificateOptions Options() const {
        CertificateOptions o;
        o.ca_file = ca_file_;
        o.host_name = "localhost";
        return o;
    }

    CertificateAnalysis Analyze(const CertSpec& spec, bool staple = true) {
        auto fetched = Fetch(Pki().Issue(spec), staple);
        return AnalyzeCertificates(fetched.chain, fetched.stapled, Options(), "127.0.0.1:443");
    }

    palisade::testing::TempDir dir_;
    std::string ca_file_;
};

TEST_F(CertificateTest, GoodChainHasNoFindingsAndAFullSummary) {
    auto a = Analyze(CertSpec{});
    EXPECT_THAT(Ids(a), IsEmpty());
    const auto& s = a.summary;
    EXPECT_EQ(s.subject, "CN=localhost,O=Palisade Tests");
    EXPECT_EQ(s.issuer, "CN=Palisade Test Root,O=Palisade Tests");
    EXPECT_EQ(s.key_type, "EC");
    EXPECT_EQ(s.key_bits, 256);
    EXPECT_EQ(s.signature_algorithm, "sha256WithRSAEncryption");
    EXPECT_THAT(s.san, UnorderedElementsAre("localhost", "127.0.0.1"));
    EXPECT_TRUE(s.trusted);
    EXPECT_FALSE(s.self_signed);
    EXPECT_TRUE(s.name_matches);
    EXPECT_TRUE(s.chain_complete);
    EXPECT_TRUE(s.ocsp_stapled);
    EXPECT_EQ(s.chain_length, 1);
    EXPECT_EQ(s.verify_error, "");
    EXPECT_EQ(s.sha256_fingerprint.size(), 32u * 3 - 1);
    EXPECT_FALSE(s.serial.empty());
    EXPECT_EQ(s.not_after.size(), 20u);
    EXPECT_EQ(s.not_after.back(), 'Z');
}

TEST_F(CertificateTest, ExpiredLeaf) {
    CertSpec spec;
    spec.not_before_offset = std::chrono::hours(-24 * 60);
    spec.not_after_offset = std::chrono::hours(-24 * 3);
    auto a = Analyze(spec);
    EXPECT_THAT(Ids(a), UnorderedElementsAre("tls.cert.expired"));
    EXPECT_TRUE(a.summary.expired);
    EXPECT_TRUE(a.summary.trusted);  // trust is judged apart from the dates
    EXPECT_THAT(Get(a, "tls.cert.expired")->evidence, HasSubstr("(3 days ago)"));
    EXPECT_EQ(Get(a, "tls.cert.expired")->location, "127.0.0.1:443");
}

TEST_F(CertificateTest, NotYetValidLeaf) {
    CertSpec spec;
    spec.not_before_offset = std::chrono::hours(48);
    auto a = Analyze(spec);
    EXPECT_THAT(Ids(a), UnorderedElementsAre("tls.cert.not_yet_valid"));
    EXPECT_TRUE(a.summary.not_yet_valid);
    EXPECT_FALSE(a.summary.expired);
}

TEST_F(CertificateTest, ExpiringSoonDependsOnTheWarningWindowAndTheClock) {
    CertSpec spec;
    spec.not_after_offset = std::chrono::hours(24 * 10 + 1);
    auto fetched = Fetch(Pki().Issue(spec));
    auto options = Options();
    auto a = AnalyzeCertificates(fetched.chain, true, options, "x");
    EXPECT_THAT(Ids(a), UnorderedElementsAre("tls.cert.expiring_soon"));
    EXPECT_THAT(a.findings[0].evidence, HasSubstr("in 10 days"));
    options.expiry_warning_days = 5;
    EXPECT_THAT(Ids(AnalyzeCertificates(fetched.chain, true, options, "x")), IsEmpty());
    options.now += std::chrono::hours(24 * 6);
    EXPECT_THAT(Ids(AnalyzeCertificates(fetched.chain, true, options, "x")),
                UnorderedElementsAre("tls.cert.expiring_soon"));
    options.now += std::chrono::hours(24 * 6);
    EXPECT_THAT(Ids(AnalyzeCertificates(fetched.chain, true, options, "x")), UnorderedElementsAre("tls.cert.expired"));
    EXPECT_FALSE(AnalyzeCertificates(Fetch(Pki().Issue(CertSpec{})).chain, true, Options(), "x").summary.expires_soon);
}

TEST_F(CertificateTest, HostNameMustBeInTheSubjectAltName) {
    auto fetched = Fetch(Pki().Issue(CertSpec{}));
    auto options = Options();
    for (const char* good : {"localhost", "LOCALHOST", "127.0.0.1", ""}) {
        options.host_name = good;
        auto a = AnalyzeCertificates(fetched.chain, true, options, "x");
        EXPECT_FALSE(Has(a, "tls.cert.name_mismatch")) << good;
        EXPECT_TRUE(a.summary.name_matches) << good;
    }
    for (const char* bad : {"other.example", "[::1]", "127.0.0.2", "sub.localhost"}) {
        options.host_name = bad;
        auto a = AnalyzeCertificates(fetched.chain, true, options, "x");
        EXPECT_TRUE(Has(a, "tls.cert.name_mismatch")) << bad;
        EXPECT_FALSE(a.summary.name_matches) << bad;
    }
    // The subject CN alone does not count (as in browsers).
    CertSpec cn_only;
    cn_only.dns_names.clear();
    cn_only.ip_addresses.clear();
    auto a = Analyze(cn_only);
    EXPECT_THAT(Ids(a), UnorderedElementsAre("tls.cert.name_mismatch"));
    EXPECT_THAT(Get(a, "tls.cert.name_mismatch")->evidence, HasSubstr("no subjectAltName"));
    // Wildcards match one label.
    CertSpec wildcard;
    wildcard.dns_names = {"*.example.test"};
    auto w = Fetch(Pki().Issue(wildcard));
    options.host_name = "www.example.test";
    EXPECT_FALSE(Has(AnalyzeCertificates(w.chain, true, options, "x"), "tls.cert.name_mismatch"));
    options.host_name = "a.b.example.test";
    EXPECT_TRUE(Has(AnalyzeCertificates(w.chain, true, options, "x"), "tls.cert.name_mismatch"));
}

TEST_F(CertificateTest, SelfSignedLeaf) {
    CertSpec spec;
    spec.issuer = Issuer::kSelf;
    IssuedCert cert = Pki().Issue(spec);
    auto fetched = Fetch(cert);
    auto a = AnalyzeCertificates(fetched.chain, fetched.stapled, Options(), "x");
    EXPECT_THAT(Ids(a), UnorderedElementsAre("tls.cert.self_signed"));
    EXPECT_TRUE(a.summary.self_signed);
    EXPECT_FALSE(a.summary.trusted);
    EXPECT_TRUE(a.summary.chain_complete);
    EXPECT_FALSE(a.summary.verify_error.empty());

    // Trusted explicitly (pinned in the CA file): no finding, still reported as self-signed in the summary.
    std::string own = (dir_.path() / "own.pem").string();
    palisade::testing::WriteTextFile(own, cert.cert_pem);
    auto options = Options();
    options.ca_file = own;
    auto pinned = AnalyzeCertificates(fetched.chain, fetched.stapled, options, "x");
    EXPECT_THAT(Ids(pinned), IsEmpty());
    EXPECT_TRUE(pinned.summary.trusted);
    EXPECT_TRUE(pinned.summary.self_signed);
}

TEST_F(CertificateTest, UnknownIssuerIsUntrusted) {
    auto fetched = Fetch(Pki().Issue(CertSpec{}));
    auto options = Options();
    options.ca_file.clear();  // the system store does not know the test root
    auto a = AnalyzeCertificates(fetched.chain, true, options, "x");
    EXPECT_TRUE(Has(a, "tls.cert.untrusted"));
    EXPECT_FALSE(Has(a, "tls.cert.self_signed"));
    EXPECT_FALSE(a.summary.trusted);
    EXPECT_THAT(Get(a, "tls.cert.untrusted")->evidence, HasSubstr("local issuer"));
    EXPECT_FALSE(Has(AnalyzeCertificates(fetched.chain, true, Options(), "x"), "tls.cert.untrusted"));
}

TEST_F(CertificateTest, MissingIntermediateIsAnIncompleteChain) {
    CertSpec spec;
    spec.issuer = Issuer::kIntermediate;
    IssuedCert cert = Pki().Issue(spec);

    auto complete = Fetch(cert, true, /*send_chain=*/true);
    ASSERT_EQ(complete.chain.size(), 2u);
    auto good = AnalyzeCertificates(complete.chain, true, Options(), "x");
    EXPECT_THAT(Ids(good), IsEmpty());
    EXPECT_TRUE(good.summary.chain_complete);
    EXPECT_EQ(good.summary.chain_length, 2);

    auto partial = Fetch(cert, true, /*send_chain=*/false);
    ASSERT_EQ(partial.chain.size(), 1u);
    auto bad = AnalyzeCertificates(partial.chain, true, Options(), "x");
    EXPECT_TRUE(Has(bad, "tls.cert.incomplete_chain"));
    EXPECT_TRUE(Has(bad, "tls.cert.untrusted"));  // nobody can build the chain without the intermediate
    EXPECT_FALSE(bad.summary.chain_complete);
    EXPECT_THAT(Get(bad, "tls.cert.incomplete_chain")->evidence, HasSubstr("Palisade Test Intermediate"));

    // When the local store happens to hold the intermediate, the chain is trusted but still incomplete.
    std::string both = (dir_.path() / "both.pem").string();
    palisade::testing::WriteTextFile(both, Pki().RootPem() + Pki().IntermediatePem());
    auto options = Options();
    options.ca_file = both;
    auto store = AnalyzeCertificates(partial.chain, true, options, "x");
    EXPECT_THAT(Ids(store), UnorderedElementsAre("tls.cert.incomplete_chain"));
    EXPECT_TRUE(store.summary.trusted);
    EXPECT_THAT(store.findings[0].evidence, HasSubstr("local trust store"));
}

TEST_F(CertificateTest, WeakKeys) {
    CertSpec rsa1024;
    rsa1024.key_type = KeyType::kRsa;
    rsa1024.rsa_bits = 1024;
    auto a = Analyze(rsa1024);
    EXPECT_THAT(Ids(a), UnorderedElementsAre("tls.cert.weak_key"));
    EXPECT_THAT(a.findings[0].evidence, HasSubstr("RSA 1024 bits"));
    EXPECT_TRUE(a.summary.weak_key);
    EXPECT_EQ(a.summary.key_bits, 1024);

    CertSpec rsa2048;
    rsa2048.key_type = KeyType::kRsa;
    EXPECT_THAT(Ids(Analyze(rsa2048)), IsEmpty());
    CertSpec p384;
    p384.key_type = KeyType::kEcP384;
    auto ec = Analyze(p384);
    EXPECT_THAT(Ids(ec), IsEmpty());
    EXPECT_EQ(ec.summary.key_bits, 384);

    CertSpec exponent_one;
    exponent_one.key_type = KeyType::kRsa;
    exponent_one.rsa_exponent = 1;
    auto fetched = Fetch(Pki().Issue(exponent_one));  // RSA signatures with e = 1 still "work" (TLS 1.3, PSS)
    ASSERT_EQ(fetched.chain.size(), 1u);
    auto e1 = AnalyzeCertificates(fetched.chain, true, Options(), "x");
    EXPECT_THAT(Ids(e1), UnorderedElementsAre("tls.cert.weak_key"));
    EXPECT_TRUE(e1.summary.rsa_exponent_1);
    EXPECT_THAT(e1.findings[0].evidence, HasSubstr("exponent 1"));
}

TEST_F(CertificateTest, WeakSignatures) {
    CertSpec sha1;
    sha1.digest = SignDigest::kSha1;
    auto a = Analyze(sha1);
    EXPECT_THAT(Ids(a), UnorderedElementsAre("tls.cert.weak_signature"));
    EXPECT_TRUE(a.summary.sha1_signature);
    EXPECT_FALSE(a.summary.md5_or_md2_signature);
    EXPECT_EQ(a.findings[0].title, "A certificate in the chain is signed with SHA-1");
    EXPECT_THAT(a.findings[0].evidence, HasSubstr("leaf signed with sha1WithRSAEncryption"));

    CertSpec md5;
    md5.digest = SignDigest::kMd5;
    auto m = Analyze(md5);
    EXPECT_THAT(Ids(m), UnorderedElementsAre("tls.cert.weak_signature"));
    EXPECT_TRUE(m.summary.md5_or_md2_signature);
    EXPECT_FALSE(m.summary.sha1_signature);
    EXPECT_THAT(m.findings[0].title, HasSubstr("MD5"));

    // The root's own (self-)signature never counts: only the leaf's and intermediates'.
    CertSpec via_intermediate;
    via_intermediate.issuer = Issuer::kIntermediate;
    EXPECT_THAT(Ids(Analyze(via_intermediate)), IsEmpty());
}

TEST_F(CertificateTest, OcspStaplingAbsentIsInformational) {
    auto a = Analyze(CertSpec{}, /*staple=*/false);
    EXPECT_THAT(Ids(a), UnorderedElementsAre("tls.cert.no_ocsp_stapling"));
    EXPECT_EQ(a.findings[0].severity, Severity::kInfo);
    EXPECT_FALSE(a.summary.ocsp_stapled);
    EXPECT_FALSE(Has(Analyze(CertSpec{}, true), "tls.cert.no_ocsp_stapling"));
}

TEST_F(CertificateTest, SeveralProblemsAtOnce) {
    CertSpec spec;
    spec.issuer = Issuer::kSelf;
    spec.key_type = KeyType::kRsa;
    spec.rsa_bits = 1024;
    spec.digest = SignDigest::kSha1;
    spec.not_after_offset = std::chrono::hours(-1);
    spec.dns_names = {"other.example"};
    spec.ip_addresses.clear();
    auto a = Analyze(spec, false);
    EXPECT_THAT(Ids(a), UnorderedElementsAre("tls.cert.expired", "tls.cert.name_mismatch", "tls.cert.self_signed",
                                             "tls.cert.weak_key", "tls.cert.weak_signature",
                                             "tls.cert.no_ocsp_stapling"));
    EXPECT_FALSE(a.summary.trusted);
    EXPECT_TRUE(a.summary.weak_key && a.summary.sha1_signature && a.summary.expired && !a.summary.name_matches);
}

TEST_F(CertificateTest, FingerprintsAreStablePerCertificateAndCheck) {
    CertSpec spec;
    spec.digest = SignDigest::kSha1;
    auto fetched = Fetch(Pki().Issue(spec), false);
    auto first = AnalyzeCertificates(fetched.chain, false, Options(), "127.0.0.1:443");
    auto second = AnalyzeCertificates(fetched.chain, false, Options(), "127.0.0.1:443");
    ASSERT_EQ(first.findings.size(), 2u);
    EXPECT_EQ(first.findings[0].fingerprint, second.findings[0].fingerprint);
    EXPECT_NE(first.findings[0].fingerprint, first.findings[1].fingerprint);
    auto other = AnalyzeCertificates(Fetch(Pki().Issue(spec), false).chain, false, Options(), "127.0.0.1:443");
    EXPECT_NE(first.findings[0].fingerprint, other.findings[0].fingerprint);  // a new certificate, a new finding
}

TEST(CertificateInputTest, EmptyAndGarbageChains) {
    CertificateOptions options;
    auto empty = AnalyzeCertificates({}, false, options, "x");
    EXPECT_THAT(empty.findings, IsEmpty());
    EXPECT_FALSE(empty.summary.trusted);
    EXPECT_EQ(empty.summary.verify_error, "the server sent no certificate");
    EXPECT_NO_THROW(boost::json::parse(empty.details_json));

    auto garbage = AnalyzeCertificates({"\x30\x82\x01\x00garbage", std::string(5000, '\xff')}, true, options, "x");
    EXPECT_THAT(garbage.findings, IsEmpty());
    EXPECT_EQ(garbage.summary.verify_error, "the leaf certificate does not parse");
    EXPECT_EQ(garbage.summary.chain_length, 2);

    IssuedCert leaf = Pki().Issue(CertSpec{});
    auto trailing = AnalyzeCertificates({leaf.der + "x"}, true, options, "x");
    EXPECT_EQ(trailing.summary.verify_error, "the leaf certificate does not parse");

    auto tail = AnalyzeCertificates({leaf.der, "junk"}, true, options, "x");
    EXPECT_EQ(tail.summary.subject, "CN=localhost,O=Palisade Tests");
    auto json = boost::json::parse(tail.details_json).as_object();
    EXPECT_EQ(json.at("warnings").as_array().size(), 1u);
    EXPECT_EQ(json.at("chain").as_array().size(), 1u);
}

TEST_F(CertificateTest, DetailsJsonCarriesTheSummaryAndChain) {
    CertSpec spec;
    spec.issuer = Issuer::kIntermediate;
    auto fetched = Fetch(Pki().Issue(spec));
    auto a = AnalyzeCertificates(fetched.chain, fetched.stapled, Options(), "x");
    auto json = boost::json::parse(a.details_json).as_object();
    EXPECT_EQ(json.at("subject").as_string(), "CN=localhost,O=Palisade Tests");
    EXPECT_EQ(json.at("trusted").as_bool(), true);
    EXPECT_EQ(json.at("key_bits").as_int64(), 256);
    EXPECT_EQ(json.at("chain_length").as_int64(), 2);
    EXPECT_EQ(json.at("host_name").as_string(), "localhost");
    ASSERT_EQ(json.at("chain").as_array().size(), 2u);
    EXPECT_EQ(json.at("chain").as_array()[1].as_object().at("subject").as_string(),
              "CN=Palisade Test Intermediate,O=Palisade Tests");
    EXPECT_EQ(json.at("san").as_array().size(), 2u);
    for (const char* key : {"issuer", "serial", "sha256_fingerprint", "signature_algorithm", "key_type",
                            "not_before", "not_after", "self_signed", "expired", "not_yet_valid", "expires_soon",
                            "name_matches", "chain_complete", "weak_key", "sha1_signature", "md5_or_md2_signature",
                            "rsa_exponent_1", "ocsp_stapled", "verify_error"}) {
        EXPECT_TRUE(json.contains(key)) << key;
    }
}

TEST(CertificateChecksTest, TableIsValidAndComplete) {
    EXPECT_THAT(ValidateCheckTable(CertificateChecks()), IsEmpty());
    std::vector<std::string> ids;
    for (const auto& c : CertificateChecks()) ids.emplace_back(c.id);
    EXPECT_THAT(ids, UnorderedElementsAre("tls.cert.expired", "tls.cert.not_yet_valid", "tls.cert.expiring_soon",
                                          "tls.cert.name_mismatch", "tls.cert.self_signed", "tls.cert.untrusted",
                                          "tls.cert.incomplete_chain", "tls.cert.weak_key",
                                          "tls.cert.weak_signature", "tls.cert.no_ocsp_stapling"));
    for (const auto& c : CertificateChecks()) {
        if (c.severity == Severity::kInfo) continue;
        auto score = CvssBaseScore(c.cvss_vector);
        ASSERT_TRUE(score) << c.id;
        // The severity matches the CVSS band.
        Severity band = *score >= 9 ? Severity::kCritical
                        : *score >= 7 ? Severity::kHigh
                        : *score >= 4 ? Severity::kMedium
                                      : Severity::kLow;
        EXPECT_EQ(band, c.severity) << c.id << " " << *score;
    }
}

TEST(CertificateChecksTest, EveryCheckIsDocumented) {
    std::ifstream in(std::string(PALISADE_SOURCE_DIR) + "/docs/checks.md");
    ASSERT_TRUE(in) << "docs/checks.md";
    std::stringstream text;
    text << in.rdbuf();
    for (const auto& c : CertificateChecks()) {
        EXPECT_THAT(text.str(), HasSubstr("\n### `" + std::string(c.id) + "`\n")) << c.id;
    }
}

}  // namespace
}  // namespace palisade::scan::tls

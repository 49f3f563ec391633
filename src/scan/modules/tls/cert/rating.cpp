// SPDX-License-Identifier: Apache-2.0
#include "scan/modules/tls/cert/rating.hpp"

#include <algorithm>

namespace palisade::scan::tls {
namespace {

// Category 2 scores of one key (testssl set_key_str_score).
int FiniteFieldKeyScore(int bits) {  // RSA, DSA, DH
    if (bits < 512) return 20;
    if (bits < 1024) return 40;
    if (bits < 2048) return 80;
    if (bits < 4096) return 90;
    return 100;
}

int EllipticKeyScore(int bits) {  // EC, EdDSA, ECDH
    if (bits < 110) return 20;
    if (bits < 123) return 40;
    if (bits < 163) return 80;
    if (bits < 225) return 90;
    return 100;
}

bool IsEllipticType(const std::string& type) {
    return type == "EC" || type == "ECDSA" || type == "EdDSA" || type == "Ed25519" || type == "Ed448";
}

int CipherScore(int bits) {
    if (bits <= 0) return 0;
    if (bits < 128) return 20;
    if (bits < 256) return 80;
    return 100;
}

}  // namespace

char LetterForScore(int score) {
    if (score >= 80) return 'A';
    if (score >= 65) return 'B';
    if (score >= 50) return 'C';
    if (score >= 35) return 'D';
    if (score >= 20) return 'E';
    return 'F';
}

namespace {

class Caps {
  public:
    explicit Caps(Rating& rating) : rating_(rating) {}
    // testssl set_grade_cap: T and M always replace the cap; otherwise the worse letter wins, and a T or M cap is
    // never replaced by a letter.
    void Set(char grade, const std::string& reason) {
        rating_.cap_reasons.push_back(std::string("Grade capped to ") + grade + ". " + reason);
        if (grade == 'T' || grade == 'M') {
            cap_ = grade;
        } else if (cap_ == 0 || (cap_ != 'T' && cap_ != 'M' && grade > cap_)) {
            cap_ = grade;
        }
    }
    char cap() const { return cap_; }

  private:
    Rating& rating_;
    char cap_ = 0;
};

}  // namespace

Rating RateTls(const RatingInput& in) {
    Rating r;
    Caps caps(r);

    // ---- Category 1: protocol support ----
    std::vector<int> protocol_scores;
    if (in.sslv2) protocol_scores.push_back(0);
    if (in.sslv3) protocol_scores.push_back(80);
    if (in.tls1_0) protocol_scores.push_back(90);
    if (in.tls1_1) protocol_scores.push_back(95);
    if (in.tls1_2) protocol_scores.push_back(100);
    if (in.tls1_3) protocol_scores.push_back(100);
    if (!protocol_scores.empty()) {
        auto [worst, best] = std::minmax_element(protocol_scores.begin(), protocol_scores.end());
        r.protocol_score = (*best + *worst) / 2;
    }

    // ---- Category 2: key exchange (the weakest of server key and ephemeral keys) ----
    int key = 100;
    if (in.server_key_bits > 0) {
        key = std::min(key, IsEllipticType(in.server_key_type) ? EllipticKeyScore(in.server_key_bits)
                                                                : FiniteFieldKeyScore(in.server_key_bits));
    }
    if (in.weakest_dh_bits > 0) key = std::min(key, FiniteFieldKeyScore(in.weakest_dh_bits));
    if (in.weakest_ecdh_bits > 0) key = std::min(key, EllipticKeyScore(in.weakest_ecdh_bits));
    // Rating Guide items testssl leaves out: export key exchange scores 40, anonymous key exchange 0.
    if (in.export_suites) key = std::min(key, 40);
    if (in.anonymous_suites) key = 0;
    r.key_exchange_score = key;

    // ---- Category 3: cipher strength ----
    if (!in.cipher_bits.empty()) {
        auto [weakest, strongest] = std::minmax_element(in.cipher_bits.begin(), in.cipher_bits.end());
        r.cipher_score = (CipherScore(*strongest) + CipherScore(*weakest)) / 2;
    }

    // ---- Total (integer math per category, as testssl) ----
    if (r.protocol_score == 0 || r.key_exchange_score == 0 || r.cipher_score == 0) {
        r.final_score = 0;
    } else {
        r.final_score = r.protocol_score * 30 / 100 + r.key_exchange_score * 30 / 100 + r.cipher_score * 40 / 100;
    }
    const char letter = LetterForScore(r.final_score);

    // ---- Caps: F ----
    const bool any_tls = in.tls1_0 || in.tls1_1 || in.tls1_2 || in.tls1_3;
    if (protocol_scores.empty()) caps.Set('F', "No SSL/TLS protocol offered");
    if (in.sslv2) caps.Set('F', "SSLv2 offered");
    if (in.sslv3 && !any_tls) caps.Set('F', "SSLv3 is the best protocol offered");
    if (in.export_suites) caps.Set('F', "Export cipher suites offered");
    if (std::any_of(in.cipher_bits.begin(), in.cipher_bits.end(), [](int b) { return b < 112; })) {
        caps.Set('F', "Using cipher suites weaker than 112 bits");
    }
    if (r.key_exchange_score <= 40) {
        caps.Set('F', "Key exchange score " + std::to_string(r.key_exchange_score) + " is 40 or less");
    }
    if (in.cert_md5_or_md2_signature) caps.Set('F', "Certificate signed with MD5 or MD2");
    if (in.cert_rsa_exponent_1) caps.Set('F', "Certificate RSA public exponent is 1");
    if (in.heartbleed) caps.Set('F', "Vulnerable to Heartbleed (CVE-2014-0160)");
    if (in.insecure_client_renegotiation) {
        caps.Set('F', "Insecure (legacy) client-initiated renegotiation accepted (CVE-2009-3555)");
    }
    // ---- Caps: C ----
    if (!in.tls1_2 && !in.tls1_3 && !protocol_scores.empty()) caps.Set('C', "TLS 1.2 is not offered");
    if (in.compression) caps.Set('C', "TLS compression offered (CRIME, CVE-2012-4929)");
    if (in.cbc_with_ssl3) caps.Set('C', "Vulnerable to POODLE: CBC suites with SSLv3 (CVE-2014-3566)");
    if (in.block64_with_tls1_1_plus) {
        caps.Set('C', "64-bit block ciphers with TLS 1.1 or later (SWEET32, CVE-2016-2183)");
    }
    if (in.rc4_with_tls1_1_plus) caps.Set('C', "RC4 offered with TLS 1.1 or later");
    // ---- Caps: B ----
    if (in.sslv3) caps.Set('B', "SSLv3 offered");
    if (in.tls1_0) caps.Set('B', "TLS 1.0 offered");
    if (in.tls1_1) caps.Set('B', "TLS 1.1 offered");
    if (!in.any_aead) caps.Set('B', "No AEAD cipher suite offered");
    if (!in.any_forward_secrecy) caps.Set('B', "No forward secrecy");
    if (in.cbc_with_tls1_0) caps.Set('B', "Vulnerable to BEAST: CBC suites with TLS 1.0 (CVE-2011-3389)");
    if (in.rc4) caps.Set('B', "RC4 offered");
    if (r.key_exchange_score > 40 && r.key_exchange_score <= 80) {
        caps.Set('B', "Key exchange score " + std::to_string(r.key_exchange_score) + " is 80 or less (weak key)");
    }
    if (in.chain_incomplete) caps.Set('B', "Incomplete certificate chain");
    // ---- Certificate: M, then T (a trust problem outranks a name mismatch) ----
    if (!in.cert_name_matches) caps.Set('M', "Certificate does not match the host name");
    // A self-signed certificate the operator trusts explicitly (--ca-file) is trusted: no T for it.
    if (in.cert_self_signed && !in.cert_trusted) caps.Set('T', "Certificate is self-signed");
    if (!in.cert_trusted && !in.cert_self_signed) caps.Set('T', "Certificate chain is not trusted");
    if (in.cert_expired) caps.Set('T', "Certificate has expired");
    if (in.cert_sha1_signature) caps.Set('T', "Certificate signed with SHA-1");

    // ---- Warnings ----
    if (in.hsts_max_age) {
        if (*in.hsts_max_age <= 0) {
            r.warnings.push_back("HSTS is not offered");
        } else if (*in.hsts_max_age < kHstsMinSeconds) {
            r.warnings.push_back("HSTS max-age is too short (" + std::to_string(*in.hsts_max_age / 86400) +
                                 " days; at least 179 are expected)");
        }
    }
    if (!in.tls1_3) r.warnings.push_back("TLS 1.3 is not offered");
    if (!in.secure_renegotiation) r.warnings.push_back("Secure renegotiation (RFC 5746) is not supported");
    if (in.fallback_scsv && !*in.fallback_scsv) {
        r.warnings.push_back("TLS_FALLBACK_SCSV is not supported (no downgrade protection)");
    }

    // ---- Grade ----
    const char cap = caps.cap();
    if (cap == 'T' || cap == 'M') {
        r.grade = std::string(1, cap);
    } else {
        char grade = cap != 0 ? std::max(letter, cap) : letter;
        r.grade = std::string(1, grade);
        if (grade == 'A' && r.cap_reasons.empty()) r.grade = r.warnings.empty() ? "A+" : "A-";
    }
    return r;
}

}  // namespace palisade::scan::tls

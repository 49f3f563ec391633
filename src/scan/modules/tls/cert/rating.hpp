// SPDX-License-Identifier: Apache-2.0
// The SSL Labs Server Rating Guide (2009r), as testssl.sh's run_rating implements it: three category scores
// (protocol support 30 %, key exchange 30 %, cipher strength 40 %), a letter from the total, grade caps for known
// weaknesses, T for trust problems and M for a name mismatch, and A+/A- from warnings. The exact rules, with the
// few places where we follow the Guide beyond testssl, are in docs/checks.md. Pure function.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace palisade::scan::tls {

struct RatingInput {
    bool sslv2 = false, sslv3 = false, tls1_0 = false, tls1_1 = false, tls1_2 = false, tls1_3 = false;
    std::vector<int> cipher_bits;  // symmetric strength of each accepted suite: NULL 0, export 40/56, DES 56,
                                   // 3DES 112, RC4 128, AES128 128, AES256/CHACHA20 256
    bool export_suites = false, anonymous_suites = false, rc4 = false, rc4_with_tls1_1_plus = false,
         block64_with_tls1_1_plus = false, cbc_with_ssl3 = false, cbc_with_tls1_0 = false, any_aead = false,
         any_forward_secrecy = false;
    int server_key_bits = 0;
    std::string server_key_type;  // "RSA","EC","DSA","Ed25519"
    int weakest_dh_bits = 0;
    int weakest_ecdh_bits = 0;  // 0 = none used
    bool heartbleed = false, compression = false, secure_renegotiation = true, insecure_client_renegotiation = false;
    std::optional<bool> fallback_scsv;  // nullopt = not tested
    bool cert_trusted = true, cert_name_matches = true, cert_expired = false, cert_self_signed = false,
         cert_sha1_signature = false, cert_md5_or_md2_signature = false, cert_rsa_exponent_1 = false,
         chain_incomplete = false;
    std::optional<long> hsts_max_age;  // seconds; 0 = header missing or max-age=0; nullopt = not an HTTP service /
                                       // not checked (then HSTS plays no part)
};

struct Rating {
    int protocol_score = 0, key_exchange_score = 0, cipher_score = 0, final_score = 0;
    std::string grade;                     // "A+", "A", "A-", "B", "C", "D", "E", "F", "T", "M"
    std::vector<std::string> cap_reasons;  // "Grade capped to B. TLS 1.0 offered", in the order found
    std::vector<std::string> warnings;     // what keeps an A from being an A+
};

Rating RateTls(const RatingInput& input);

// The letter of a total score before caps: >= 80 A, >= 65 B, >= 50 C, >= 35 D, >= 20 E, else F.
char LetterForScore(int score);

// Thresholds (exposed for tests and docs).
inline constexpr long kHstsMinSeconds = 179L * 86400;  // testssl HSTS_MIN (179 days)

}  // namespace palisade::scan::tls

// SPDX-License-Identifier: Apache-2.0
// The SSL Labs rating (testssl run_rating rules): table-driven over scores, bands, caps, warnings, T and M.
#include "scan/modules/tls/cert/rating.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>

namespace palisade::scan::tls {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// A modern server: TLS 1.2 + 1.3, AES-128/256 GCM and CHACHA20 with ECDHE, an EC P-256 key, X25519.
RatingInput Good() {
    RatingInput in;
    in.tls1_2 = true;
    in.tls1_3 = true;
    in.cipher_bits = {128, 256, 256};
    in.any_aead = true;
    in.any_forward_secrecy = true;
    in.server_key_type = "EC";
    in.server_key_bits = 256;
    in.weakest_ecdh_bits = 253;
    return in;
}

struct Case {
    const char* name;
    std::function<void(RatingInput&)> change;
    const char* grade;
    int protocol = -1, key = -1, cipher = -1, total = -1;  // -1: not checked
    const char* reason = nullptr;                          // a cap reason or warning that must be present
};

class RatingTableTest : public ::testing::TestWithParam<Case> {};

TEST_P(RatingTableTest, Rates) {
    const Case& c = GetParam();
    RatingInput in = Good();
    c.change(in);
    Rating r = RateTls(in);
    EXPECT_EQ(r.grade, c.grade);
    if (c.protocol >= 0) {
        EXPECT_EQ(r.protocol_score, c.protocol);
    }
    if (c.key >= 0) {
        EXPECT_EQ(r.key_exchange_score, c.key);
    }
    if (c.cipher >= 0) {
        EXPECT_EQ(r.cipher_score, c.cipher);
    }
    if (c.total >= 0) {
        EXPECT_EQ(r.final_score, c.total);
    }
    if (c.reason != nullptr) {
        std::vector<std::string> all = r.cap_reasons;
        all.insert(all.end(), r.warnings.begin(), r.warnings.end());
        EXPECT_THAT(all, Contains(HasSubstr(c.reason)));
    }
}

auto Nothing = [](RatingInput&) {};

const Case kCases[] = {
    // ---- A+ / A- ----
    {"modern_server_is_a_plus", Nothing, "A+", 100, 100, 90, 96},
    {"hsts_long_enough_keeps_a_plus", [](RatingInput& i) { i.hsts_max_age = 180L * 86400; }, "A+"},
    {"hsts_exactly_179_days_keeps_a_plus", [](RatingInput& i) { i.hsts_max_age = 179L * 86400; }, "A+"},
    {"hsts_missing_gives_a_minus", [](RatingInput& i) { i.hsts_max_age = 0; }, "A-", -1, -1, -1, -1,
     "HSTS is not offered"},
    {"hsts_short_gives_a_minus", [](RatingInput& i) { i.hsts_max_age = 178L * 86400; }, "A-", -1, -1, -1, -1,
     "too short (178 days"},
    {"no_tls13_gives_a_minus", [](RatingInput& i) { i.tls1_3 = false; }, "A-", 100, -1, -1, -1,
     "TLS 1.3 is not offered"},
    {"no_secure_renegotiation_gives_a_minus", [](RatingInput& i) { i.secure_renegotiation = false; }, "A-", -1, -1,
     -1, -1, "Secure renegotiation"},
    {"no_fallback_scsv_gives_a_minus", [](RatingInput& i) { i.fallback_scsv = false; }, "A-", -1, -1, -1, -1,
     "TLS_FALLBACK_SCSV"},
    {"fallback_scsv_present_keeps_a_plus", [](RatingInput& i) { i.fallback_scsv = true; }, "A+"},
    {"tls13_only_is_not_capped", [](RatingInput& i) { i.tls1_2 = false; }, "A+", 100},
    // ---- Category 1: protocol scores ----
    {"tls10_and_12", [](RatingInput& i) { i.tls1_0 = true; }, "B", 95, -1, -1, 94, "TLS 1.0 offered"},
    {"tls11_and_12", [](RatingInput& i) { i.tls1_1 = true; }, "B", 97, -1, -1, 95, "TLS 1.1 offered"},
    {"tls10_only_is_c", [](RatingInput& i) { i.tls1_2 = i.tls1_3 = false; i.tls1_0 = true; }, "C", 90, -1, -1, -1,
     "TLS 1.2 is not offered"},
    {"sslv3_with_tls_is_b", [](RatingInput& i) { i.sslv3 = true; }, "B", 90, -1, -1, -1, "SSLv3 offered"},
    {"sslv3_only_is_f", [](RatingInput& i) { i.tls1_2 = i.tls1_3 = false; i.sslv3 = true; }, "F", 80, -1, -1, -1,
     "SSLv3 is the best protocol"},
    {"sslv2_is_f", [](RatingInput& i) { i.sslv2 = true; }, "F", 50, -1, -1, 81, "SSLv2 offered"},
    {"no_protocol_is_f", [](RatingInput& i) { i.tls1_2 = i.tls1_3 = false; }, "F", 0, -1, -1, 0, "No SSL/TLS"},
    // ---- Category 2: key exchange ----
    {"rsa_2048_scores_90", [](RatingInput& i) { i.server_key_type = "RSA"; i.server_key_bits = 2048; }, "A+", -1, 90,
     -1, 93},
    {"rsa_4096_scores_100", [](RatingInput& i) { i.server_key_type = "RSA"; i.server_key_bits = 4096; }, "A+", -1,
     100},
    {"rsa_1024_scores_80_and_caps_b",
     [](RatingInput& i) { i.server_key_type = "RSA"; i.server_key_bits = 1024; }, "B", -1, 80, -1, 90,
     "Key exchange score 80"},
    {"rsa_512_scores_40_and_caps_f", [](RatingInput& i) { i.server_key_type = "RSA"; i.server_key_bits = 512; }, "F",
     -1, 40, -1, -1, "Key exchange score 40"},
    {"rsa_384_scores_20", [](RatingInput& i) { i.server_key_type = "RSA"; i.server_key_bits = 384; }, "F", -1, 20},
    {"dsa_uses_the_rsa_table", [](RatingInput& i) { i.server_key_type = "DSA"; i.server_key_bits = 1024; }, "B", -1,
     80},
    {"ec_224_scores_90", [](RatingInput& i) { i.server_key_bits = 224; }, "A+", -1, 90},
    {"ec_160_scores_80", [](RatingInput& i) { i.server_key_bits = 160; }, "B", -1, 80},
    {"ec_112_scores_40", [](RatingInput& i) { i.server_key_bits = 112; }, "F", -1, 40},
    {"ec_100_scores_20", [](RatingInput& i) { i.server_key_bits = 100; }, "F", -1, 20},
    {"ed25519_uses_the_ec_table", [](RatingInput& i) { i.server_key_type = "Ed25519"; i.server_key_bits = 253; },
     "A+", -1, 100},
    {"weak_dh_1024_caps_b", [](RatingInput& i) { i.weakest_dh_bits = 1024; }, "B", -1, 80},
    {"dh_2048_scores_90", [](RatingInput& i) { i.weakest_dh_bits = 2048; }, "A+", -1, 90},
    {"weak_ecdh_160", [](RatingInput& i) { i.weakest_ecdh_bits = 160; }, "B", -1, 80},
    {"export_key_exchange_is_40_and_f", [](RatingInput& i) { i.export_suites = true; i.cipher_bits.push_back(40); },
     "F", -1, 40, -1, -1, "Export cipher suites"},
    {"anonymous_key_exchange_zeroes_the_total", [](RatingInput& i) { i.anonymous_suites = true; }, "F", -1, 0, -1, 0},
    // ---- Category 3: cipher strength ----
    {"aes256_only_scores_100", [](RatingInput& i) { i.cipher_bits = {256}; }, "A+", -1, -1, 100, 100},
    {"aes128_only_scores_80", [](RatingInput& i) { i.cipher_bits = {128}; }, "A+", -1, -1, 80, 92},
    {"3des_scores_20_for_the_worst", [](RatingInput& i) { i.cipher_bits = {112, 256}; }, "A+", -1, -1, 60, 84},
    {"des_below_112_bits_is_f", [](RatingInput& i) { i.cipher_bits.push_back(56); }, "F", -1, -1, 60, -1,
     "weaker than 112 bits"},
    {"null_cipher_zeroes_the_total", [](RatingInput& i) { i.cipher_bits = {0}; }, "F", -1, -1, 0, 0},
    {"null_among_others_halves_the_score", [](RatingInput& i) { i.cipher_bits.push_back(0); }, "F", -1, -1, 50},
    // ---- Caps C ----
    {"compression_caps_c", [](RatingInput& i) { i.compression = true; }, "C", -1, -1, -1, -1, "CRIME"},
    {"poodle_caps_c", [](RatingInput& i) { i.sslv3 = i.cbc_with_ssl3 = true; }, "C", -1, -1, -1, -1, "POODLE"},
    {"sweet32_caps_c", [](RatingInput& i) { i.block64_with_tls1_1_plus = true; i.cipher_bits.push_back(112); }, "C",
     -1, -1, -1, -1, "SWEET32"},
    {"rc4_with_tls11_caps_c", [](RatingInput& i) { i.rc4 = i.rc4_with_tls1_1_plus = true; }, "C", -1, -1, -1, -1,
     "RC4 offered with TLS 1.1"},
    // ---- Caps B ----
    {"rc4_caps_b", [](RatingInput& i) { i.rc4 = true; }, "B", -1, -1, -1, -1, "RC4 offered"},
    {"no_aead_caps_b", [](RatingInput& i) { i.any_aead = false; }, "B", -1, -1, -1, -1, "No AEAD"},
    {"no_forward_secrecy_caps_b", [](RatingInput& i) { i.any_forward_secrecy = false; }, "B", -1, -1, -1, -1,
     "No forward secrecy"},
    {"beast_caps_b", [](RatingInput& i) { i.tls1_0 = i.cbc_with_tls1_0 = true; }, "B", -1, -1, -1, -1, "BEAST"},
    {"incomplete_chain_caps_b", [](RatingInput& i) { i.chain_incomplete = true; }, "B", -1, -1, -1, -1,
     "Incomplete certificate chain"},
    // ---- Caps F ----
    {"heartbleed_is_f", [](RatingInput& i) { i.heartbleed = true; }, "F", -1, -1, -1, 96, "Heartbleed"},
    {"md5_certificate_is_f", [](RatingInput& i) { i.cert_md5_or_md2_signature = true; }, "F", -1, -1, -1, -1, "MD5"},
    {"rsa_exponent_1_is_f", [](RatingInput& i) { i.cert_rsa_exponent_1 = true; }, "F", -1, -1, -1, -1, "exponent"},
    {"insecure_client_renegotiation_is_f", [](RatingInput& i) { i.insecure_client_renegotiation = true; }, "F", -1,
     -1, -1, -1, "renegotiation"},
    // ---- The worst cap wins; a letter below the cap stays ----
    {"f_beats_c_and_b", [](RatingInput& i) { i.tls1_0 = i.compression = i.heartbleed = true; }, "F"},
    {"score_below_cap_wins",  // caps are only B, but the total (60) is a C
     [](RatingInput& i) {
         i.tls1_0 = true;
         i.tls1_3 = false;
         i.cipher_bits = {112};
         i.server_key_type = "RSA";
         i.server_key_bits = 1024;
     },
     "C", 95, 80, 20, 60},
    // ---- Certificates: T and M ----
    {"untrusted_is_t", [](RatingInput& i) { i.cert_trusted = false; }, "T", -1, -1, -1, 96, "not trusted"},
    {"self_signed_is_t", [](RatingInput& i) { i.cert_trusted = false; i.cert_self_signed = true; }, "T", -1, -1, -1,
     -1, "self-signed"},
    {"pinned_self_signed_is_not_t", [](RatingInput& i) { i.cert_self_signed = true; }, "A+"},
    {"expired_is_t", [](RatingInput& i) { i.cert_expired = true; }, "T", -1, -1, -1, -1, "expired"},
    {"sha1_leaf_is_t", [](RatingInput& i) { i.cert_sha1_signature = true; }, "T", -1, -1, -1, -1, "SHA-1"},
    {"name_mismatch_is_m", [](RatingInput& i) { i.cert_name_matches = false; }, "M", -1, -1, -1, -1, "host name"},
    {"trust_outranks_mismatch", [](RatingInput& i) { i.cert_name_matches = false; i.cert_trusted = false; }, "T"},
    {"t_outranks_f", [](RatingInput& i) { i.sslv2 = true; i.cert_expired = true; }, "T"},
    {"m_outranks_f", [](RatingInput& i) { i.heartbleed = true; i.cert_name_matches = false; }, "M"},
};

INSTANTIATE_TEST_SUITE_P(Rules, RatingTableTest, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<Case>& info) { return std::string(info.param.name); });

TEST(RatingTest, LetterBands) {
    struct Band {
        int score;
        char letter;
    };
    for (Band b : {Band{100, 'A'}, Band{80, 'A'}, Band{79, 'B'}, Band{65, 'B'}, Band{64, 'C'}, Band{50, 'C'},
                   Band{49, 'D'}, Band{35, 'D'}, Band{34, 'E'}, Band{20, 'E'}, Band{19, 'F'}, Band{0, 'F'}}) {
        EXPECT_EQ(LetterForScore(b.score), b.letter) << b.score;
    }
}

TEST(RatingTest, TotalsInTheLowerBandsAreComputedEvenWhenCapped) {
    RatingInput in = Good();
    in.sslv2 = true;  // protocol 50
    in.server_key_type = "RSA";
    in.server_key_bits = 1024;  // key 80
    in.cipher_bits = {112};     // cipher 20
    Rating r = RateTls(in);
    EXPECT_EQ(r.final_score, 15 + 24 + 8);  // 47: a D before the SSLv2 cap
    EXPECT_EQ(LetterForScore(r.final_score), 'D');
    EXPECT_EQ(r.grade, "F");
    in.server_key_bits = 600;  // key 40
    r = RateTls(in);
    EXPECT_EQ(r.final_score, 15 + 12 + 8);  // 35: still D
    in.sslv2 = false;
    in.tls1_2 = in.tls1_3 = false;
    in.sslv3 = true;  // protocol 80
    in.server_key_bits = 400;  // key 20
    r = RateTls(in);
    EXPECT_EQ(r.final_score, 24 + 6 + 8);  // 38: D
}

TEST(RatingTest, CapReasonsAreListedInTestsslForm) {
    RatingInput in = Good();
    in.tls1_0 = true;
    in.compression = true;
    Rating r = RateTls(in);
    EXPECT_EQ(r.grade, "C");
    EXPECT_THAT(r.cap_reasons, Contains("Grade capped to B. TLS 1.0 offered"));
    EXPECT_THAT(r.cap_reasons, Contains(HasSubstr("Grade capped to C. TLS compression")));
}

TEST(RatingTest, WarningsDoNotTurnACappedGradeIntoAMinus) {
    RatingInput in = Good();
    in.tls1_3 = false;
    in.chain_incomplete = true;
    Rating r = RateTls(in);
    EXPECT_EQ(r.grade, "B");
    EXPECT_FALSE(r.warnings.empty());
}

TEST(RatingTest, HstsIsIgnoredWhenUnknown) {
    RatingInput in = Good();
    EXPECT_THAT(RateTls(in).warnings, IsEmpty());
    in.hsts_max_age = 0;
    EXPECT_EQ(RateTls(in).warnings.size(), 1u);
}

}  // namespace
}  // namespace palisade::scan::tls

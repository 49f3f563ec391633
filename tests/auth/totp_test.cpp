// SPDX-License-Identifier: Apache-2.0
#include "auth/totp.hpp"

#include <gtest/gtest.h>

#include "core/time.hpp"

namespace palisade::auth {
namespace {

const std::string kRfcSecret = "12345678901234567890";  // RFC 6238 appendix B, SHA1

TimePoint At(std::int64_t unix_seconds) { return FromUnixSeconds(unix_seconds); }

TEST(Totp, MatchesRfc6238Sha1Vectors) {
    // The RFC lists 8 digits; a 6-digit code is the last 6 of them (the same value mod 10^6). Its last vector,
    // T=20000000000 (year 2603), is left out: TimePoint (system_clock in nanoseconds) ends in 2262.
    const std::pair<std::int64_t, const char*> vectors[] = {
        {59, "287082"}, {1111111109, "081804"}, {1111111111, "050471"}, {1234567890, "005924"}, {2000000000, "279037"},
    };
    for (const auto& [t, code] : vectors) EXPECT_EQ(TotpCode(kRfcSecret, At(t)), code) << "T=" << t;
}

TEST(Totp, VerifyAcceptsTheCurrentAndAdjacentStepsOnly) {
    const std::int64_t t = 1111111111;
    const std::int64_t step = t / 30;
    EXPECT_EQ(VerifyTotp(kRfcSecret, "050471", At(t), -1), step);
    EXPECT_EQ(VerifyTotp(kRfcSecret, TotpCode(kRfcSecret, At(t - 30)), At(t), -1), step - 1);
    EXPECT_EQ(VerifyTotp(kRfcSecret, TotpCode(kRfcSecret, At(t + 30)), At(t), -1), step + 1);
    EXPECT_EQ(VerifyTotp(kRfcSecret, TotpCode(kRfcSecret, At(t - 60)), At(t), -1), std::nullopt);
    EXPECT_EQ(VerifyTotp(kRfcSecret, TotpCode(kRfcSecret, At(t + 60)), At(t), -1), std::nullopt);
    EXPECT_EQ(VerifyTotp("another secret 12345", "050471", At(t), -1), std::nullopt);
}

TEST(Totp, RefusesReplayOfAUsedStep) {
    const std::int64_t t = 2000000000;
    const auto used = VerifyTotp(kRfcSecret, "279037", At(t), -1);
    ASSERT_TRUE(used.has_value());
    EXPECT_EQ(VerifyTotp(kRfcSecret, "279037", At(t), *used), std::nullopt);
    EXPECT_EQ(VerifyTotp(kRfcSecret, "279037", At(t + 20), *used), std::nullopt);
    // An older code is refused too once a newer step was used...
    EXPECT_EQ(VerifyTotp(kRfcSecret, TotpCode(kRfcSecret, At(t - 30)), At(t), *used), std::nullopt);
    // ...but the next step's code is fine.
    EXPECT_EQ(VerifyTotp(kRfcSecret, TotpCode(kRfcSecret, At(t + 30)), At(t + 30), *used), *used + 1);
}

TEST(Totp, RejectsMalformedCodes) {
    const TimePoint t = At(59);
    EXPECT_EQ(VerifyTotp(kRfcSecret, "287 082", t, -1), 1);  // spaces as apps show them
    for (const char* bad : {"", "28708", "2870820", "28708a", "+87082", "287082\n", "２87082", "94287082"}) {
        EXPECT_EQ(VerifyTotp(kRfcSecret, bad, t, -1), std::nullopt) << bad;
    }
    EXPECT_EQ(VerifyTotp("", "287082", t, -1), std::nullopt);
}

TEST(Totp, Base32FollowsRfc4648WithoutPadding) {
    EXPECT_EQ(Base32(""), "");
    EXPECT_EQ(Base32("f"), "MY");
    EXPECT_EQ(Base32("foobar"), "MZXW6YTBOI");
    EXPECT_EQ(Base32(kRfcSecret), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
}

TEST(Totp, NewSecretsAreTwentyRandomBytes) {
    const std::string a = NewTotpSecret();
    const std::string b = NewTotpSecret();
    EXPECT_EQ(a.size(), 20u);
    EXPECT_EQ(Base32(a).size(), 32u);
    EXPECT_NE(a, b);
}

TEST(Totp, OtpauthUriPercentEncodesLabelAndIssuer) {
    EXPECT_EQ(OtpauthUri("Acme Corp", "alice@example.com", kRfcSecret),
              "otpauth://totp/Acme%20Corp:alice%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
              "&issuer=Acme%20Corp&algorithm=SHA1&digits=6&period=30");
    const std::string tricky = OtpauthUri("a:b&c", "x?y#z/\xc3\xa9", kRfcSecret);
    EXPECT_EQ(tricky.rfind("otpauth://totp/a%3Ab%26c:x%3Fy%23z%2F%C3%A9?secret=", 0), 0u) << tricky;
    EXPECT_NE(tricky.find("&issuer=a%3Ab%26c&"), std::string::npos) << tricky;
}

TEST(Totp, StepIsUnixSecondsOverThirty) {
    EXPECT_EQ(TotpStep(At(0)), 0);
    EXPECT_EQ(TotpStep(At(29)), 0);
    EXPECT_EQ(TotpStep(At(30)), 1);
    EXPECT_EQ(TotpStep(At(-1)), -1);
}

}  // namespace
}  // namespace palisade::auth

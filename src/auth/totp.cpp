// SPDX-License-Identifier: Apache-2.0
#include "auth/totp.hpp"

#include <oath.h>

#include <cstdlib>
#include <mutex>

#include "core/crypto.hpp"
#include "core/strings.hpp"
#include "core/time.hpp"

namespace palisade::auth {
namespace {

void EnsureOathInit() {
    static std::once_flag once;
    std::call_once(once, [] { oath_init(); });
}

std::string CodeForStep(std::string_view raw_secret, std::int64_t step) {
    if (raw_secret.empty() || step < 0) return {};
    EnsureOathInit();
    char out[kTotpDigits + 1] = {};
    const auto t = static_cast<time_t>(step * kTotpStepSeconds);
    if (oath_totp_generate(raw_secret.data(), raw_secret.size(), t, kTotpStepSeconds, OATH_TOTP_DEFAULT_START_TIME,
                           kTotpDigits, out) != OATH_OK) {
        return {};
    }
    return std::string(out, kTotpDigits);
}

std::string PercentEncode(std::string_view s) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                                c == '-' || c == '.' || c == '_' || c == '~';
        if (unreserved) {
            out.push_back(static_cast<char>(c));
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 0x0F];
        }
    }
    return out;
}

}  // namespace

std::string NewTotpSecret() {
    InitCrypto();
    return RandomBytes(20);
}

std::string Base32(std::string_view raw) {
    EnsureOathInit();
    char* out = nullptr;
    std::size_t len = 0;
    if (oath_base32_encode(raw.data(), raw.size(), &out, &len) != OATH_OK || out == nullptr) return {};
    std::string encoded(out, len);
    std::free(out);  // liboath allocates with malloc
    while (!encoded.empty() && encoded.back() == '=') encoded.pop_back();
    return encoded;
}

std::string OtpauthUri(std::string_view issuer, std::string_view account, std::string_view raw_secret) {
    const std::string enc_issuer = PercentEncode(issuer);
    return "otpauth://totp/" + enc_issuer + ":" + PercentEncode(account) + "?secret=" + Base32(raw_secret) +
           "&issuer=" + enc_issuer + "&algorithm=SHA1&digits=" + std::to_string(kTotpDigits) +
           "&period=" + std::to_string(kTotpStepSeconds);
}

std::int64_t TotpStep(TimePoint now) {
    const std::int64_t s = ToUnixSeconds(now);
    // Floor division, so times before the epoch do not round towards step 0.
    return s >= 0 ? s / kTotpStepSeconds : -((-s + kTotpStepSeconds - 1) / kTotpStepSeconds);
}

std::string TotpCode(std::string_view raw_secret, TimePoint now) { return CodeForStep(raw_secret, TotpStep(now)); }

std::optional<std::int64_t> VerifyTotp(std::string_view raw_secret, std::string_view code, TimePoint now,
                                       std::int64_t last_used_step) {
    std::string digits;
    for (char c : code) {
        if (c == ' ') continue;
        if (c < '0' || c > '9' || digits.size() >= kTotpDigits) return std::nullopt;
        digits.push_back(c);
    }
    if (digits.size() != kTotpDigits || raw_secret.empty()) return std::nullopt;

    const std::int64_t current = TotpStep(now);
    std::optional<std::int64_t> matched;
    // Every candidate is computed and compared, so the timing does not reveal which step matched.
    for (std::int64_t step = current - 1; step <= current + 1; ++step) {
        const std::string expected = CodeForStep(raw_secret, step);
        const bool equal = !expected.empty() && ConstantTimeEquals(expected, digits);
        if (equal && step > last_used_step && !matched) matched = step;
    }
    return matched;
}

}  // namespace palisade::auth

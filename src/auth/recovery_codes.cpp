// SPDX-License-Identifier: Apache-2.0
#include "auth/recovery_codes.hpp"

#include <sodium.h>

#include <algorithm>

#include "core/crypto.hpp"

namespace palisade::auth {
namespace {

std::string NewCode() {
    std::string code;
    for (int i = 0; i < 12; ++i) {
        if (i > 0 && i % 4 == 0) code.push_back('-');
        // randombytes_uniform has no modulo bias.
        code.push_back(
            kRecoveryCodeAlphabet[randombytes_uniform(static_cast<std::uint32_t>(kRecoveryCodeAlphabet.size()))]);
    }
    return code;
}

}  // namespace

std::vector<std::string> NewRecoveryCodes(int n) {
    InitCrypto();
    std::vector<std::string> codes;
    while (static_cast<int>(codes.size()) < n) {
        std::string code = NewCode();
        if (std::find(codes.begin(), codes.end(), code) == codes.end()) codes.push_back(std::move(code));
    }
    return codes;
}

std::string NormalizeRecoveryCode(std::string_view code) {
    std::string out;
    out.reserve(code.size());
    for (char c : code) {
        if (c == ' ' || c == '\t' || c == '-') continue;
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        out.push_back(c);
    }
    return out;
}

}  // namespace palisade::auth

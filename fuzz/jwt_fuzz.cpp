// SPDX-License-Identifier: Apache-2.0
// JwtCodec::Verify on arbitrary tokens, with a fixed key and clock (the seed corpus holds tokens signed with them,
// so mutations reach the claim checks, not only the signature). Then a round trip: claims made from the input,
// issued and verified, must come back unchanged.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "auth/jwt.hpp"
#include "core/time.hpp"

namespace {

using namespace std::chrono_literals;

void Check(bool ok) {
    if (!ok) __builtin_trap();
}

constexpr std::int64_t kNow = 1767225600;  // 2026-01-01T00:00:00Z: the seeds are valid at this instant

const palisade::auth::JwtCodec& Codec() {
    static const palisade::ManualClock clock(palisade::FromUnixSeconds(kNow));
    static const palisade::auth::JwtCodec codec("palisade-fuzz-key-0123456789abcdef", "palisade", clock);
    return codec;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    auto claims = Codec().Verify(input);
    if (claims) {
        Check(!claims->subject.empty() && !claims->token_id.empty());
        Check(claims->expires_at > claims->issued_at);
    } else {
        Check(claims.error().code == palisade::ErrorCode::kUnauthenticated);
    }

    if (size == 0 || size > 512) return 0;
    palisade::auth::AccessClaims c;
    c.subject = std::string(input);
    c.org_id = std::string(input.substr(0, size / 2));
    c.role = "viewer";
    c.session_family = "sid";
    c.token_id = "jti";
    c.issued_at = palisade::FromUnixSeconds(kNow - 10);
    c.expires_at = palisade::FromUnixSeconds(kNow + 900);
    auto token = Codec().Issue(c);
    if (!token) return 0;  // e.g. NUL or invalid UTF-8 in a claim: refused, which is fine
    auto back = Codec().Verify(*token);
    Check(back.has_value());
    Check(back->subject == c.subject && back->org_id == c.org_id && back->role == c.role);
    Check(back->issued_at == c.issued_at && back->expires_at == c.expires_at);
    return 0;
}

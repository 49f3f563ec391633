// SPDX-License-Identifier: Apache-2.0
// The TLS server-answer parser (records, alerts, handshake messages spanning records, ServerHello, Certificate,
// ServerKeyExchange, SSLv2 SERVER-HELLO) on arbitrary bytes. The first input byte chooses how the rest is split
// into Feed() calls and which stop point is used, so fragmentation paths are exercised too. Besides "no crash, no
// sanitizer report", it checks the stated contracts: at most kMaxCertificates non-empty certificates, no
// certificate longer than the input, a failed reader stays failed, session ids of at most 32 bytes.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "scan/modules/tls/tls_parser.hpp"

namespace {

namespace t = palisade::scan::tls;

void Check(bool ok) {
    if (!ok) __builtin_trap();
}

void CheckFlight(const t::ServerFlight& f, std::size_t input_size) {
    Check(f.certificates.size() <= t::kMaxCertificates);
    for (const auto& c : f.certificates) Check(!c.empty() && c.size() <= input_size);
    if (f.server_hello) Check(f.server_hello->session_id.size() <= 32);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::uint8_t mode = data[0];
    std::string_view input(reinterpret_cast<const char*>(data + 1), size - 1);

    // Incremental reader, fed in pieces of 1..16 bytes (mode bits 0-3) or all at once (mode 0).
    auto stop = (mode & 0x10) ? t::ServerFlightReader::StopAt::kServerHello
                              : t::ServerFlightReader::StopAt::kServerHelloDone;
    t::ServerFlightReader reader(stop, (mode & 0x20) ? 4096 : t::kMaxFlightBytes);
    std::size_t piece = mode & 0x0F;
    if (piece == 0) piece = input.size() ? input.size() : 1;
    bool failed = false;
    for (std::size_t at = 0; at < input.size(); at += piece) {
        auto fed = reader.Feed(input.substr(at, piece));
        if (!fed) {
            failed = true;
            Check(reader.failed() && reader.Done());
            Check(!reader.Feed("x").has_value());
            break;
        }
        if (reader.Done() && (mode & 0x40)) reader.ContinueAfterDone();
    }
    Check(failed == reader.failed());
    CheckFlight(reader.flight(), input.size());

    // The message parsers on their own.
    if (auto sh = t::ParseServerHello(input)) {
        Check(sh->session_id.size() <= 32);
        Check((sh->legacy_version >> 8) == 3);
    }
    if (auto certs = t::ParseCertificateList(input)) {
        Check(certs->size() <= t::kMaxCertificates);
    }
    if (auto v2 = t::ParseSslv2ServerHello(input)) {
        Check(v2->connection_id.size() >= 16 && v2->connection_id.size() <= 32);
    }
    for (auto kx : {t::KeyExchange::kDhe, t::KeyExchange::kEcdhe, t::KeyExchange::kDhePsk,
                    t::KeyExchange::kEcdhePsk, t::KeyExchange::kRsa}) {
        if (auto ske = t::ParseServerKeyExchange(input, kx, true)) {
            Check(ske->dh_prime_bits >= 0 && ske->dh_prime_bits <= static_cast<int>(input.size() * 8));
        }
    }
    return 0;
}

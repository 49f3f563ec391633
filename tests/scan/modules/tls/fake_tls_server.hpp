// SPDX-License-Identifier: Apache-2.0
// An imitation TLS <= 1.2 / SSLv2 server on RawTlsServer: it answers a ClientHello with a ServerHello, Certificate,
// ServerKeyExchange and ServerHelloDone chosen from its configuration, and never finishes a handshake. It plays the
// servers OpenSSL 3 cannot be (SSLv2, SSLv3, RC4/3DES/EXPORT/NULL suites, DEFLATE compression, no renegotiation_info,
// ignored TLS_FALLBACK_SCSV, Heartbleed) for the prober and module tests. Thread-safe (stateless per connection).
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "scan/modules/tls/cipher_suites.hpp"
#include "scan/modules/tls/wire_builders.hpp"
#include "support/tls/tls_server.hpp"

namespace palisade::scan::tls::testing {

using palisade::testing::RawExchange;
using palisade::testing::RawReply;

struct FakeTlsConfig {
    std::vector<unsigned> versions{0x0303};  // wire versions it speaks (SSLv3..TLS 1.2)
    std::vector<unsigned> suites{0xC02F};    // in the server's order
    bool server_preference = true;
    bool sslv2 = false;
    std::vector<std::uint32_t> sslv2_specs{0x010080, 0x0700C0};
    bool secure_renegotiation = true;
    bool compression = false;         // chooses DEFLATE when offered
    bool heartbeat = false;           // echoes the heartbeat extension
    bool heartbleed = false;          // answers a heartbeat request with a heartbeat response
    bool honour_fallback_scsv = true;
    int dh_bits = 2048;
    std::vector<unsigned> curves{0x0017};
    std::string cert_der = "FAKE-CERTIFICATE";
};

inline RawReply FakeTlsAnswer(const FakeTlsConfig& cfg, const RawExchange& ex) {
    if (ex.exchange > 0) {
        // After the flight: only a heartbeat request gets an answer (from a vulnerable server).
        if (!ex.received.empty() && static_cast<unsigned char>(ex.received[0]) == 24 && cfg.heartbleed) {
            std::string leak = U8(2) + U16(16) + std::string(16, 'M') + std::string(16, 'P');
            return {Record(24, 0x0303, leak), true, false};
        }
        return {"", true, false};
    }
    auto hello = ParseClientHello(ex.received);
    if (!hello) return {"", false, true};
    if (hello->sslv2) {
        if (!cfg.sslv2 || hello->version != 0x0002) return {"", true, false};
        return {Sslv2ServerHelloBytes(cfg.sslv2_specs, cfg.cert_der), true, false};
    }
    unsigned best = 0;
    for (unsigned v : cfg.versions) {
        if (v <= hello->version && v > best) best = v;
    }
    unsigned record_version = std::min(hello->version, 0x0303u);
    if (best == 0) return {AlertRecord(70, record_version), true, false};
    unsigned max_version = *std::max_element(cfg.versions.begin(), cfg.versions.end());
    if (hello->Offers(0x5600) && cfg.honour_fallback_scsv && best < max_version) {
        return {AlertRecord(86, best), true, false};
    }
    auto curve_for = [&]() -> unsigned {
        if (hello->groups.empty()) return cfg.curves.empty() ? 0 : cfg.curves[0];
        for (unsigned c : cfg.curves) {
            if (std::find(hello->groups.begin(), hello->groups.end(), c) != hello->groups.end()) return c;
        }
        return 0;
    };
    auto usable = [&](unsigned suite) {
        const CipherSuite* s = FindCipherSuite(static_cast<std::uint16_t>(suite));
        if (s == nullptr || s->tls13) return false;
        if (s->tls12_only && best < 0x0303) return false;
        if (s->kx == KeyExchange::kEcdhe && curve_for() == 0) return false;
        return hello->Offers(suite);
    };
    unsigned chosen = 0;
    if (cfg.server_preference) {
        for (unsigned s : cfg.suites) {
            if (usable(s)) {
                chosen = s;
                break;
            }
        }
    } else {
        for (unsigned s : hello->suites) {
            if (std::find(cfg.suites.begin(), cfg.suites.end(), s) != cfg.suites.end() && usable(s)) {
                chosen = s;
                break;
            }
        }
    }
    if (chosen == 0) return {AlertRecord(40, best), true, false};
    ServerHelloSpec sh;
    sh.version = best;
    sh.suite = chosen;
    sh.compression = cfg.compression && std::find(hello->compression.begin(), hello->compression.end(), 1u) !=
                                            hello->compression.end()
                         ? 1
                         : 0;
    bool client_reneg = hello->Extension(0xFF01) != nullptr || hello->Offers(0x00FF);
    if (client_reneg && cfg.secure_renegotiation) sh.extensions.emplace_back(0xFF01, std::string("\x00", 1));
    if (hello->Extension(0x000F) != nullptr && cfg.heartbeat) sh.extensions.emplace_back(0x000F, std::string("\x01", 1));
    sh.extension_block = !sh.extensions.empty();
    std::string flight = Handshake(2, ServerHelloBody(sh)) + Handshake(11, CertificateBody({cfg.cert_der}));
    const CipherSuite* s = FindCipherSuite(static_cast<std::uint16_t>(chosen));
    if (s->kx == KeyExchange::kDhe) flight += Handshake(12, DheKeyExchangeBody(cfg.dh_bits));
    if (s->kx == KeyExchange::kEcdhe) flight += Handshake(12, EcdheKeyExchangeBody(curve_for()));
    flight += Handshake(14, "");
    return {Record(22, best, flight), false, false};
}

// Starts a RawTlsServer that plays `cfg`.
inline std::unique_ptr<palisade::testing::RawTlsServer> StartFakeTlsServer(FakeTlsConfig cfg, int idle_ms = 3000) {
    return std::make_unique<palisade::testing::RawTlsServer>(
        [cfg = std::move(cfg)](const RawExchange& ex) { return FakeTlsAnswer(cfg, ex); }, idle_ms);
}

}  // namespace palisade::scan::tls::testing

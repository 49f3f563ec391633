// SPDX-License-Identifier: Apache-2.0
#include "scan/modules/tls/tls_prober.hpp"

#include <algorithm>
#include <chrono>

namespace palisade::scan::tls {
namespace {

using Clock = std::chrono::steady_clock;
using StopAt = ServerFlightReader::StopAt;

enum class ReadEnd { kDone, kClosed, kTimeout, kMalformed, kTooLarge };

// Reads into `reader` until it is done, the peer closes, `deadline` passes or kMaxAnswerBytes were read.
ReadEnd ReadAnswer(Conn& conn, ServerFlightReader& reader, Clock::time_point deadline, std::size_t& total,
                   std::string& error) {
    std::string chunk;
    while (!reader.Done()) {
        auto left = std::chrono::duration_cast<Millis>(deadline - Clock::now());
        if (left.count() <= 0) return ReadEnd::kTimeout;
        if (total >= kMaxAnswerBytes) return ReadEnd::kTooLarge;
        chunk.clear();
        auto n = conn.ReadSome(chunk, std::min<std::size_t>(16384, kMaxAnswerBytes - total), left);
        if (!n) {
            error = n.error().message;
            return n.error().code == ErrorCode::kTimeout ? ReadEnd::kTimeout : ReadEnd::kClosed;
        }
        if (*n == 0) return ReadEnd::kClosed;
        total += *n;
        if (auto fed = reader.Feed(chunk); !fed) {
            error = fed.error().message;
            return ReadEnd::kMalformed;
        }
    }
    return ReadEnd::kDone;
}

std::vector<std::vector<std::uint16_t>> Chunks(const std::vector<std::uint16_t>& suites) {
    std::vector<std::vector<std::uint16_t>> out;
    for (std::size_t i = 0; i < suites.size(); i += kMaxSuitesPerHello) {
        auto end = std::min(suites.size(), i + kMaxSuitesPerHello);
        out.emplace_back(suites.begin() + static_cast<std::ptrdiff_t>(i), suites.begin() + static_cast<std::ptrdiff_t>(end));
    }
    return out;
}

bool Contains(const std::vector<std::uint16_t>& v, std::uint16_t x) { return std::find(v.begin(), v.end(), x) != v.end(); }

// The ServerHello negotiated `protocol` (TLS 1.3 through supported_versions, HelloRetryRequest included).
bool Negotiated(const HelloResult& r, Protocol protocol) {
    return r.outcome == HelloOutcome::kServerHello && r.flight.server_hello &&
           r.flight.server_hello->NegotiatedVersion() == WireVersion(protocol);
}

}  // namespace

std::string_view HelloOutcomeName(HelloOutcome outcome) {
    switch (outcome) {
        case HelloOutcome::kServerHello: return "server_hello";
        case HelloOutcome::kAlert: return "alert";
        case HelloOutcome::kSslv2Hello: return "sslv2_server_hello";
        case HelloOutcome::kSslv2Error: return "sslv2_error";
        case HelloOutcome::kClosed: return "closed";
        case HelloOutcome::kTimeout: return "timeout";
        case HelloOutcome::kMalformed: return "malformed";
        case HelloOutcome::kConnectFailed: return "connect_failed";
    }
    return "?";
}

HelloResult ExchangeHello(const Endpoint& endpoint, std::string_view hello, StopAt stop_at,
                          const ProbeSettings& settings, HelloSession* session) {
    HelloResult r;
    auto conn = Conn::Connect(endpoint.address, endpoint.port, settings.timeout, settings.cancel);
    if (!conn) {
        r.outcome = HelloOutcome::kConnectFailed;
        r.error = conn.error().message;
        return r;
    }
    if (auto sent = conn->SendAll(hello, settings.timeout); !sent) {
        r.outcome = sent.error().code == ErrorCode::kTimeout ? HelloOutcome::kTimeout : HelloOutcome::kClosed;
        r.error = sent.error().message;
        return r;
    }
    ServerFlightReader reader(stop_at);
    std::size_t total = 0;
    ReadEnd end = ReadAnswer(*conn, reader, Clock::now() + settings.timeout, total, r.error);
    r.flight = reader.flight();
    r.bytes = total;
    const ServerFlight& f = r.flight;
    if (f.sslv2_hello) {
        r.outcome = HelloOutcome::kSslv2Hello;
    } else if (f.sslv2_error) {
        r.outcome = HelloOutcome::kSslv2Error;
    } else if (f.server_hello) {
        r.outcome = HelloOutcome::kServerHello;
    } else if (f.alert) {
        r.outcome = HelloOutcome::kAlert;
    } else if (end == ReadEnd::kMalformed || end == ReadEnd::kTooLarge) {
        r.outcome = HelloOutcome::kMalformed;
        if (end == ReadEnd::kTooLarge) r.error = "answer larger than the byte cap";
    } else if (end == ReadEnd::kTimeout) {
        r.outcome = HelloOutcome::kTimeout;
    } else {
        r.outcome = HelloOutcome::kClosed;
    }
    if (session != nullptr) {
        session->conn = std::move(*conn);
        session->reader.emplace(std::move(reader));
        session->bytes = total;
    }
    return r;
}

std::optional<Protocol> TlsProbeResult::Best() const {
    for (int i = 5; i >= 0; --i) {
        if (protocols[static_cast<std::size_t>(i)].value_or(false)) return static_cast<Protocol>(i);
    }
    return std::nullopt;
}

std::optional<Protocol> TlsProbeResult::BestLegacy() const {
    for (Protocol p : {Protocol::kTls12, Protocol::kTls11, Protocol::kTls10, Protocol::kSsl3}) {
        if (Supports(p)) return p;
    }
    return std::nullopt;
}

const ProtocolCiphers* TlsProbeResult::CiphersOf(Protocol p) const {
    for (const auto& c : ciphers) {
        if (c.protocol == p) return &c;
    }
    return nullptr;
}

int TlsProbeResult::WeakestDhBits() const {
    int weakest = 0;
    auto take = [&](int bits) {
        if (bits > 0 && (weakest == 0 || bits < weakest)) weakest = bits;
    };
    for (const auto& k : ephemeral_keys) {
        if (k.kind == "DH") take(k.bits);
    }
    for (const auto& g : groups) {
        const NamedGroup* info = FindGroup(g.group);
        if (info && info->kind == GroupKind::kFfdhe && (g.tls12 || g.tls13)) take(info->bits);
    }
    return weakest;
}

int TlsProbeResult::WeakestEcdhBits() const {
    int weakest = 0;
    auto take = [&](int bits) {
        if (bits > 0 && (weakest == 0 || bits < weakest)) weakest = bits;
    };
    for (const auto& k : ephemeral_keys) {
        if (k.kind == "ECDH") take(k.bits);
    }
    for (const auto& g : groups) {
        const NamedGroup* info = FindGroup(g.group);
        if (info && info->kind != GroupKind::kFfdhe && (g.tls12 || g.tls13)) take(info->bits);
    }
    return weakest;
}

TlsProber::TlsProber(Endpoint endpoint, ProbeSettings settings, ProbeSteps steps)
    : endpoint_(std::move(endpoint)), settings_(std::move(settings)), steps_(steps) {}

bool TlsProber::Stopped() {
    if (settings_.cancel.Stopped()) {
        result_.cancelled = true;
        return true;
    }
    return give_up_;
}

ClientHelloOptions TlsProber::BaseHello(Protocol protocol) const {
    ClientHelloOptions o;
    o.version = protocol;
    o.server_name = endpoint_.server_name;
    if (protocol == Protocol::kSsl3) o.extensions = false;  // many SSLv3 stacks fail on extensions
    return o;
}

HelloResult TlsProber::Send(const ClientHelloOptions& options, StopAt stop_at) {
    HelloResult r;
    auto hello = BuildClientHello(options);
    if (!hello) {
        r.outcome = HelloOutcome::kMalformed;
        r.error = hello.error().message;
        return r;
    }
    r = ExchangeHello(endpoint_, *hello, stop_at, settings_);
    switch (r.outcome) {
        case HelloOutcome::kConnectFailed:
            // A refused or unanswered connect ends the probe: the port is gone (or never was open).
            give_up_ = true;
            if (!result_.speaks_tls && result_.failure.empty()) result_.failure = "connect failed: " + r.error;
            break;
        case HelloOutcome::kTimeout:
            result_.reachable = true;
            if (!result_.speaks_tls && ++silent_in_a_row_ >= 2) {
                give_up_ = true;
                result_.failure = "no answer to ClientHellos";
            }
            break;
        case HelloOutcome::kClosed:
        case HelloOutcome::kMalformed:
            result_.reachable = true;
            if (!result_.speaks_tls && result_.failure.empty()) {
                result_.failure = r.outcome == HelloOutcome::kClosed ? "connection closed without a TLS answer"
                                                                     : "not a TLS answer: " + r.error;
            }
            break;
        default:
            result_.reachable = true;
            result_.speaks_tls = true;
            result_.failure.clear();
            silent_in_a_row_ = 0;
            break;
    }
    return r;
}

void TlsProber::NoteFlight(Protocol protocol, const HelloResult& r) {
    if (r.outcome != HelloOutcome::kServerHello || !r.flight.server_hello) return;
    const ServerFlight& f = r.flight;
    if (result_.raw_chain.empty() && !f.certificates.empty()) result_.raw_chain = f.certificates;
    if (!f.server_key_exchange) return;
    const ServerKeyExchange& ske = *f.server_key_exchange;
    EphemeralKey key;
    key.suite = f.server_hello->cipher_suite;
    key.protocol = protocol;
    switch (ske.kind) {
        case ServerKeyExchange::Kind::kDhe:
            key.kind = "DH";
            key.bits = ske.dh_prime_bits;
            break;
        case ServerKeyExchange::Kind::kEcdhe: {
            key.kind = "ECDH";
            key.group = ske.named_curve;
            const NamedGroup* g = FindGroup(ske.named_curve);
            key.bits = g ? g->bits : 0;
            break;
        }
        case ServerKeyExchange::Kind::kEcdheExplicit:
            key.kind = "ECDH";
            key.bits = ske.explicit_curve_bits;
            break;
        default: return;
    }
    for (const auto& k : result_.ephemeral_keys) {
        if (k.suite == key.suite && k.protocol == key.protocol && k.group == key.group) return;
    }
    result_.ephemeral_keys.push_back(key);
}

std::optional<bool> TlsProber::ProbeProtocol(Protocol protocol) {
    auto& slot = result_.protocols[static_cast<std::size_t>(protocol)];
    if (Stopped()) return slot;
    if (protocol == Protocol::kSsl2) {
        std::vector<std::uint32_t> kinds;
        for (const auto& k : Sslv2CipherKinds()) kinds.push_back(k.code);
        auto hello = BuildSslv2ClientHello(0x0002, kinds);
        if (!hello) return slot;
        // Send() bookkeeping by hand: the SSLv2 hello is not a ClientHelloOptions.
        HelloResult r = ExchangeHello(endpoint_, *hello, StopAt::kServerHello, settings_);
        if (r.outcome == HelloOutcome::kConnectFailed) {
            give_up_ = true;
            return slot;
        }
        result_.reachable = true;
        if (r.outcome == HelloOutcome::kSslv2Hello) {
            result_.speaks_tls = true;
            result_.failure.clear();
            slot = true;
            ProtocolCiphers pc;
            pc.protocol = Protocol::kSsl2;
            pc.sslv2_kinds = r.flight.sslv2_hello->cipher_specs;
            result_.ciphers.insert(result_.ciphers.begin(), std::move(pc));
            if (result_.raw_chain.empty() && !r.flight.sslv2_hello->certificate.empty()) {
                result_.raw_chain.push_back(r.flight.sslv2_hello->certificate);
            }
        } else if (r.outcome == HelloOutcome::kTimeout) {
            slot = std::nullopt;
            result_.notes.push_back("SSLv2: no answer");
        } else {
            if (r.outcome != HelloOutcome::kClosed && r.outcome != HelloOutcome::kMalformed) result_.speaks_tls = true;
            slot = false;
        }
        return slot;
    }

    std::vector<std::uint16_t> suites = SuitesForProtocol(protocol);
    const StopAt stop_at = protocol == Protocol::kTls13 ? StopAt::kServerHello : StopAt::kServerHelloDone;
    bool answered = false;
    for (const auto& chunk : Chunks(suites)) {
        if (Stopped()) return slot;
        ClientHelloOptions o = BaseHello(protocol);
        o.cipher_suites = chunk;
        HelloResult r = Send(o, stop_at);
        if (r.outcome == HelloOutcome::kServerHello) {
            answered = true;
            if (Negotiated(r, protocol)) {
                slot = true;
                NoteFlight(protocol, r);
                return slot;
            }
            slot = false;  // the server picked another version: this one is not enabled
            return slot;
        }
        if (r.outcome == HelloOutcome::kAlert) {
            answered = true;
            if (r.flight.alert->description == kAlertProtocolVersion) break;
            continue;  // handshake_failure and friends: no shared suite in this chunk; try the next one
        }
        if (r.outcome == HelloOutcome::kClosed || r.outcome == HelloOutcome::kMalformed) {
            answered = true;
            continue;
        }
        break;  // timeout, connect failure
    }
    if (answered) {
        slot = false;
    } else {
        result_.notes.push_back(std::string(ProtocolName(protocol)) + ": no answer");
    }
    return slot;
}

void TlsProber::EnumerateCiphers(Protocol protocol) {
    if (protocol == Protocol::kSsl2 || !result_.Supports(protocol)) return;
    ProtocolCiphers pc;
    pc.protocol = protocol;
    const StopAt stop_at = protocol == Protocol::kTls13 ? StopAt::kServerHello : StopAt::kServerHelloDone;
    int chunks_with_hits = 0;
    for (const auto& chunk : Chunks(SuitesForProtocol(protocol))) {
        std::vector<std::uint16_t> remaining = chunk;
        bool hit = false;
        while (!remaining.empty() && !Stopped()) {
            ClientHelloOptions o = BaseHello(protocol);
            o.cipher_suites = remaining;
            HelloResult r = Send(o, stop_at);
            if (!Negotiated(r, protocol)) break;
            std::uint16_t chosen = r.flight.server_hello->cipher_suite;
            if (!Contains(remaining, chosen)) {
                result_.notes.push_back(std::string(ProtocolName(protocol)) + ": server chose a suite not offered (" +
                                        CipherSuiteName(chosen) + ")");
                break;
            }
            NoteFlight(protocol, r);
            pc.suites.push_back(chosen);
            remaining.erase(std::find(remaining.begin(), remaining.end(), chosen));
            hit = true;
        }
        if (hit) ++chunks_with_hits;
    }
    // Server preference: the same suite for both orders of the first two.
    if (pc.suites.size() >= 2 && !Stopped()) {
        std::uint16_t a = pc.suites[0];
        std::uint16_t b = pc.suites[1];
        ClientHelloOptions o = BaseHello(protocol);
        o.cipher_suites = {a, b};
        HelloResult r1 = Send(o, StopAt::kServerHello);
        o.cipher_suites = {b, a};
        HelloResult r2 = Send(o, StopAt::kServerHello);
        if (Negotiated(r1, protocol) && Negotiated(r2, protocol)) {
            pc.server_preference = r1.flight.server_hello->cipher_suite == r2.flight.server_hello->cipher_suite;
        } else {
            result_.notes.push_back(std::string(ProtocolName(protocol)) + ": cipher order test inconclusive");
        }
        // The suites were found chunk by chunk; with hits in more than one chunk, ask for the server's full order.
        if (pc.server_preference.value_or(false) && chunks_with_hits > 1) {
            std::vector<std::uint16_t> remaining(pc.suites.begin(),
                                                 pc.suites.begin() + static_cast<std::ptrdiff_t>(std::min(
                                                                         pc.suites.size(), kMaxSuitesPerHello)));
            std::vector<std::uint16_t> ordered;
            while (!remaining.empty() && !Stopped()) {
                o.cipher_suites = remaining;
                HelloResult r = Send(o, StopAt::kServerHello);
                if (!Negotiated(r, protocol) || !Contains(remaining, r.flight.server_hello->cipher_suite)) break;
                ordered.push_back(r.flight.server_hello->cipher_suite);
                remaining.erase(std::find(remaining.begin(), remaining.end(), r.flight.server_hello->cipher_suite));
            }
            if (remaining.empty()) {
                for (auto s : pc.suites) {
                    if (!Contains(ordered, s)) ordered.push_back(s);
                }
                pc.suites = std::move(ordered);
            }
        }
    }
    auto at = std::find_if(result_.ciphers.begin(), result_.ciphers.end(),
                           [&](const ProtocolCiphers& c) { return c.protocol > protocol; });
    result_.ciphers.insert(at, std::move(pc));
}

void TlsProber::EnumerateGroups() {
    auto group_entry = [&](std::uint16_t code) -> GroupSupport& {
        for (auto& g : result_.groups) {
            if (g.group == code) return g;
        }
        result_.groups.push_back({code, false, false});
        return result_.groups.back();
    };
    if (result_.Supports(Protocol::kTls13)) {
        const ProtocolCiphers* pc = result_.CiphersOf(Protocol::kTls13);
        std::vector<std::uint16_t> suites =
            pc && !pc->suites.empty() ? pc->suites : SuitesForProtocol(Protocol::kTls13);
        for (const auto& g : AllGroups()) {
            if (Stopped()) return;
            ClientHelloOptions o = BaseHello(Protocol::kTls13);
            o.cipher_suites = suites;
            o.groups = {g.code};
            o.key_share_groups.clear();  // no share: a server that supports the group answers HelloRetryRequest
            HelloResult r = Send(o, StopAt::kServerHello);
            if (Negotiated(r, Protocol::kTls13) && r.flight.server_hello->key_share_group == g.code) {
                group_entry(g.code).tls13 = true;
            }
        }
    }
    // TLS <= 1.2: offer one curve at a time with the accepted ECDHE suites; the ServerKeyExchange names the curve.
    for (Protocol p : {Protocol::kTls12, Protocol::kTls11, Protocol::kTls10, Protocol::kSsl3}) {
        const ProtocolCiphers* pc = result_.CiphersOf(p);
        if (!pc) continue;
        std::vector<std::uint16_t> ecdhe;
        for (auto code : pc->suites) {
            const CipherSuite* s = FindCipherSuite(code);
            if (s && (s->kx == KeyExchange::kEcdhe || s->kx == KeyExchange::kEcdhePsk)) ecdhe.push_back(code);
        }
        if (ecdhe.empty()) continue;
        if (ecdhe.size() > kMaxSuitesPerHello) ecdhe.resize(kMaxSuitesPerHello);
        bool ecdsa_only = std::all_of(ecdhe.begin(), ecdhe.end(), [](std::uint16_t code) {
            return FindCipherSuite(code)->auth == Authentication::kEcdsa;
        });
        auto try_groups = [&](const std::vector<std::uint16_t>& offered, std::uint16_t wanted) {
            ClientHelloOptions o = BaseHello(p);
            o.extensions = true;  // supported_groups is an extension, also for SSLv3
            o.cipher_suites = ecdhe;
            o.groups = offered;
            HelloResult r = Send(o, StopAt::kServerHelloDone);
            if (Negotiated(r, p) && r.flight.server_key_exchange &&
                r.flight.server_key_exchange->kind == ServerKeyExchange::Kind::kEcdhe &&
                r.flight.server_key_exchange->named_curve == wanted) {
                group_entry(wanted).tls12 = true;
                NoteFlight(p, r);
                return true;
            }
            return false;
        };
        std::vector<std::uint16_t> alone;  // curves that work on their own
        std::vector<std::uint16_t> missed;
        for (const auto& g : AllGroups()) {
            if (!g.tls12) continue;
            if (Stopped()) return;
            if (try_groups({g.code}, g.code)) {
                alone.push_back(g.code);
            } else {
                missed.push_back(g.code);
            }
        }
        // In TLS <= 1.2 an ECDSA certificate needs its own curve in the client's list too: with ECDSA-only suites,
        // retry each missed curve next to one that worked (a server that prefers its own order may still pick the
        // other one; then the curve stays unlisted).
        if (ecdsa_only && !alone.empty()) {
            for (auto code : missed) {
                if (Stopped()) return;
                try_groups({code, alone.front()}, code);
            }
        }
        break;  // the best protocol with ECDHE suites is enough
    }
    std::sort(result_.groups.begin(), result_.groups.end(),
              [](const GroupSupport& a, const GroupSupport& b) { return a.group < b.group; });
}

// The suites to offer on `p` for the vulnerability probes: the accepted ones, or the default list.
static std::vector<std::uint16_t> OfferFor(const TlsProbeResult& result, Protocol p) {
    const ProtocolCiphers* pc = result.CiphersOf(p);
    std::vector<std::uint16_t> suites = pc && !pc->suites.empty() ? pc->suites : SuitesForProtocol(p);
    if (suites.size() > kMaxSuitesPerHello) suites.resize(kMaxSuitesPerHello);
    return suites;
}

void TlsProber::ProbeRenegotiationAndCompression() {
    auto best = result_.BestLegacy();
    if (!best) {
        if (result_.Supports(Protocol::kTls13)) {
            // TLS 1.3 has neither renegotiation nor compression.
            result_.secure_renegotiation = true;
            result_.compression = false;
        }
        return;
    }
    if (Stopped()) return;
    ClientHelloOptions o = BaseHello(*best);
    o.cipher_suites = OfferFor(result_, *best);
    o.compression_methods = {1, 0};
    HelloResult r = Send(o, StopAt::kServerHello);
    if (!Negotiated(r, *best)) {
        // Some stacks reject a hello that offers DEFLATE; ask again without it for the renegotiation answer.
        o.compression_methods = {0};
        r = Send(o, StopAt::kServerHello);
        if (!Negotiated(r, *best)) {
            result_.notes.push_back("renegotiation/compression test inconclusive");
            return;
        }
        result_.compression = false;
    } else {
        result_.compression = r.flight.server_hello->compression_method != 0;
    }
    const ServerHello& sh = *r.flight.server_hello;
    result_.secure_renegotiation = sh.renegotiation_info && sh.renegotiation_info_empty;
}

void TlsProber::ProbeFallbackScsv() {
    auto best = result_.Best();
    if (!best) return;
    std::optional<Protocol> lower;
    for (Protocol p : {Protocol::kTls12, Protocol::kTls11, Protocol::kTls10, Protocol::kSsl3}) {
        if (p < *best && result_.Supports(p)) {
            lower = p;
            break;
        }
    }
    if (!lower) {
        result_.fallback_detail = "no protocol below " + std::string(ProtocolName(*best)) + " is offered";
        return;
    }
    if (Stopped()) return;
    ClientHelloOptions o = BaseHello(*lower);
    o.cipher_suites = OfferFor(result_, *lower);
    o.fallback_scsv = true;
    HelloResult r = Send(o, StopAt::kServerHello);
    if (r.outcome == HelloOutcome::kAlert && r.flight.alert->description == kAlertInappropriateFallback) {
        result_.fallback_scsv = true;
        result_.fallback_detail = "inappropriate_fallback alert to a " + std::string(ProtocolName(*lower)) +
                                  " hello with TLS_FALLBACK_SCSV";
    } else if (Negotiated(r, *lower)) {
        result_.fallback_scsv = false;
        result_.fallback_detail = "the server accepted a " + std::string(ProtocolName(*lower)) +
                                  " hello with TLS_FALLBACK_SCSV although it supports " + std::string(ProtocolName(*best));
    } else {
        result_.fallback_detail = "inconclusive (" + std::string(HelloOutcomeName(r.outcome)) +
                                  (r.flight.alert ? std::string(": ") + std::string(AlertName(r.flight.alert->description)) : "") +
                                  ")";
    }
}

void TlsProber::ProbeHeartbleed() {
    auto best = result_.BestLegacy();
    if (!best) {
        if (result_.Supports(Protocol::kTls13)) result_.heartbleed = false;
        return;
    }
    if (Stopped()) return;
    ClientHelloOptions o = BaseHello(*best);
    o.extensions = true;
    o.heartbeat = true;
    o.cipher_suites = OfferFor(result_, *best);
    auto hello = BuildClientHello(o);
    if (!hello) return;
    HelloSession session;
    HelloResult r = ExchangeHello(endpoint_, *hello, StopAt::kServerHelloDone, settings_, &session);
    if (!Negotiated(r, *best)) {
        result_.notes.push_back("Heartbleed test inconclusive: " + std::string(HelloOutcomeName(r.outcome)));
        return;
    }
    result_.heartbeat_extension = r.flight.server_hello->heartbeat_mode.has_value();
    if (!*result_.heartbeat_extension) {
        result_.heartbleed = false;  // no heartbeat extension: nothing to exploit
        return;
    }
    if (!r.flight.server_hello_done) {
        result_.notes.push_back("Heartbleed test inconclusive: no ServerHelloDone");
        return;
    }
    // A heartbeat request that claims 16 KiB of payload and carries none. A patched server drops it silently (or
    // alerts); a vulnerable one answers with a heartbeat response full of its memory. Only the answer's record
    // header is read, then the connection is reset.
    std::string request = BuildHeartbeatRequest(WireVersion(*best), 0x4000);
    if (!session.conn.SendAll(request, settings_.timeout)) {
        result_.heartbleed = false;
        return;
    }
    session.reader->ContinueAfterDone();
    std::string error;
    std::size_t total = session.bytes;
    ReadAnswer(session.conn, *session.reader, Clock::now() + settings_.timeout, total, error);
    result_.heartbleed = session.reader->flight().heartbeat_seen;
    session.conn.Close();
}

TlsProbeResult TlsProber::Run(const std::function<void(double, std::string)>& progress) {
    auto report = [&](double f, std::string m) {
        if (progress) progress(f, std::move(m));
    };
    const Protocol order[] = {Protocol::kTls12, Protocol::kTls13, Protocol::kTls11,
                              Protocol::kTls10, Protocol::kSsl3,  Protocol::kSsl2};
    int done = 0;
    for (Protocol p : order) {
        if (Stopped()) break;
        report(0.3 * done++ / 6, "protocol " + std::string(ProtocolName(p)));
        ProbeProtocol(p);
    }
    if (!result_.Best() || Stopped()) {
        if (!result_.speaks_tls && result_.failure.empty()) result_.failure = "no TLS protocol accepted";
        return result_;
    }
    for (Protocol p : {Protocol::kSsl3, Protocol::kTls10, Protocol::kTls11, Protocol::kTls12, Protocol::kTls13}) {
        if (!result_.Supports(p) || Stopped()) continue;
        report(0.3 + 0.1 * static_cast<int>(p), "ciphers " + std::string(ProtocolName(p)));
        if (steps_.ciphers) EnumerateCiphers(p);
    }
    if (steps_.groups && !Stopped()) {
        report(0.85, "groups");
        EnumerateGroups();
    }
    if (steps_.vulnerabilities && !Stopped()) {
        report(0.9, "vulnerabilities");
        ProbeRenegotiationAndCompression();
        ProbeFallbackScsv();
        ProbeHeartbleed();
    }
    report(1.0, "done");
    return result_;
}

}  // namespace palisade::scan::tls

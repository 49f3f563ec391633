// SPDX-License-Identifier: Apache-2.0
// Raw-socket TLS probing of one endpoint over probe/conn.hpp: which protocols (SSLv2..TLS 1.3) the server accepts,
// its cipher suites per protocol and their order, its key-exchange groups, and the protocol weaknesses (secure
// renegotiation, compression, TLS_FALLBACK_SCSV, Heartbleed, ephemeral key sizes). Every connection sends one
// hand-built hello (client_hello.hpp) and reads the answer with the strict parser (tls_parser.hpp); nothing here
// completes a handshake, so SSLv2/SSLv3 and suites OpenSSL 3 lacks are probed as well.
//
// Every network step is bounded: connect, send and the read of one answer each take at most `timeout`, an answer
// is capped at kMaxAnswerBytes, and the whole probe stops (returning what it has) once the CancelToken stops.
// Blocking; thread-compatible (one TlsProber per thread).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "scan/engine/cancel.hpp"
#include "scan/engine/target.hpp"
#include "scan/modules/tls/cipher_suites.hpp"
#include "scan/modules/tls/client_hello.hpp"
#include "scan/modules/tls/tls_parser.hpp"
#include "scan/probe/conn.hpp"

namespace palisade::scan::tls {

// Most bytes read for one answer (a flight plus records that follow it).
inline constexpr std::size_t kMaxAnswerBytes = kMaxFlightBytes + 64 * 1024;

struct Endpoint {
    Address address;
    std::uint16_t port = 0;
    std::string server_name;  // SNI (empty: none)
};

struct ProbeSettings {
    Millis timeout{3000};  // per network step
    CancelToken cancel;
};

// How one hello exchange ended.
enum class HelloOutcome {
    kServerHello,    // a ServerHello (or HelloRetryRequest) arrived
    kAlert,          // an alert before any ServerHello
    kSslv2Hello,     // an SSLv2 SERVER-HELLO
    kSslv2Error,     // an SSLv2 ERROR message
    kClosed,         // the server closed (or reset) before answering
    kTimeout,        // nothing (complete) within the timeout
    kMalformed,      // not TLS, broken records, or more than kMaxAnswerBytes
    kConnectFailed,  // TCP connect failed
};
std::string_view HelloOutcomeName(HelloOutcome outcome);

struct HelloResult {
    HelloOutcome outcome = HelloOutcome::kTimeout;
    ServerFlight flight;
    std::string error;        // for kMalformed / kConnectFailed
    std::size_t bytes = 0;    // bytes received
};

// Connects, sends `hello`, reads the answer up to `stop_at` (see ServerFlightReader). When `session` is given, the
// connection and the reader stay open in it for a follow-up (the Heartbleed probe).
struct HelloSession {
    Conn conn;
    std::optional<ServerFlightReader> reader;
    std::size_t bytes = 0;
};
HelloResult ExchangeHello(const Endpoint& endpoint, std::string_view hello, ServerFlightReader::StopAt stop_at,
                          const ProbeSettings& settings, HelloSession* session = nullptr);

struct ProtocolCiphers {
    Protocol protocol = Protocol::kTls12;
    // Accepted suites, in the server's preference order when server_preference is true, else in the order found.
    std::vector<std::uint16_t> suites;
    std::vector<std::uint32_t> sslv2_kinds;  // SSLv2 only: the cipher kinds the SERVER-HELLO listed
    std::optional<bool> server_preference;   // nullopt: fewer than two suites, or the test was inconclusive
};

struct GroupSupport {
    std::uint16_t group = 0;
    bool tls12 = false;  // seen in a TLS <= 1.2 ECDHE ServerKeyExchange
    bool tls13 = false;  // selected in a TLS 1.3 ServerHello / HelloRetryRequest
};

struct EphemeralKey {
    std::uint16_t suite = 0;
    Protocol protocol = Protocol::kTls12;
    std::string kind;       // "DH" or "ECDH"
    int bits = 0;
    std::uint16_t group = 0;  // named curve (ECDH), 0 for DH
};

struct TlsProbeResult {
    bool reachable = false;  // a TCP connection succeeded
    bool speaks_tls = false;  // some hello got a TLS or SSLv2 answer
    std::string failure;      // why nothing could be probed (when !speaks_tls)
    std::array<std::optional<bool>, 6> protocols{};  // by Protocol; nullopt = not tested / inconclusive
    std::vector<ProtocolCiphers> ciphers;             // supported protocols, ascending
    std::vector<GroupSupport> groups;
    std::vector<EphemeralKey> ephemeral_keys;         // distinct (suite, protocol) key sizes seen
    std::optional<bool> secure_renegotiation;        // renegotiation_info in the best TLS <= 1.2 ServerHello
    std::optional<bool> compression;                 // the server chose DEFLATE
    std::optional<bool> fallback_scsv;               // nullopt: not applicable (one protocol) or inconclusive
    std::string fallback_detail;
    std::optional<bool> heartbeat_extension;         // the server echoed the heartbeat extension
    std::optional<bool> heartbleed;
    std::vector<std::string> raw_chain;  // DER chain from a TLS <= 1.2 (or SSLv2) handshake, leaf first
    std::vector<std::string> notes;      // inconclusive steps, for the details JSON
    bool cancelled = false;              // stopped early by the token

    bool Supports(Protocol p) const { return protocols[static_cast<int>(p)].value_or(false); }
    std::optional<Protocol> Best() const;                 // highest supported protocol
    std::optional<Protocol> BestLegacy() const;           // highest supported SSLv3..TLS 1.2
    const ProtocolCiphers* CiphersOf(Protocol p) const;   // nullptr when not enumerated
    int WeakestDhBits() const;    // 0 when no DH key exchange was seen
    int WeakestEcdhBits() const;  // 0 when none
};

// Which steps to run (all by default; tests switch some off to keep fixtures small).
struct ProbeSteps {
    bool ciphers = true;
    bool groups = true;
    bool vulnerabilities = true;  // renegotiation, compression, fallback SCSV, Heartbleed
};

class TlsProber {
  public:
    TlsProber(Endpoint endpoint, ProbeSettings settings, ProbeSteps steps = {});

    // Runs every step. `progress` (optional) gets a fraction 0..1 and a short message.
    TlsProbeResult Run(const std::function<void(double, std::string)>& progress = {});

    // The single steps (public for tests). Each updates result_.
    std::optional<bool> ProbeProtocol(Protocol protocol);
    void EnumerateCiphers(Protocol protocol);
    void EnumerateGroups();
    void ProbeRenegotiationAndCompression();
    void ProbeFallbackScsv();
    void ProbeHeartbleed();
    const TlsProbeResult& result() const { return result_; }

  private:
    ClientHelloOptions BaseHello(Protocol protocol) const;
    HelloResult Send(const ClientHelloOptions& hello, ServerFlightReader::StopAt stop_at);
    void NoteFlight(Protocol protocol, const HelloResult& r);
    bool Stopped();

    Endpoint endpoint_;
    ProbeSettings settings_;
    ProbeSteps steps_;
    TlsProbeResult result_;
    int silent_in_a_row_ = 0;
    bool give_up_ = false;  // the endpoint does not answer (or not with TLS): skip the remaining hellos
};

}  // namespace palisade::scan::tls

// SPDX-License-Identifier: Apache-2.0
// Strict parser of what a server sends in answer to a ClientHello: TLS records (SSLv3..TLS 1.3) and SSLv2 records,
// alerts, handshake messages spanning records, ServerHello (with HelloRetryRequest detection), SSLv2 SERVER-HELLO,
// Certificate (TLS <= 1.2), ServerKeyExchange (DHE prime size, ECDHE curve) and ServerHelloDone. Pure code on
// bytes: no sockets. Every length is checked against the bytes present and against caps; malformed input gives
// kInvalidArgument, never a crash (fuzzed by fuzz/tls_parser_fuzz.cpp). Not thread-safe per instance.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "scan/modules/tls/cipher_suites.hpp"

namespace palisade::scan::tls {

inline constexpr std::size_t kMaxRecordLength = 16384 + 2048;  // TLSCiphertext limit (RFC 5246 §6.2.3)
inline constexpr std::size_t kMaxFlightBytes = 256 * 1024;     // handshake bytes buffered for one flight
inline constexpr std::size_t kMaxCertificates = 32;

enum class ContentType : std::uint8_t {
    kChangeCipherSpec = 20,
    kAlert = 21,
    kHandshake = 22,
    kApplicationData = 23,
    kHeartbeat = 24,
};

enum class HandshakeType : std::uint8_t {
    kHelloRequest = 0,
    kClientHello = 1,
    kServerHello = 2,
    kCertificate = 11,
    kServerKeyExchange = 12,
    kCertificateRequest = 13,
    kServerHelloDone = 14,
    kCertificateStatus = 22,
};

// Alert descriptions the prober looks at.
inline constexpr std::uint8_t kAlertHandshakeFailure = 40;
inline constexpr std::uint8_t kAlertProtocolVersion = 70;
inline constexpr std::uint8_t kAlertInsufficientSecurity = 71;
inline constexpr std::uint8_t kAlertInappropriateFallback = 86;

struct Alert {
    std::uint8_t level = 0;        // 1 warning, 2 fatal
    std::uint8_t description = 0;  // see AlertName
};
std::string_view AlertName(std::uint8_t description);  // "handshake_failure", ... or "unknown"

struct Extension {
    std::uint16_t type = 0;
    std::string data;
};

struct ServerHello {
    std::uint16_t legacy_version = 0;
    std::array<std::uint8_t, 32> random{};
    std::string session_id;
    std::uint16_t cipher_suite = 0;
    std::uint8_t compression_method = 0;
    bool has_extension_block = false;
    std::vector<Extension> extensions;
    std::optional<std::uint16_t> supported_version;  // supported_versions extension (TLS 1.3)
    bool renegotiation_info = false;                 // renegotiation_info extension present
    bool renegotiation_info_empty = false;           // ... and empty (the only valid content in a first handshake)
    std::optional<std::uint8_t> heartbeat_mode;      // heartbeat extension
    std::optional<std::uint16_t> key_share_group;    // ServerHello key_share, or HelloRetryRequest selected_group
    bool hello_retry_request = false;                // random is the HRR magic value

    // supported_versions when present, else legacy_version.
    std::uint16_t NegotiatedVersion() const { return supported_version.value_or(legacy_version); }
    bool HasExtension(std::uint16_t type) const;
};

// Parses a ServerHello body (after the 4-byte handshake header).
Result<ServerHello> ParseServerHello(std::string_view body);

struct Sslv2ServerHello {
    bool session_id_hit = false;
    std::uint8_t certificate_type = 0;
    std::uint16_t version = 0;
    std::string certificate;  // DER (X.509 when certificate_type is 1)
    std::vector<std::uint32_t> cipher_specs;
    std::string connection_id;
};

// Parses an SSLv2 SERVER-HELLO message (starting with message type 4, after the record header).
Result<Sslv2ServerHello> ParseSslv2ServerHello(std::string_view message);

// Parses a TLS <= 1.2 Certificate body into DER certificates (leaf first). At most kMaxCertificates.
Result<std::vector<std::string>> ParseCertificateList(std::string_view body);

struct ServerKeyExchange {
    enum class Kind { kDhe, kEcdhe, kEcdheExplicit, kRsaExport, kOther } kind = Kind::kOther;
    int dh_prime_bits = 0;            // kDhe: bit length of p
    std::uint16_t named_curve = 0;    // kEcdhe
    int explicit_curve_bits = 0;      // kEcdheExplicit: bit length of the prime / field
    int rsa_modulus_bits = 0;         // kRsaExport: temporary RSA key
};

// Parses a ServerKeyExchange body for the key exchange of the negotiated suite (the PSK variants skip the identity
// hint first). Only the parameters are read; the signature is not checked.
Result<ServerKeyExchange> ParseServerKeyExchange(std::string_view body, KeyExchange kx, bool export_grade = false);

// What the server sent in its first flight, as far as it was read.
struct ServerFlight {
    bool sslv2 = false;                        // the server answered with SSLv2 records
    std::optional<Sslv2ServerHello> sslv2_hello;
    std::optional<std::uint16_t> sslv2_error;  // SSLv2 ERROR message code
    std::optional<std::uint16_t> record_version;  // of the first TLS record
    std::optional<ServerHello> server_hello;
    bool certificate_seen = false;
    std::vector<std::string> certificates;  // TLS <= 1.2 Certificate message
    std::optional<ServerKeyExchange> server_key_exchange;
    bool server_hello_done = false;
    std::optional<Alert> alert;  // the first alert
    bool heartbeat_seen = false;  // a heartbeat record header arrived (its body is not waited for)
    bool tls13_encrypted = false;  // records after a TLS 1.3 ServerHello (not parsed)
};

// Incremental reader of a server's answer. Feed() the bytes as they arrive; check Done(). After an error the reader
// stays failed and ignores further input.
class ServerFlightReader {
  public:
    enum class StopAt { kServerHello, kServerHelloDone };
    explicit ServerFlightReader(StopAt stop_at = StopAt::kServerHelloDone, std::size_t max_flight_bytes = kMaxFlightBytes);

    // Parses what is complete. Errors (kInvalidArgument): not TLS/SSLv2, record or message lengths out of range,
    // malformed messages, more than max_flight_bytes of handshake data.
    Status Feed(std::string_view bytes);

    // Nothing more to wait for: an alert, an SSLv2 answer, a heartbeat record, a TLS 1.3 ServerHello or
    // HelloRetryRequest, or (StopAt) the ServerHello / ServerHelloDone.
    bool Done() const;
    bool failed() const { return failed_; }
    const ServerFlight& flight() const { return flight_; }
    // After Done(): keep reading (used after ServerHelloDone to look for a heartbeat answer).
    void ContinueAfterDone() { continued_ = true; }

  private:
    Status ParseRecords();
    Status HandleHandshake(std::string_view fragment);
    Status HandleMessage(std::uint8_t type, std::string_view body);
    Status ParseSslv2();

    StopAt stop_at_;
    std::size_t max_flight_bytes_;
    std::string buffer_;     // unparsed bytes
    std::string handshake_;  // handshake bytes not yet forming a whole message
    std::size_t handshake_total_ = 0;
    ServerFlight flight_;
    bool failed_ = false;
    bool continued_ = false;
    bool decided_ = false;  // TLS vs SSLv2 decided on the first byte
};

}  // namespace palisade::scan::tls

// SPDX-License-Identifier: Apache-2.0
// Hand-built ClientHello records for probing: SSLv2 (and SSLv2-compatible) hellos, SSLv3 / TLS 1.0-1.2 hellos with a
// chosen suite list and extensions, and TLS 1.3 hellos. Pure functions returning the bytes to send; no sockets.
// The TLS 1.3 key share is random bytes of the right length: enough to get the ServerHello (the scanner never
// finishes a TLS 1.3 handshake on this path).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "scan/modules/tls/cipher_suites.hpp"

namespace palisade::scan::tls {

// Most suites one hello carries: some servers fail on longer lists (testssl.sh's limit).
inline constexpr std::size_t kMaxSuitesPerHello = 128;

// Extension code points used by the builder and the parser.
inline constexpr std::uint16_t kExtServerName = 0x0000;
inline constexpr std::uint16_t kExtSupportedGroups = 0x000A;
inline constexpr std::uint16_t kExtEcPointFormats = 0x000B;
inline constexpr std::uint16_t kExtSignatureAlgorithms = 0x000D;
inline constexpr std::uint16_t kExtHeartbeat = 0x000F;
inline constexpr std::uint16_t kExtPadding = 0x0015;
inline constexpr std::uint16_t kExtSessionTicket = 0x0023;
inline constexpr std::uint16_t kExtSupportedVersions = 0x002B;
inline constexpr std::uint16_t kExtPskKeyExchangeModes = 0x002D;
inline constexpr std::uint16_t kExtKeyShare = 0x0033;
inline constexpr std::uint16_t kExtRenegotiationInfo = 0xFF01;

struct ClientHelloOptions {
    // SSLv3..TLS 1.2: the version in the hello (record version = min(version, TLS 1.0)). TLS 1.3: legacy_version
    // 0x0303 and supported_versions lists `supported_versions` (TLS 1.3 alone when empty).
    Protocol version = Protocol::kTls12;
    std::vector<std::uint16_t> cipher_suites;  // at most kMaxSuitesPerHello (more is an error)
    std::string server_name;                   // SNI host name; omitted when empty or an IP literal
    // supported_groups; when empty, a default list (x25519, secp256r1, secp384r1, secp521r1, x448, ffdhe2048..).
    std::vector<std::uint16_t> groups;
    bool send_supported_groups = true;
    bool ec_point_formats = true;
    // signature_algorithms (TLS 1.2+ only); when empty, a broad default list.
    std::vector<std::uint16_t> signature_algorithms;
    bool renegotiation_info = true;  // the empty renegotiation_info extension (SSLv3: the SCSV suite instead)
    bool fallback_scsv = false;      // append TLS_FALLBACK_SCSV to the suites
    bool heartbeat = false;          // heartbeat extension, mode peer_allowed_to_send
    std::vector<std::uint8_t> compression_methods{0};  // 0 = null, 1 = DEFLATE
    bool extensions = true;  // false: no extension block at all (plain SSLv3 hello)
    // TLS 1.3 only:
    std::vector<Protocol> supported_versions;  // highest first
    // Groups that get a (random) key share; empty = no share at all (the server then answers HelloRetryRequest).
    std::vector<std::uint16_t> key_share_groups{kGroupX25519};
    // 32 bytes of client random; when not set, random bytes are used.
    std::optional<std::array<std::uint8_t, 32>> random;
};

// The default supported_groups and signature_algorithms lists.
std::span<const std::uint16_t> DefaultGroups();
std::span<const std::uint16_t> DefaultSignatureAlgorithms();

// One complete handshake record (5-byte header + ClientHello). Errors (kInvalidArgument): no suites, more than
// kMaxSuitesPerHello, SSLv2 requested (use BuildSslv2ClientHello), a server name longer than 255 bytes.
Result<std::string> BuildClientHello(const ClientHelloOptions& options);

// An SSLv2 CLIENT-HELLO with a 2-byte record header. `version` is 0x0002 for a pure SSLv2 hello or 0x0300..0x0303
// for an SSLv2-compatible hello that offers TLS suites (each TLS suite is sent as 0x00XXYY). `challenge` is 16..32
// bytes (random when empty). Errors: no cipher specs, challenge of bad length.
Result<std::string> BuildSslv2ClientHello(std::uint16_t version, std::span<const std::uint32_t> cipher_specs,
                                          std::string_view challenge = {});

// A heartbeat request record (type 24) claiming `claimed_length` payload bytes but carrying `payload` only (the
// Heartbleed probe sends none).
std::string BuildHeartbeatRequest(std::uint16_t record_version, std::uint16_t claimed_length,
                                  std::string_view payload = {});

// Fills `out` with unpredictable (not cryptographically strong) bytes: hello randoms and fake key shares only.
void RandomBytes(std::span<std::uint8_t> out);

}  // namespace palisade::scan::tls

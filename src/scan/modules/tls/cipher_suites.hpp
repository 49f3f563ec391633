// SPDX-License-Identifier: Apache-2.0
// The registry of TLS cipher suites, SSLv2 cipher kinds and key-exchange groups the scanner offers, with the
// properties the checks and the rating need. Pure data: no I/O. Thread-safe (the tables are immutable after the
// first call).
//
// Properties are derived from the IANA name (TLS_<kx>_<auth>[_EXPORT]_WITH_<cipher>_<mac>), so the table itself only
// holds code point, IANA name and OpenSSL name; a test checks every suite the local OpenSSL knows against it.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace palisade::scan::tls {

// Protocol versions in ascending order (the enum order is used for comparisons).
enum class Protocol { kSsl2 = 0, kSsl3, kTls10, kTls11, kTls12, kTls13 };

inline constexpr Protocol kAllProtocols[] = {Protocol::kSsl2,  Protocol::kSsl3,  Protocol::kTls10,
                                             Protocol::kTls11, Protocol::kTls12, Protocol::kTls13};

std::string_view ProtocolName(Protocol protocol);  // "SSLv2", "SSLv3", "TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3"
std::string_view ProtocolKey(Protocol protocol);   // "sslv2", "sslv3", "tls1_0", ... (check ids, JSON keys)
// The wire version: 0x0002, 0x0300, 0x0301, 0x0302, 0x0303, 0x0304.
std::uint16_t WireVersion(Protocol protocol);
// Inverse of WireVersion for SSLv3..TLS 1.3; nullopt for anything else.
std::optional<Protocol> ProtocolFromWire(std::uint16_t version);

enum class KeyExchange { kRsa, kDh, kDhe, kEcdh, kEcdhe, kPsk, kDhePsk, kEcdhePsk, kRsaPsk, kSrp, kTls13 };
enum class Authentication { kRsa, kDss, kEcdsa, kAnonymous, kPsk, kSrp, kTls13 };

std::string_view KeyExchangeName(KeyExchange kx);        // "RSA", "DH", "DHE", "ECDH", "ECDHE", ..., "any" (TLS 1.3)
std::string_view AuthenticationName(Authentication au);  // "RSA", "DSS", "ECDSA", "anon", "PSK", "SRP", "any"

struct CipherSuite {
    std::uint16_t code = 0;
    std::string iana_name;     // "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"
    std::string openssl_name;  // "ECDHE-RSA-AES128-GCM-SHA256"
    KeyExchange kx = KeyExchange::kRsa;
    Authentication auth = Authentication::kRsa;
    std::string encryption;  // "AES_128_GCM", "3DES_EDE_CBC", "RC4_128", "NULL", "CHACHA20_POLY1305", ...
    int bits = 0;            // effective symmetric key bits (3DES = 112, DES = 56, export = 40, NULL = 0)
    std::string mac;         // "SHA", "SHA256", "SHA384", "MD5", or "AEAD"
    bool aead = false;
    bool cbc = false;
    bool block64 = false;  // 64-bit block cipher (3DES, DES, IDEA, RC2): SWEET32
    bool forward_secrecy = false;  // ephemeral key exchange, not anonymous
    bool export_grade = false;
    bool anonymous = false;
    bool null_cipher = false;
    bool rc4 = false;
    bool single_des = false;  // DES_CBC or DES40_CBC
    bool triple_des = false;
    bool tls12_only = false;  // AEAD or SHA-256/384 MAC: TLS 1.2 only
    bool tls13 = false;       // a TLS 1.3 suite (usable with TLS 1.3 only)
};

// Every known suite, ordered by code point.
std::span<const CipherSuite> AllCipherSuites();
// Lookup by code point; nullptr when unknown.
const CipherSuite* FindCipherSuite(std::uint16_t code);
// "TLS_..." name of a code point, or "0xC0FF" style text when unknown.
std::string CipherSuiteName(std::uint16_t code);

// The suites worth offering in a hello of `protocol` (TLS 1.3 suites for TLS 1.3, everything else for TLS 1.2, and
// no TLS 1.2-only suite below TLS 1.2), strongest and most common first. Empty for SSLv2.
std::vector<std::uint16_t> SuitesForProtocol(Protocol protocol);

// sslscan's strength label: "null", "anonymous", "weak" (export), "medium" (MD5, RC4, DES/3DES and other 64-bit
// blocks, CCM_8, SHA-1 MAC), "strong" (TLS 1.3, or AEAD with forward secrecy), else "acceptable".
std::string_view StrengthLabel(const CipherSuite& suite);

// Signalling values, not real suites.
inline constexpr std::uint16_t kEmptyRenegotiationInfoScsv = 0x00FF;
inline constexpr std::uint16_t kFallbackScsv = 0x5600;

// SSLv2 cipher kinds (3-byte codes).
struct Sslv2CipherKind {
    std::uint32_t code = 0;  // 0x010080 ...
    std::string_view name;   // "SSL_CK_RC4_128_WITH_MD5"
    std::string_view openssl_name;  // "RC4-MD5"
    int bits = 0;
    bool export_grade = false;
};
std::span<const Sslv2CipherKind> Sslv2CipherKinds();
const Sslv2CipherKind* FindSslv2CipherKind(std::uint32_t code);

// Named groups (supported_groups code points).
enum class GroupKind { kEcdh, kFfdhe, kHybrid };
struct NamedGroup {
    std::uint16_t code = 0;
    std::string_view name;  // "x25519", "secp256r1", "ffdhe2048", "X25519MLKEM768"
    int bits = 0;           // ECDH: curve order bits (x25519 = 253 as SSL Labs counts it); FFDHE: prime bits
    GroupKind kind = GroupKind::kEcdh;
    bool tls12 = true;  // meaningful in a TLS 1.2 ECDHE handshake (EC curves only)
};
std::span<const NamedGroup> AllGroups();
const NamedGroup* FindGroup(std::uint16_t code);
std::string GroupName(std::uint16_t code);  // name, or "0x001D" style when unknown

inline constexpr std::uint16_t kGroupX25519 = 0x001D;
inline constexpr std::uint16_t kGroupSecp256r1 = 0x0017;

}  // namespace palisade::scan::tls

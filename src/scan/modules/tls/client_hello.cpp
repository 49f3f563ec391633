// SPDX-License-Identifier: Apache-2.0
#include "scan/modules/tls/client_hello.hpp"

#include <algorithm>
#include <mutex>
#include <random>

namespace palisade::scan::tls {
namespace {

constexpr std::uint16_t kDefaultGroups[] = {
    0x001D, 0x0017, 0x0018, 0x0019, 0x001E,                          // x25519, P-256, P-384, P-521, x448
    0x0100, 0x0101, 0x0102, 0x0103, 0x0104,                          // ffdhe2048..8192
    0x001A, 0x001B, 0x001C, 0x0016, 0x0015, 0x0014, 0x0013, 0x0012,  // brainpool, secp256k1, secp224/192
    0x0011, 0x0010, 0x000F, 0x000E, 0x000D, 0x000C, 0x000B, 0x000A,  // secp160, sect571..283
    0x0009, 0x0008, 0x0007, 0x0006, 0x0005, 0x0004, 0x0003, 0x0002, 0x0001,
};

constexpr std::uint16_t kDefaultSignatureAlgorithms[] = {
    0x0403, 0x0503, 0x0603, 0x0807, 0x0808, 0x0804, 0x0805, 0x0806, 0x0809, 0x080A, 0x080B,
    0x0401, 0x0501, 0x0601, 0x0303, 0x0301, 0x0302, 0x0402, 0x0502, 0x0602, 0x0203, 0x0201, 0x0202,
};

void Put8(std::string& out, unsigned v) { out.push_back(static_cast<char>(v & 0xFF)); }
void Put16(std::string& out, unsigned v) {
    Put8(out, v >> 8);
    Put8(out, v);
}
void Put24(std::string& out, unsigned v) {
    Put8(out, v >> 16);
    Put16(out, v & 0xFFFF);
}

void PutExtension(std::string& out, std::uint16_t type, std::string_view body) {
    Put16(out, type);
    Put16(out, static_cast<unsigned>(body.size()));
    out.append(body);
}

bool IsIpLiteral(std::string_view name) {
    if (name.find(':') != std::string_view::npos) return true;
    return std::all_of(name.begin(), name.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
}

int KeyShareLength(std::uint16_t group) {
    switch (group) {
        case 0x001D: return 32;      // x25519
        case 0x001E: return 56;      // x448
        case 0x0017: return 65;      // P-256 uncompressed
        case 0x0018: return 97;      // P-384
        case 0x0019: return 133;     // P-521
        case 0x0100: return 256;     // ffdhe2048
        case 0x0101: return 384;
        case 0x0102: return 512;
        case 0x0103: return 768;
        case 0x0104: return 1024;
        case 0x11EC: return 1216;    // X25519MLKEM768
        default: return 32;
    }
}

}  // namespace

std::span<const std::uint16_t> DefaultGroups() { return kDefaultGroups; }
std::span<const std::uint16_t> DefaultSignatureAlgorithms() { return kDefaultSignatureAlgorithms; }

void RandomBytes(std::span<std::uint8_t> out) {
    static std::mutex mutex;
    static std::mt19937_64 engine{std::random_device{}()};
    std::lock_guard lock(mutex);
    for (auto& b : out) b = static_cast<std::uint8_t>(engine() & 0xFF);
}

Result<std::string> BuildClientHello(const ClientHelloOptions& o) {
    if (o.version == Protocol::kSsl2) {
        return Fail(ErrorCode::kInvalidArgument, "SSLv2 hellos are built by BuildSslv2ClientHello");
    }
    if (o.cipher_suites.empty()) return Fail(ErrorCode::kInvalidArgument, "a ClientHello needs cipher suites");
    if (o.cipher_suites.size() > kMaxSuitesPerHello) {
        return Fail(ErrorCode::kInvalidArgument, "too many cipher suites for one ClientHello");
    }
    if (o.server_name.size() > 255) return Fail(ErrorCode::kInvalidArgument, "server name too long");
    if (o.compression_methods.empty() || o.compression_methods.size() > 255) {
        return Fail(ErrorCode::kInvalidArgument, "bad compression method list");
    }
    const bool tls13 = o.version == Protocol::kTls13;
    const std::uint16_t legacy_version = tls13 ? 0x0303 : WireVersion(o.version);

    std::string body;
    Put16(body, legacy_version);
    std::array<std::uint8_t, 32> random{};
    if (o.random) {
        random = *o.random;
    } else {
        RandomBytes(random);
    }
    body.append(reinterpret_cast<const char*>(random.data()), random.size());
    Put8(body, 0);  // session id

    std::vector<std::uint16_t> suites = o.cipher_suites;
    if (o.version == Protocol::kSsl3 && o.renegotiation_info) suites.push_back(kEmptyRenegotiationInfoScsv);
    if (!o.extensions && o.renegotiation_info && o.version != Protocol::kSsl3) {
        suites.push_back(kEmptyRenegotiationInfoScsv);
    }
    if (o.fallback_scsv) suites.push_back(kFallbackScsv);
    Put16(body, static_cast<unsigned>(suites.size() * 2));
    for (auto s : suites) Put16(body, s);
    Put8(body, static_cast<unsigned>(o.compression_methods.size()));
    for (auto m : o.compression_methods) Put8(body, m);

    if (o.extensions) {
        std::string ext;
        if (!o.server_name.empty() && !IsIpLiteral(o.server_name)) {
            std::string sni;
            Put16(sni, static_cast<unsigned>(o.server_name.size() + 3));
            Put8(sni, 0);  // host_name
            Put16(sni, static_cast<unsigned>(o.server_name.size()));
            sni += o.server_name;
            PutExtension(ext, kExtServerName, sni);
        }
        if (o.ec_point_formats) PutExtension(ext, kExtEcPointFormats, std::string("\x01\x00", 2));
        if (o.send_supported_groups) {
            std::span<const std::uint16_t> groups = o.groups;
            if (groups.empty()) groups = kDefaultGroups;
            std::string g;
            Put16(g, static_cast<unsigned>(groups.size() * 2));
            for (auto code : groups) Put16(g, code);
            PutExtension(ext, kExtSupportedGroups, g);
        }
        if (o.version >= Protocol::kTls12) {
            std::span<const std::uint16_t> algs = o.signature_algorithms;
            if (algs.empty()) algs = kDefaultSignatureAlgorithms;
            std::string a;
            Put16(a, static_cast<unsigned>(algs.size() * 2));
            for (auto code : algs) Put16(a, code);
            PutExtension(ext, kExtSignatureAlgorithms, a);
        }
        if (o.heartbeat) PutExtension(ext, kExtHeartbeat, std::string("\x01", 1));
        if (o.renegotiation_info && o.version != Protocol::kSsl3) {
            PutExtension(ext, kExtRenegotiationInfo, std::string("\x00", 1));
        }
        if (tls13) {
            std::vector<Protocol> versions = o.supported_versions;
            if (versions.empty()) versions.push_back(Protocol::kTls13);
            std::string v;
            Put8(v, static_cast<unsigned>(versions.size() * 2));
            for (auto p : versions) Put16(v, WireVersion(p));
            PutExtension(ext, kExtSupportedVersions, v);
            PutExtension(ext, kExtPskKeyExchangeModes, std::string("\x01\x01", 2));
            std::string shares;
            for (auto group : o.key_share_groups) {
                std::vector<std::uint8_t> key(static_cast<std::size_t>(KeyShareLength(group)));
                RandomBytes(key);
                if (group == 0x0017 || group == 0x0018 || group == 0x0019) key[0] = 0x04;
                Put16(shares, group);
                Put16(shares, static_cast<unsigned>(key.size()));
                shares.append(reinterpret_cast<const char*>(key.data()), key.size());
            }
            std::string ks;
            Put16(ks, static_cast<unsigned>(shares.size()));
            ks += shares;
            PutExtension(ext, kExtKeyShare, ks);
        }
        // Some TLS terminators hang on hellos of 256..511 bytes (RFC 7685): pad those to 512.
        std::size_t hello_length = 4 + body.size() + 2 + ext.size();  // the handshake message
        if (!ext.empty() && hello_length >= 256 && hello_length < 512) {
            std::size_t pad = 512 - hello_length;
            pad = pad >= 4 ? pad - 4 : 0;
            PutExtension(ext, kExtPadding, std::string(pad, '\0'));
        }
        if (!ext.empty()) {
            Put16(body, static_cast<unsigned>(ext.size()));
            body += ext;
        }
    }

    std::string handshake;
    Put8(handshake, 1);  // client_hello
    Put24(handshake, static_cast<unsigned>(body.size()));
    handshake += body;
    if (handshake.size() > 16384) return Fail(ErrorCode::kInvalidArgument, "ClientHello too large");

    std::string record;
    Put8(record, 22);
    Put16(record, o.version == Protocol::kSsl3 ? 0x0300 : 0x0301);
    Put16(record, static_cast<unsigned>(handshake.size()));
    record += handshake;
    return record;
}

Result<std::string> BuildSslv2ClientHello(std::uint16_t version, std::span<const std::uint32_t> cipher_specs,
                                          std::string_view challenge) {
    if (cipher_specs.empty()) return Fail(ErrorCode::kInvalidArgument, "an SSLv2 hello needs cipher specs");
    if (cipher_specs.size() > 1000) return Fail(ErrorCode::kInvalidArgument, "too many SSLv2 cipher specs");
    std::string chal(challenge);
    if (chal.empty()) {
        std::array<std::uint8_t, 16> r{};
        RandomBytes(r);
        chal.assign(reinterpret_cast<const char*>(r.data()), r.size());
    }
    if (chal.size() < 16 || chal.size() > 32) return Fail(ErrorCode::kInvalidArgument, "bad SSLv2 challenge length");
    std::string msg;
    Put8(msg, 1);  // CLIENT-HELLO
    Put16(msg, version);
    Put16(msg, static_cast<unsigned>(cipher_specs.size() * 3));
    Put16(msg, 0);  // session id length
    Put16(msg, static_cast<unsigned>(chal.size()));
    for (auto spec : cipher_specs) Put24(msg, spec & 0xFFFFFF);
    msg += chal;
    std::string record;
    Put16(record, 0x8000 | static_cast<unsigned>(msg.size()));
    record += msg;
    return record;
}

std::string BuildHeartbeatRequest(std::uint16_t record_version, std::uint16_t claimed_length,
                                  std::string_view payload) {
    std::string msg;
    Put8(msg, 1);  // heartbeat_request
    Put16(msg, claimed_length);
    msg.append(payload);
    std::string record;
    Put8(record, 24);
    Put16(record, record_version);
    Put16(record, static_cast<unsigned>(msg.size()));
    record += msg;
    return record;
}

}  // namespace palisade::scan::tls

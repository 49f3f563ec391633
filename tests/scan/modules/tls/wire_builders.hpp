// SPDX-License-Identifier: Apache-2.0
// Test-only builders of server messages (records, ServerHello, Certificate, ServerKeyExchange, SSLv2 SERVER-HELLO)
// and a small ClientHello parser, for parser vectors and for imitation servers on RawTlsServer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace palisade::scan::tls::testing {

inline std::string U8(unsigned v) { return std::string(1, static_cast<char>(v & 0xFF)); }
inline std::string U16(unsigned v) { return U8(v >> 8) + U8(v); }
inline std::string U24(unsigned v) { return U8(v >> 16) + U16(v & 0xFFFF); }

inline std::string Record(unsigned type, unsigned version, std::string_view body) {
    return U8(type) + U16(version) + U16(static_cast<unsigned>(body.size())) + std::string(body);
}
inline std::string Handshake(unsigned type, std::string_view body) {
    return U8(type) + U24(static_cast<unsigned>(body.size())) + std::string(body);
}
inline std::string AlertRecord(unsigned description, unsigned version = 0x0303) {
    return Record(21, version, U8(2) + U8(description));
}

struct ServerHelloSpec {
    unsigned version = 0x0303;
    unsigned suite = 0xC02F;
    unsigned compression = 0;
    bool extension_block = true;
    std::vector<std::pair<unsigned, std::string>> extensions;
    bool hello_retry = false;
};

inline std::string ServerHelloBody(const ServerHelloSpec& s) {
    static const unsigned char kHrr[32] = {0xCF, 0x21, 0xAD, 0x74, 0xE5, 0x9A, 0x61, 0x11, 0xBE, 0x1D, 0x8C,
                                           0x02, 0x1E, 0x65, 0xB8, 0x91, 0xC2, 0xA2, 0x11, 0x16, 0x7A, 0xBB,
                                           0x8C, 0x5E, 0x07, 0x9E, 0x09, 0xE2, 0xC8, 0xA8, 0x33, 0x9C};
    std::string b = U16(s.version);
    if (s.hello_retry) {
        b.append(reinterpret_cast<const char*>(kHrr), 32);
    } else {
        b.append(32, '\x42');
    }
    b += U8(0) + U16(s.suite) + U8(s.compression);
    if (s.extension_block) {
        std::string ext;
        for (const auto& [type, data] : s.extensions) ext += U16(type) + U16(static_cast<unsigned>(data.size())) + data;
        b += U16(static_cast<unsigned>(ext.size())) + ext;
    }
    return b;
}

inline std::string CertificateBody(const std::vector<std::string>& ders) {
    std::string list;
    for (const auto& d : ders) list += U24(static_cast<unsigned>(d.size())) + d;
    return U24(static_cast<unsigned>(list.size())) + list;
}

// DHE parameters with a prime of `prime_bits` bits (top bit set), generator 2, a dummy public value, a dummy
// signature.
inline std::string DheKeyExchangeBody(int prime_bits) {
    std::size_t bytes = static_cast<std::size_t>((prime_bits + 7) / 8);
    std::string p(bytes, '\xFF');
    int top = prime_bits % 8;
    if (top != 0) p[0] = static_cast<char>((1 << top) - 1);
    return U16(static_cast<unsigned>(p.size())) + p + U16(1) + U8(2) + U16(static_cast<unsigned>(bytes)) +
           std::string(bytes, '\x11') + U16(0x0401) + U16(4) + "sigs";
}

inline std::string EcdheKeyExchangeBody(unsigned curve) {
    return U8(3) + U16(curve) + U8(65) + U8(4) + std::string(64, '\x22') + U16(0x0401) + U16(4) + "sigs";
}

inline std::string Sslv2ServerHelloBytes(const std::vector<std::uint32_t>& specs, std::string_view cert) {
    std::string m = U8(4) + U8(0) + U8(1) + U16(0x0002) + U16(static_cast<unsigned>(cert.size())) +
                    U16(static_cast<unsigned>(specs.size() * 3)) + U16(16);
    m += std::string(cert);
    for (auto s : specs) m += U24(s);
    m += std::string(16, '\x33');
    return U16(0x8000 | static_cast<unsigned>(m.size())) + m;
}

// What a test server needs to know about a ClientHello.
struct ParsedClientHello {
    bool sslv2 = false;
    unsigned record_version = 0;
    unsigned version = 0;  // client_version (SSLv2: the hello's version)
    std::vector<unsigned> suites;         // TLS suites (SSLv2: specs with a zero first byte, as 0xXXYY)
    std::vector<std::uint32_t> sslv2_specs;
    std::vector<unsigned> compression;
    std::vector<std::pair<unsigned, std::string>> extensions;
    std::string server_name;
    std::vector<unsigned> groups;
    std::vector<unsigned> supported_versions;

    bool Offers(unsigned suite) const {
        for (auto s : suites) {
            if (s == suite) return true;
        }
        return false;
    }
    const std::string* Extension(unsigned type) const {
        for (const auto& e : extensions) {
            if (e.first == type) return &e.second;
        }
        return nullptr;
    }
};

// Parses one ClientHello at the start of `in`. nullopt when incomplete (or malformed, which tests do not send).
inline std::optional<ParsedClientHello> ParseClientHello(std::string_view in, std::size_t* consumed = nullptr) {
    auto u8 = [](std::string_view s, std::size_t i) { return static_cast<unsigned>(static_cast<unsigned char>(s[i])); };
    auto u16 = [&](std::string_view s, std::size_t i) { return (u8(s, i) << 8) | u8(s, i + 1); };
    ParsedClientHello h;
    if (in.size() < 5) return std::nullopt;
    if (u8(in, 0) & 0x80) {
        std::size_t len = ((u8(in, 0) & 0x7F) << 8) | u8(in, 1);
        if (in.size() < 2 + len || len < 9) return std::nullopt;
        std::string_view m = in.substr(2, len);
        h.sslv2 = true;
        h.version = u16(m, 1);
        std::size_t specs_len = u16(m, 3);
        for (std::size_t i = 0; i + 3 <= specs_len && 9 + i + 3 <= m.size(); i += 3) {
            std::uint32_t spec = (u8(m, 9 + i) << 16) | (u8(m, 10 + i) << 8) | u8(m, 11 + i);
            h.sslv2_specs.push_back(spec);
            if ((spec >> 16) == 0) h.suites.push_back(spec & 0xFFFF);
        }
        if (consumed) *consumed = 2 + len;
        return h;
    }
    std::size_t rec_len = u16(in, 3);
    if (in.size() < 5 + rec_len) return std::nullopt;
    h.record_version = u16(in, 1);
    std::string_view hs = in.substr(5, rec_len);
    if (hs.size() < 4) return std::nullopt;
    std::string_view b = hs.substr(4);
    std::size_t p = 0;
    h.version = u16(b, p);
    p += 2 + 32;
    p += 1 + u8(b, p);
    std::size_t n = u16(b, p);
    p += 2;
    for (std::size_t i = 0; i < n; i += 2) h.suites.push_back(u16(b, p + i));
    p += n;
    std::size_t c = u8(b, p++);
    for (std::size_t i = 0; i < c; ++i) h.compression.push_back(u8(b, p + i));
    p += c;
    if (p + 2 <= b.size()) {
        std::size_t end = p + 2 + u16(b, p);
        p += 2;
        while (p + 4 <= end && end <= b.size()) {
            unsigned type = u16(b, p);
            std::size_t len = u16(b, p + 2);
            std::string data(b.substr(p + 4, len));
            p += 4 + len;
            if (type == 0 && data.size() > 5) h.server_name = data.substr(5);
            if (type == 0x000A) {
                for (std::size_t i = 2; i + 1 < data.size(); i += 2) h.groups.push_back(u16(data, i));
            }
            if (type == 0x002B) {
                for (std::size_t i = 1; i + 1 < data.size(); i += 2) h.supported_versions.push_back(u16(data, i));
            }
            h.extensions.emplace_back(type, std::move(data));
        }
    }
    if (consumed) *consumed = 5 + rec_len;
    return h;
}

}  // namespace palisade::scan::tls::testing

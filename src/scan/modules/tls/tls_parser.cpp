// SPDX-License-Identifier: Apache-2.0
#include "scan/modules/tls/tls_parser.hpp"

#include <algorithm>

namespace palisade::scan::tls {
namespace {

constexpr std::array<std::uint8_t, 32> kHelloRetryRandom = {
    0xCF, 0x21, 0xAD, 0x74, 0xE5, 0x9A, 0x61, 0x11, 0xBE, 0x1D, 0x8C, 0x02, 0x1E, 0x65, 0xB8, 0x91,
    0xC2, 0xA2, 0x11, 0x16, 0x7A, 0xBB, 0x8C, 0x5E, 0x07, 0x9E, 0x09, 0xE2, 0xC8, 0xA8, 0x33, 0x9C,
};

auto Malformed(std::string message) { return Fail(ErrorCode::kInvalidArgument, std::move(message)); }

// A bounds-checked cursor. Every getter returns false (and reads nothing) when too few bytes are left.
class Cursor {
  public:
    explicit Cursor(std::string_view data) : data_(data) {}
    std::size_t left() const { return data_.size(); }
    bool empty() const { return data_.empty(); }
    bool U8(std::uint8_t& v) {
        if (data_.size() < 1) return false;
        v = static_cast<std::uint8_t>(data_[0]);
        data_.remove_prefix(1);
        return true;
    }
    bool U16(std::uint16_t& v) {
        if (data_.size() < 2) return false;
        v = static_cast<std::uint16_t>((Byte(0) << 8) | Byte(1));
        data_.remove_prefix(2);
        return true;
    }
    bool U24(std::uint32_t& v) {
        if (data_.size() < 3) return false;
        v = (static_cast<std::uint32_t>(Byte(0)) << 16) | (static_cast<std::uint32_t>(Byte(1)) << 8) | Byte(2);
        data_.remove_prefix(3);
        return true;
    }
    bool Bytes(std::size_t n, std::string_view& out) {
        if (data_.size() < n) return false;
        out = data_.substr(0, n);
        data_.remove_prefix(n);
        return true;
    }
    // Length-prefixed vectors: 1-, 2- or 3-byte length, then that many bytes.
    bool Vec8(std::string_view& out) {
        std::uint8_t n = 0;
        return U8(n) && Bytes(n, out);
    }
    bool Vec16(std::string_view& out) {
        std::uint16_t n = 0;
        return U16(n) && Bytes(n, out);
    }
    bool Vec24(std::string_view& out) {
        std::uint32_t n = 0;
        return U24(n) && Bytes(n, out);
    }

  private:
    unsigned Byte(std::size_t i) const { return static_cast<std::uint8_t>(data_[i]); }
    std::string_view data_;
};

// Bit length of a big-endian unsigned integer.
int BitLength(std::string_view number) {
    std::size_t i = 0;
    while (i < number.size() && number[i] == 0) ++i;
    if (i == number.size()) return 0;
    auto top = static_cast<std::uint8_t>(number[i]);
    int bits = 0;
    while (top) {
        ++bits;
        top >>= 1;
    }
    return static_cast<int>((number.size() - i - 1) * 8) + bits;
}

}  // namespace

std::string_view AlertName(std::uint8_t d) {
    switch (d) {
        case 0: return "close_notify";
        case 10: return "unexpected_message";
        case 20: return "bad_record_mac";
        case 21: return "decryption_failed";
        case 22: return "record_overflow";
        case 30: return "decompression_failure";
        case 40: return "handshake_failure";
        case 41: return "no_certificate";
        case 42: return "bad_certificate";
        case 43: return "unsupported_certificate";
        case 44: return "certificate_revoked";
        case 45: return "certificate_expired";
        case 46: return "certificate_unknown";
        case 47: return "illegal_parameter";
        case 48: return "unknown_ca";
        case 49: return "access_denied";
        case 50: return "decode_error";
        case 51: return "decrypt_error";
        case 60: return "export_restriction";
        case 70: return "protocol_version";
        case 71: return "insufficient_security";
        case 80: return "internal_error";
        case 86: return "inappropriate_fallback";
        case 90: return "user_canceled";
        case 100: return "no_renegotiation";
        case 109: return "missing_extension";
        case 110: return "unsupported_extension";
        case 112: return "unrecognized_name";
        case 113: return "bad_certificate_status_response";
        case 115: return "unknown_psk_identity";
        case 116: return "certificate_required";
        case 120: return "no_application_protocol";
        default: return "unknown";
    }
}

bool ServerHello::HasExtension(std::uint16_t type) const {
    return std::any_of(extensions.begin(), extensions.end(), [&](const Extension& e) { return e.type == type; });
}

Result<ServerHello> ParseServerHello(std::string_view body) {
    Cursor c(body);
    ServerHello sh;
    std::string_view random;
    std::string_view session_id;
    if (!c.U16(sh.legacy_version) || !c.Bytes(32, random) || !c.Vec8(session_id) || !c.U16(sh.cipher_suite) ||
        !c.U8(sh.compression_method)) {
        return Malformed("truncated ServerHello");
    }
    if ((sh.legacy_version >> 8) != 3) return Malformed("ServerHello version is not 3.x");
    if (session_id.size() > 32) return Malformed("ServerHello session id longer than 32 bytes");
    std::copy(random.begin(), random.end(), sh.random.begin());
    sh.session_id = std::string(session_id);
    sh.hello_retry_request = sh.random == kHelloRetryRandom;
    if (c.empty()) return sh;
    std::string_view block;
    if (!c.Vec16(block) || !c.empty()) return Malformed("bad ServerHello extension block length");
    sh.has_extension_block = true;
    Cursor e(block);
    while (!e.empty()) {
        std::uint16_t type = 0;
        std::string_view data;
        if (!e.U16(type) || !e.Vec16(data)) return Malformed("truncated ServerHello extension");
        if (sh.HasExtension(type)) return Malformed("duplicate ServerHello extension");
        if (sh.extensions.size() >= 64) return Malformed("too many ServerHello extensions");
        sh.extensions.push_back({type, std::string(data)});
        Cursor d(data);
        switch (type) {
            case 0x002B: {  // supported_versions
                std::uint16_t v = 0;
                if (!d.U16(v) || !d.empty()) return Malformed("bad supported_versions extension");
                sh.supported_version = v;
                break;
            }
            case 0xFF01: {  // renegotiation_info
                std::string_view conn;
                if (!d.Vec8(conn) || !d.empty()) return Malformed("bad renegotiation_info extension");
                sh.renegotiation_info = true;
                sh.renegotiation_info_empty = conn.empty();
                break;
            }
            case 0x000F: {  // heartbeat
                std::uint8_t mode = 0;
                if (!d.U8(mode) || !d.empty()) return Malformed("bad heartbeat extension");
                sh.heartbeat_mode = mode;
                break;
            }
            case 0x0033: {  // key_share: HRR carries the group only, a ServerHello group + key
                std::uint16_t group = 0;
                if (!d.U16(group)) return Malformed("bad key_share extension");
                if (!sh.hello_retry_request) {
                    std::string_view key;
                    if (!d.Vec16(key) || !d.empty()) return Malformed("bad key_share extension");
                } else if (!d.empty()) {
                    return Malformed("bad HelloRetryRequest key_share");
                }
                sh.key_share_group = group;
                break;
            }
            default: break;
        }
    }
    return sh;
}

Result<Sslv2ServerHello> ParseSslv2ServerHello(std::string_view message) {
    Cursor c(message);
    std::uint8_t type = 0;
    std::uint8_t hit = 0;
    Sslv2ServerHello sh;
    std::uint16_t cert_len = 0;
    std::uint16_t specs_len = 0;
    std::uint16_t conn_len = 0;
    if (!c.U8(type) || type != 4) return Malformed("not an SSLv2 SERVER-HELLO");
    if (!c.U8(hit) || !c.U8(sh.certificate_type) || !c.U16(sh.version) || !c.U16(cert_len) || !c.U16(specs_len) ||
        !c.U16(conn_len)) {
        return Malformed("truncated SSLv2 SERVER-HELLO");
    }
    if (specs_len % 3 != 0) return Malformed("SSLv2 cipher specs length not a multiple of 3");
    if (conn_len < 16 || conn_len > 32) return Malformed("bad SSLv2 connection id length");
    std::string_view cert;
    std::string_view specs;
    std::string_view conn;
    if (!c.Bytes(cert_len, cert) || !c.Bytes(specs_len, specs) || !c.Bytes(conn_len, conn)) {
        return Malformed("truncated SSLv2 SERVER-HELLO");
    }
    sh.session_id_hit = hit != 0;
    sh.certificate = std::string(cert);
    sh.connection_id = std::string(conn);
    Cursor s(specs);
    std::uint32_t spec = 0;
    while (s.U24(spec)) sh.cipher_specs.push_back(spec);
    return sh;
}

Result<std::vector<std::string>> ParseCertificateList(std::string_view body) {
    Cursor c(body);
    std::string_view list;
    if (!c.Vec24(list) || !c.empty()) return Malformed("bad Certificate message length");
    std::vector<std::string> certs;
    Cursor l(list);
    while (!l.empty()) {
        std::string_view der;
        if (!l.Vec24(der)) return Malformed("truncated certificate in Certificate message");
        if (der.empty()) return Malformed("empty certificate in Certificate message");
        if (certs.size() >= kMaxCertificates) return Malformed("too many certificates");
        certs.emplace_back(der);
    }
    return certs;
}

Result<ServerKeyExchange> ParseServerKeyExchange(std::string_view body, KeyExchange kx, bool export_grade) {
    Cursor c(body);
    ServerKeyExchange ske;
    if (kx == KeyExchange::kDhePsk || kx == KeyExchange::kEcdhePsk) {
        std::string_view hint;
        if (!c.Vec16(hint)) return Malformed("truncated PSK identity hint");
    }
    switch (kx) {
        case KeyExchange::kDhe:
        case KeyExchange::kDhePsk: {
            std::string_view p;
            std::string_view g;
            std::string_view ys;
            if (!c.Vec16(p) || !c.Vec16(g) || !c.Vec16(ys)) return Malformed("truncated DH parameters");
            if (p.empty() || g.empty() || ys.empty()) return Malformed("empty DH parameter");
            ske.kind = ServerKeyExchange::Kind::kDhe;
            ske.dh_prime_bits = BitLength(p);
            return ske;
        }
        case KeyExchange::kEcdhe:
        case KeyExchange::kEcdhePsk: {
            std::uint8_t curve_type = 0;
            if (!c.U8(curve_type)) return Malformed("truncated ECDH parameters");
            if (curve_type == 3) {
                std::string_view point;
                if (!c.U16(ske.named_curve) || !c.Vec8(point) || point.empty()) {
                    return Malformed("truncated ECDH parameters");
                }
                ske.kind = ServerKeyExchange::Kind::kEcdhe;
                return ske;
            }
            if (curve_type == 1 || curve_type == 2) {
                // explicit_prime: prime p first; explicit_char2: m (uint16) first. The size is all we read.
                ske.kind = ServerKeyExchange::Kind::kEcdheExplicit;
                if (curve_type == 1) {
                    std::string_view prime;
                    if (!c.Vec8(prime) || prime.empty()) return Malformed("truncated explicit curve");
                    ske.explicit_curve_bits = BitLength(prime);
                } else {
                    std::uint16_t m = 0;
                    if (!c.U16(m)) return Malformed("truncated explicit curve");
                    ske.explicit_curve_bits = m;
                }
                return ske;
            }
            return Malformed("unknown ECDH curve type");
        }
        case KeyExchange::kRsa: {
            if (!export_grade) break;
            std::string_view modulus;
            std::string_view exponent;
            if (!c.Vec16(modulus) || !c.Vec16(exponent) || modulus.empty()) {
                return Malformed("truncated RSA export parameters");
            }
            ske.kind = ServerKeyExchange::Kind::kRsaExport;
            ske.rsa_modulus_bits = BitLength(modulus);
            return ske;
        }
        default: break;
    }
    ske.kind = ServerKeyExchange::Kind::kOther;
    return ske;
}

ServerFlightReader::ServerFlightReader(StopAt stop_at, std::size_t max_flight_bytes)
    : stop_at_(stop_at), max_flight_bytes_(max_flight_bytes) {}

bool ServerFlightReader::Done() const {
    if (failed_) return true;
    if (flight_.alert || flight_.heartbeat_seen || flight_.sslv2_hello || flight_.sslv2_error) return true;
    if (continued_) return false;
    if (const auto& sh = flight_.server_hello) {
        if (sh->hello_retry_request || sh->NegotiatedVersion() == 0x0304) return true;
        if (stop_at_ == StopAt::kServerHello) return true;
    }
    return flight_.server_hello_done;
}

Status ServerFlightReader::Feed(std::string_view bytes) {
    if (failed_) return Malformed("reader already failed");
    if (buffer_.size() + bytes.size() > max_flight_bytes_ + kMaxRecordLength + 5) {
        failed_ = true;
        return Malformed("server answer larger than the flight cap");
    }
    buffer_.append(bytes);
    Status status = ParseRecords();
    if (!status) failed_ = true;
    return status;
}

Status ServerFlightReader::ParseSslv2() {
    while (buffer_.size() >= 2) {
        auto b0 = static_cast<std::uint8_t>(buffer_[0]);
        auto b1 = static_cast<std::uint8_t>(buffer_[1]);
        if ((b0 & 0x80) == 0) return Malformed("SSLv2 record without a 2-byte header");
        std::size_t length = (static_cast<std::size_t>(b0 & 0x7F) << 8) | b1;
        if (length == 0) return Malformed("empty SSLv2 record");
        if (buffer_.size() < 2 + length) return Ok();
        std::string_view message(buffer_.data() + 2, length);
        auto type = static_cast<std::uint8_t>(message[0]);
        if (type == 0) {  // ERROR
            if (length < 3) return Malformed("truncated SSLv2 ERROR");
            flight_.sslv2_error = static_cast<std::uint16_t>((static_cast<std::uint8_t>(message[1]) << 8) |
                                                             static_cast<std::uint8_t>(message[2]));
        } else if (type == 4) {
            auto hello = ParseSslv2ServerHello(message);
            if (!hello) return tl::unexpected(hello.error());
            flight_.sslv2_hello = std::move(*hello);
        } else {
            return Malformed("unexpected SSLv2 message type");
        }
        buffer_.erase(0, 2 + length);
        if (Done()) return Ok();
    }
    return Ok();
}

Status ServerFlightReader::ParseRecords() {
    if (!decided_) {
        if (buffer_.empty()) return Ok();
        auto b0 = static_cast<std::uint8_t>(buffer_[0]);
        decided_ = true;
        // A TLS record starts with a content type 20..24; an SSLv2 2-byte header has the top bit set.
        if (b0 & 0x80) {
            flight_.sslv2 = true;
        } else if (b0 < 20 || b0 > 24) {
            return Malformed("not a TLS record");
        }
    }
    if (flight_.sslv2) return ParseSslv2();
    while (buffer_.size() >= 5) {
        auto type = static_cast<std::uint8_t>(buffer_[0]);
        auto major = static_cast<std::uint8_t>(buffer_[1]);
        auto minor = static_cast<std::uint8_t>(buffer_[2]);
        std::size_t length = (static_cast<std::size_t>(static_cast<std::uint8_t>(buffer_[3])) << 8) |
                             static_cast<std::uint8_t>(buffer_[4]);
        if (type < 20 || type > 24) return Malformed("bad TLS record content type");
        if (major != 3 || minor > 4) return Malformed("bad TLS record version");
        if (length > kMaxRecordLength) return Malformed("TLS record longer than 2^14+2048");
        if (!flight_.record_version) flight_.record_version = static_cast<std::uint16_t>((major << 8) | minor);
        if (type == static_cast<std::uint8_t>(ContentType::kHeartbeat)) {
            // Any heartbeat record is the answer the Heartbleed probe looks for; its body is not needed.
            flight_.heartbeat_seen = true;
            buffer_.clear();
            return Ok();
        }
        if (buffer_.size() < 5 + length) return Ok();
        std::string_view fragment(buffer_.data() + 5, length);
        switch (static_cast<ContentType>(type)) {
            case ContentType::kAlert: {
                if (flight_.tls13_encrypted) break;  // an encrypted alert
                if (length < 2) return Malformed("truncated alert");
                if (!flight_.alert) {
                    flight_.alert = Alert{static_cast<std::uint8_t>(fragment[0]), static_cast<std::uint8_t>(fragment[1])};
                }
                break;
            }
            case ContentType::kHandshake: {
                if (flight_.tls13_encrypted) break;
                if (length == 0) return Malformed("empty handshake record");
                if (auto s = HandleHandshake(fragment); !s) return s;
                break;
            }
            case ContentType::kChangeCipherSpec:
                if (length != 1 || fragment[0] != 1) return Malformed("bad ChangeCipherSpec");
                break;
            case ContentType::kApplicationData:
                if (!flight_.server_hello) return Malformed("application data before the ServerHello");
                break;
            case ContentType::kHeartbeat: break;
        }
        buffer_.erase(0, 5 + length);
        if (Done()) return Ok();
    }
    return Ok();
}

Status ServerFlightReader::HandleHandshake(std::string_view fragment) {
    handshake_total_ += fragment.size();
    if (handshake_total_ > max_flight_bytes_) return Malformed("handshake flight larger than the cap");
    handshake_.append(fragment);
    while (handshake_.size() >= 4) {
        auto type = static_cast<std::uint8_t>(handshake_[0]);
        std::size_t length = (static_cast<std::size_t>(static_cast<std::uint8_t>(handshake_[1])) << 16) |
                             (static_cast<std::size_t>(static_cast<std::uint8_t>(handshake_[2])) << 8) |
                             static_cast<std::uint8_t>(handshake_[3]);
        if (length > max_flight_bytes_) return Malformed("handshake message longer than the cap");
        if (handshake_.size() < 4 + length) return Ok();
        std::string body = handshake_.substr(4, length);
        handshake_.erase(0, 4 + length);
        if (auto s = HandleMessage(type, body); !s) return s;
        if (flight_.tls13_encrypted) {
            handshake_.clear();
            return Ok();
        }
    }
    return Ok();
}

Status ServerFlightReader::HandleMessage(std::uint8_t type, std::string_view body) {
    switch (static_cast<HandshakeType>(type)) {
        case HandshakeType::kHelloRequest: return Ok();
        case HandshakeType::kServerHello: {
            if (flight_.server_hello) return Malformed("second ServerHello");
            auto sh = ParseServerHello(body);
            if (!sh) return tl::unexpected(sh.error());
            flight_.server_hello = std::move(*sh);
            if (flight_.server_hello->NegotiatedVersion() == 0x0304 && !flight_.server_hello->hello_retry_request) {
                flight_.tls13_encrypted = true;
            }
            return Ok();
        }
        default: break;
    }
    if (!flight_.server_hello) return Malformed("handshake message before the ServerHello");
    switch (static_cast<HandshakeType>(type)) {
        case HandshakeType::kCertificate: {
            if (flight_.certificate_seen) return Malformed("second Certificate message");
            auto certs = ParseCertificateList(body);
            if (!certs) return tl::unexpected(certs.error());
            flight_.certificate_seen = true;
            flight_.certificates = std::move(*certs);
            return Ok();
        }
        case HandshakeType::kServerKeyExchange: {
            if (flight_.server_key_exchange) return Malformed("second ServerKeyExchange");
            const CipherSuite* suite = FindCipherSuite(flight_.server_hello->cipher_suite);
            if (suite == nullptr) {
                flight_.server_key_exchange = ServerKeyExchange{};
                return Ok();
            }
            auto ske = ParseServerKeyExchange(body, suite->kx, suite->export_grade);
            if (!ske) return tl::unexpected(ske.error());
            flight_.server_key_exchange = *ske;
            return Ok();
        }
        case HandshakeType::kServerHelloDone:
            if (!body.empty()) return Malformed("ServerHelloDone with a body");
            flight_.server_hello_done = true;
            return Ok();
        default: return Ok();  // CertificateRequest, CertificateStatus, ...: not needed
    }
}

}  // namespace palisade::scan::tls

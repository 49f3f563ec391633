// SPDX-License-Identifier: Apache-2.0
// A client TLS connection (OpenSSL 3) over a connected scan::Conn: the handshake a scanner does to fetch a
// certificate chain, see what was negotiated, or speak a protocol inside TLS. The SSL object runs non-blocking on
// the Conn's socket and waits through Conn::WaitReadable/WaitWritable, so every call has a deadline and stops when
// the Conn's CancelToken stops. Security level 0 by default: a scanner must be able to talk to weak servers.
// Bytes go through send(MSG_NOSIGNAL), so a peer that closes cannot raise SIGPIPE. Not thread-safe; movable.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "scan/probe/conn.hpp"

namespace palisade::scan {

struct TlsClientOptions {
    std::string sni;                       // empty: no SNI (an IP literal is never sent as SNI)
    bool verify = false;                   // verify chain + host name (sni) during the handshake
    std::string ca_file;                   // extra trust anchors (PEM) when verify
    int min_version = 0, max_version = 0;  // TLS1_VERSION.. TLS1_3_VERSION; 0 = library default range
    std::string cipher_list;               // TLS <= 1.2 (OpenSSL names); empty = "ALL:COMPLEMENTOFALL:@SECLEVEL=0"
    std::string ciphersuites;              // TLS 1.3; empty = OpenSSL default
    std::string groups;                    // empty = default
    bool request_ocsp = false;             // send status_request
    std::vector<std::string> alpn;
};

class TlsConn {
  public:
    TlsConn();
    ~TlsConn();
    TlsConn(TlsConn&& other) noexcept;
    TlsConn& operator=(TlsConn&& other) noexcept;
    TlsConn(const TlsConn&) = delete;
    TlsConn& operator=(const TlsConn&) = delete;

    // Takes ownership of a connected Conn; performs the handshake within `timeout` (stops with the Conn's token).
    // Errors: kUnavailable "handshake failure: <OpenSSL reason>" (alerts, no shared cipher or version, verification
    // failure "handshake failure: certificate verify failed: <X509 reason>", the peer closing), kTimeout (timed
    // out or cancelled), kInvalidArgument for options OpenSSL rejects (unknown cipher names or groups).
    static Result<TlsConn> Handshake(Conn conn, const TlsClientOptions& options, Millis timeout);

    // Sends every byte within `timeout`. kTimeout, kUnavailable when the peer closed or the session failed.
    Status SendAll(std::string_view data, Millis timeout);
    // Appends at most `max_bytes` decrypted bytes to `out`, waiting up to `timeout` for the first. Returns the count,
    // 0 when the peer closed (close_notify or TCP close). kTimeout when nothing arrived, kUnavailable on errors.
    Result<std::size_t> ReadSome(std::string& out, std::size_t max_bytes, Millis timeout);

    std::vector<std::string> PeerChainDer() const;  // as sent by the server, leaf first
    std::string Protocol() const;                   // "TLSv1.2"
    std::string CipherName() const;                 // OpenSSL name
    std::string CipherStandardName() const;         // IANA name
    int CipherBits() const;                         // symmetric strength (secret bits)
    std::string Group() const;                      // negotiated key-exchange group ("X25519", "prime256v1", "ffdhe2048"), when known
    int EphemeralKeyBits() const;                   // server temp key bits (DH/ECDH), 0 if none
    std::string EphemeralKeyType() const;           // "ECDH", "DH", "X25519", "X448"; empty if none
    bool OcspStapled() const;                       // the server stapled an OCSP response
    std::string OcspResponseDer() const;            // the stapled response, empty if none
    std::string Alpn() const;                       // selected protocol, empty if none
    long VerifyResult() const;                      // X509_V_OK when verified
    bool SecureRenegotiation() const;               // SSL_get_secure_renegotiation_support
    bool Compression() const;                       // a compression method was negotiated
    bool is_open() const;
    // Sends close_notify (without waiting for the answer) and closes the socket. Idempotent.
    void Close();

  private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace palisade::scan

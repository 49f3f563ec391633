// SPDX-License-Identifier: Apache-2.0
// Loopback TLS servers for scanner tests.
//
// TlsServer: a real OpenSSL 3 server on 127.0.0.1 (port 0, so the kernel picks one) with the knobs a TLS scanner
// probes: protocol range (TLS 1.0..1.3, security level 0 so old protocols and weak suites still work), TLS 1.2
// cipher list, TLS 1.3 suites, groups, server cipher preference, certificate chain (and whether the intermediate is
// sent), OCSP stapling, renegotiation policy, and what happens after the handshake (echo, a scripted HTTP answer,
// or close). One accept thread plus one thread per connection; any number of sequential and concurrent clients.
// Clients that abort the handshake (as scanners do) are normal. Stop() (or the destructor) closes everything and
// joins every thread.
//
// RawTlsServer: a TCP server for wire-level imitation (SSLv2/SSLv3 or Heartbleed-vulnerable servers that OpenSSL 3
// cannot be): each connection's received bytes go to a caller callback, which answers with bytes and/or a close.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "support/tls/test_pki.hpp"

namespace palisade::testing {

enum class AfterHandshake {
    kEcho,   // echo application data until the client closes (renegotiation requests are processed meanwhile)
    kHttp,   // read one request (up to the blank line), send http_response, close
    kClose,  // send close_notify and close at once
};

struct TlsServerOptions {
    IssuedCert cert;                 // leaf (cert_pem + key_pem) and, in chain_pem, the intermediate
    bool send_chain = true;          // send cert.chain_pem after the leaf
    int min_version = 0;             // TLS1_VERSION ..; 0 = lowest the library supports
    int max_version = 0;             // .. TLS1_3_VERSION; 0 = highest
    std::string cipher_list = "ALL:COMPLEMENTOFALL:@SECLEVEL=0";  // TLS <= 1.2; security level 0 unless it sets one
    std::string ciphersuites;        // TLS 1.3; empty = OpenSSL default
    std::string groups;              // e.g. "P-256:X25519"; empty = default
    bool server_preference = false;  // SSL_OP_CIPHER_SERVER_PREFERENCE
    std::string ocsp_response_der;   // stapled when the client sends status_request; empty = no stapling
    bool allow_renegotiation = true; // false sets SSL_OP_NO_RENEGOTIATION
    bool allow_legacy_renegotiation = false;  // SSL_OP_ALLOW_UNSAFE_LEGACY_RENEGOTIATION
    std::vector<std::string> alpn;   // protocols the server accepts (first client match wins); empty = no ALPN
    std::string dh_group;            // TLS <= 1.2 DHE group: "" = automatic, or "ffdhe2048", "ffdhe3072", ...
    AfterHandshake after = AfterHandshake::kEcho;
    std::string http_response =
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";  // for kHttp
};

// One completed handshake, as the server saw it.
struct ServerHandshake {
    std::string sni;       // empty when the client sent none
    std::string protocol;  // "TLSv1.2"
    std::string cipher;    // OpenSSL name
    bool status_requested = false;  // the client asked for OCSP stapling
};

class TlsServer {
  public:
    // Starts listening; aborts the test binary if the options cannot be applied (bad cipher string, bad key).
    explicit TlsServer(TlsServerOptions options);
    ~TlsServer();
    TlsServer(const TlsServer&) = delete;
    TlsServer& operator=(const TlsServer&) = delete;

    std::uint16_t port() const { return port_; }
    // Closes the listener and every open connection, joins all threads. Idempotent.
    void Stop();

    std::size_t accepted() const;  // TCP connections accepted (counted when accept() returns)
    std::size_t handshakes() const { return handshakes_.load(); }  // handshakes completed
    std::size_t handshake_failures() const { return failures_.load(); }
    // The completed handshakes so far, in order. The server records a handshake after the client may already have
    // finished its side (TLS 1.3), so tests that count them wait first with WaitForHandshakes().
    std::vector<ServerHandshake> Handshakes() const;
    // Waits until at least `count` handshakes completed on the server side; false after `timeout`.
    bool WaitForHandshakes(std::size_t count, std::chrono::milliseconds timeout = std::chrono::seconds(5)) const;

  private:
    struct Impl;
    void Serve(int fd);

    std::unique_ptr<Impl> impl_;
    std::uint16_t port_ = 0;
    std::atomic<std::size_t> handshakes_{0}, failures_{0};
};

// What a RawTlsServer callback sees: everything the client sent since the last answer (on this connection).
struct RawExchange {
    std::string_view received;
    std::size_t connection = 0;  // 0-based index of the connection
    std::size_t exchange = 0;    // 0 for the first answer on this connection
};

struct RawReply {
    std::string send;    // bytes to send (may be empty)
    bool close = false;  // close after sending
    // Wait for more bytes before answering (the callback is called again with the longer buffer). `send` and
    // `close` are ignored when set.
    bool need_more = false;
};

class RawTlsServer {
  public:
    using Handler = std::function<RawReply(const RawExchange&)>;

    // `handler` runs on the connection's thread (one thread per connection; it must be thread-safe if connections
    // overlap). A connection also closes when the client closes or after `idle_ms` without bytes.
    explicit RawTlsServer(Handler handler, int idle_ms = 5000);
    ~RawTlsServer();
    RawTlsServer(const RawTlsServer&) = delete;
    RawTlsServer& operator=(const RawTlsServer&) = delete;

    std::uint16_t port() const { return port_; }
    void Stop();
    std::size_t accepted() const;  // TCP connections accepted (counted when accept() returns)

  private:
    struct Impl;
    void Serve(int fd, std::size_t index);

    std::unique_ptr<Impl> impl_;
    Handler handler_;
    int idle_ms_;
    std::uint16_t port_ = 0;
};

}  // namespace palisade::testing

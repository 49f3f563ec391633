// SPDX-License-Identifier: Apache-2.0
// A small blocking WebSocket client for loopback tests (Boost.Beast underneath; Beast stays out of this header).
// Every call has a deadline. After a timed-out call the client is broken (IsOpen() false): tests treat a timeout
// as a failure, so nothing needs to survive one. Not thread-safe: one thread per client.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "support/http_client.hpp"

namespace palisade::testing {

class WsClient {
  public:
    struct Options {
        Headers headers;                        // extra handshake headers (Authorization, Cookie, Origin, ...)
        std::vector<std::string> subprotocols;  // sent as one Sec-WebSocket-Protocol header, in order
        std::string target = "/api/v1/ws";
        std::chrono::milliseconds timeout{5000};  // connect + handshake
        bool tls = false;  // wss: TLS first, without certificate verification (throwaway test certificates)
    };

    WsClient();
    ~WsClient();
    WsClient(const WsClient&) = delete;
    WsClient& operator=(const WsClient&) = delete;

    // Connects to 127.0.0.1:`port` and performs the opening handshake. True on 101. Otherwise false, with the
    // server's answer in Status(), ResponseHeader() and ResponseBody() (Status() 0 when there was no answer; see
    // Error()). The 101's headers are in ResponseHeader() too.
    bool ConnectWith(std::uint16_t port, const Options& options);
    bool Connect(std::uint16_t port, const Headers& headers = {});  // ConnectWith() with just `headers`

    int Status() const;
    std::string ResponseHeader(std::string_view name) const;  // first value, "" when absent
    const std::string& ResponseBody() const;
    const std::string& Error() const;  // the last transport error, for assertion messages

    // One text (or binary) message. False when the connection is not open or the write failed.
    bool Send(std::string_view text);
    bool SendBinary(std::string_view bytes);
    // The next message; nullopt when the server closed (CloseCode()), the connection failed, or `timeout` passed.
    std::optional<std::string> Read(std::chrono::milliseconds timeout = std::chrono::milliseconds(5000));
    // Reads until a message containing `needle` arrives (others are discarded), within `timeout` overall.
    std::optional<std::string> ReadUntil(std::string_view needle,
                                         std::chrono::milliseconds timeout = std::chrono::milliseconds(5000));
    // Sends a close frame with `code` and waits (bounded) for the server's answer. True when both were exchanged.
    bool Close(std::uint16_t code = 1000);

    bool IsOpen() const;
    // The code and reason of the server's close frame once Read() returned nullopt because of it; 0 and "" when
    // no close frame came (still open, or the TCP connection ended without one: 1006 in browser terms).
    int CloseCode() const;
    std::string CloseReason() const;

    // Convenience for the /api/v1/ws protocol: sends {"op":"subscribe","topic":T[,"after_seq":N]}.
    bool Subscribe(std::string_view topic, std::optional<std::int64_t> after_seq = std::nullopt);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace palisade::testing

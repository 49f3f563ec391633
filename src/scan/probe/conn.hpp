// SPDX-License-Identifier: Apache-2.0
// A blocking TCP connection for protocol dialogues (service probes, TLS handshakes, banner reads). Every call has a
// deadline and stops early when the CancelToken stops: the socket is non-blocking underneath and waits in poll()
// slices of at most 200 ms, checking the token between slices. Reads are capped by the caller's byte limit, so a
// server that talks forever cannot grow memory. Not thread-safe; one connection belongs to one thread at a time.
#pragma once

#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "scan/engine/cancel.hpp"
#include "scan/engine/target.hpp"

namespace palisade::scan {

using Millis = std::chrono::milliseconds;

class Conn {
  public:
    Conn() = default;
    ~Conn();
    Conn(Conn&& other) noexcept;
    Conn& operator=(Conn&& other) noexcept;
    Conn(const Conn&) = delete;
    Conn& operator=(const Conn&) = delete;

    // Connects within `timeout`, after the token's per-host pacing (--rate) allows a new connection. Errors: kUnavailable "connection refused" (RST), kTimeout (no answer: filtered),
    // kUnavailable with the errno text otherwise, kTimeout "cancelled" when the token stopped.
    static Result<Conn> Connect(const Address& address, std::uint16_t port, Millis timeout, const CancelToken& cancel);

    // Sends every byte or fails (kTimeout, kUnavailable "connection closed by peer").
    Status SendAll(std::string_view data, Millis timeout);

    // Reads what is available, waiting up to `timeout` for the first byte. Returns the bytes appended to `out`
    // (at most `max_bytes`), 0 on orderly close by the peer. Errors: kTimeout when nothing arrived, kUnavailable on
    // reset.
    Result<std::size_t> ReadSome(std::string& out, std::size_t max_bytes, Millis timeout);

    // Reads until `done(buffer)` is true, the peer closes, `max_bytes` are held, or `timeout` passes (the whole
    // call, not per read). Returns what was read; an empty buffer with kTimeout when nothing came at all.
    template <typename Pred>
    Result<std::string> ReadUntil(Pred done, std::size_t max_bytes, Millis timeout);

    // Waits until the socket is readable / writable (for driving OpenSSL on a non-blocking fd). kTimeout when not.
    Status WaitReadable(Millis timeout);
    Status WaitWritable(Millis timeout);

    int fd() const { return fd_; }
    bool is_open() const { return fd_ >= 0; }
    const CancelToken& cancel() const { return cancel_; }
    // Closes with SO_LINGER 0 (a reset, as scanners do) unless `graceful`.
    void Close(bool graceful = false);

  private:
    Status Wait(short events, Millis timeout);

    int fd_ = -1;
    CancelToken cancel_;
};

template <typename Pred>
Result<std::string> Conn::ReadUntil(Pred done, std::size_t max_bytes, Millis timeout) {
    using Clock = std::chrono::steady_clock;
    const auto deadline = Clock::now() + timeout;
    std::string buffer;
    while (buffer.size() < max_bytes && !done(buffer)) {
        auto left = std::chrono::duration_cast<Millis>(deadline - Clock::now());
        if (left.count() <= 0) break;
        auto n = ReadSome(buffer, max_bytes - buffer.size(), left);
        if (!n) {
            if (buffer.empty()) return tl::unexpected(n.error());
            break;
        }
        if (*n == 0) break;
    }
    if (buffer.empty() && !done(buffer)) {
        return Fail(ErrorCode::kTimeout, "no data before the timeout or close");
    }
    return buffer;
}

}  // namespace palisade::scan

// SPDX-License-Identifier: Apache-2.0
#include "scan/probe/conn.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace palisade::scan {
namespace {

using Clock = std::chrono::steady_clock;
constexpr Millis kSlice{200};

std::string ErrnoText(int err) { return std::strerror(err); }

}  // namespace

Conn::~Conn() { Close(); }

Conn::Conn(Conn&& other) noexcept : fd_(other.fd_), cancel_(std::move(other.cancel_)) { other.fd_ = -1; }

Conn& Conn::operator=(Conn&& other) noexcept {
    if (this != &other) {
        Close();
        fd_ = other.fd_;
        cancel_ = std::move(other.cancel_);
        other.fd_ = -1;
    }
    return *this;
}

void Conn::Close(bool graceful) {
    if (fd_ < 0) return;
    if (!graceful) {
        linger l{1, 0};
        ::setsockopt(fd_, SOL_SOCKET, SO_LINGER, &l, sizeof l);
    }
    ::close(fd_);
    fd_ = -1;
}

Status Conn::Wait(short events, Millis timeout) {
    const auto deadline = Clock::now() + timeout;
    for (;;) {
        if (cancel_.Stopped()) return Fail(ErrorCode::kTimeout, "cancelled");
        auto left = std::chrono::duration_cast<Millis>(deadline - Clock::now());
        if (left.count() <= 0) return Fail(ErrorCode::kTimeout, "timed out");
        pollfd p{fd_, events, 0};
        int rc = ::poll(&p, 1, static_cast<int>(std::min(left, kSlice).count()));
        if (rc < 0) {
            if (errno == EINTR) continue;
            return Fail(ErrorCode::kUnavailable, "poll failed", ErrnoText(errno));
        }
        if (rc > 0) return Ok();  // ready, or an error/hang-up that the next call reports
    }
}

Status Conn::WaitReadable(Millis timeout) { return Wait(POLLIN, timeout); }
Status Conn::WaitWritable(Millis timeout) { return Wait(POLLOUT, timeout); }

Result<Conn> Conn::Connect(const Address& address, std::uint16_t port, Millis timeout, const CancelToken& cancel) {
    Conn conn;
    conn.cancel_ = cancel;
    if (!cancel.PaceConnection(address.ToString())) return Fail(ErrorCode::kTimeout, "cancelled");
    sockaddr_storage storage{};
    socklen_t length = 0;
    int family = address.is_v4 ? AF_INET : AF_INET6;
    if (address.is_v4) {
        auto* sin = reinterpret_cast<sockaddr_in*>(&storage);
        sin->sin_family = AF_INET;
        sin->sin_port = htons(port);
        std::memcpy(&sin->sin_addr, address.bytes.data() + 12, 4);
        length = sizeof(sockaddr_in);
    } else {
        auto* sin6 = reinterpret_cast<sockaddr_in6*>(&storage);
        sin6->sin6_family = AF_INET6;
        sin6->sin6_port = htons(port);
        std::memcpy(&sin6->sin6_addr, address.bytes.data(), 16);
        length = sizeof(sockaddr_in6);
    }
    conn.fd_ = ::socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (conn.fd_ < 0) return Fail(ErrorCode::kUnavailable, "cannot create a socket", ErrnoText(errno));
    int one = 1;
    ::setsockopt(conn.fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (::connect(conn.fd_, reinterpret_cast<sockaddr*>(&storage), length) == 0) return conn;
    if (errno != EINPROGRESS) {
        int err = errno;
        if (err == ECONNREFUSED) return Fail(ErrorCode::kUnavailable, "connection refused");
        return Fail(ErrorCode::kUnavailable, "connect failed: " + ErrnoText(err));
    }
    if (auto waited = conn.Wait(POLLOUT, timeout); !waited) return tl::unexpected(waited.error());
    int err = 0;
    socklen_t err_len = sizeof err;
    ::getsockopt(conn.fd_, SOL_SOCKET, SO_ERROR, &err, &err_len);
    if (err == ECONNREFUSED) return Fail(ErrorCode::kUnavailable, "connection refused");
    if (err != 0) return Fail(ErrorCode::kUnavailable, "connect failed: " + ErrnoText(err));
    return conn;
}

Status Conn::SendAll(std::string_view data, Millis timeout) {
    if (fd_ < 0) return Fail(ErrorCode::kUnavailable, "connection closed");
    const auto deadline = Clock::now() + timeout;
    while (!data.empty()) {
        ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
        if (n > 0) {
            data.remove_prefix(static_cast<std::size_t>(n));
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            auto left = std::chrono::duration_cast<Millis>(deadline - Clock::now());
            if (auto waited = Wait(POLLOUT, left); !waited) return waited;
            continue;
        }
        return Fail(ErrorCode::kUnavailable, "connection closed by peer", n < 0 ? ErrnoText(errno) : "");
    }
    return Ok();
}

Result<std::size_t> Conn::ReadSome(std::string& out, std::size_t max_bytes, Millis timeout) {
    if (fd_ < 0) return Fail(ErrorCode::kUnavailable, "connection closed");
    if (max_bytes == 0) return std::size_t{0};
    char buffer[16384];
    for (;;) {
        ssize_t n = ::recv(fd_, buffer, std::min(sizeof buffer, max_bytes), 0);
        if (n >= 0) {
            out.append(buffer, static_cast<std::size_t>(n));
            return static_cast<std::size_t>(n);
        }
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
            if (auto waited = Wait(POLLIN, timeout); !waited) return tl::unexpected(waited.error());
            // Only the first wait uses the whole timeout; a readable socket returns at once.
            continue;
        }
        if (errno == ECONNRESET) return Fail(ErrorCode::kUnavailable, "connection reset by peer");
        return Fail(ErrorCode::kUnavailable, "read failed: " + ErrnoText(errno));
    }
}

}  // namespace palisade::scan

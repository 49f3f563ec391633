// SPDX-License-Identifier: Apache-2.0
#include "support/http/http_fixture.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace palisade::testing {
namespace {

[[noreturn]] void Die(const char* what) {
    std::perror(what);
    std::abort();
}

std::string Lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

std::string_view Trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

bool SendAll(int fd, std::string_view data) {
    while (!data.empty()) {
        ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
        if (n <= 0) return false;
        data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

}  // namespace

std::string HttpRequestRecord::Header(std::string_view name) const {
    std::string lower = Lower(name);
    for (const auto& [k, v] : headers) {
        if (Lower(k) == lower) return v;
    }
    return {};
}

ScriptedResponse ScriptedResponse::Html(std::string body, std::vector<std::pair<std::string, std::string>> headers) {
    ScriptedResponse r;
    r.headers = {{"Content-Type", "text/html; charset=utf-8"}};
    r.headers.insert(r.headers.end(), headers.begin(), headers.end());
    r.body = std::move(body);
    return r;
}

ScriptedResponse ScriptedResponse::Redirect(int status, std::string location) {
    ScriptedResponse r;
    r.status = status;
    r.reason = "Moved";
    r.headers = {{"Location", std::move(location)}};
    return r;
}

std::string SerializeResponse(const ScriptedResponse& r) {
    std::string out = "HTTP/1.1 " + std::to_string(r.status) + " " + r.reason + "\r\n";
    for (const auto& [k, v] : r.headers) out += k + ": " + v + "\r\n";
    out += "Content-Length: " + std::to_string(r.body.size()) + "\r\nConnection: close\r\n\r\n";
    out += r.body;
    return out;
}

HttpFixture::HttpFixture() {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listen_fd_ < 0) Die("socket");
    int one = 1;
    ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) Die("bind");
    if (::listen(listen_fd_, 64) != 0) Die("listen");
    socklen_t len = sizeof addr;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    acceptor_ = std::thread([this] { AcceptLoop(); });
}

HttpFixture::~HttpFixture() { Stop(); }

std::string HttpFixture::Url(std::string_view path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + std::string(path);
}

void HttpFixture::Route(std::string path, ScriptedResponse response, std::string method) {
    std::lock_guard lock(mutex_);
    routes_[{std::move(method), std::move(path)}] = std::move(response);
}

void HttpFixture::SetHandler(Handler handler) {
    std::lock_guard lock(mutex_);
    handler_ = std::move(handler);
}

std::vector<HttpRequestRecord> HttpFixture::Requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
}

void HttpFixture::Stop() {
    if (stop_.exchange(true)) return;
    if (acceptor_.joinable()) acceptor_.join();
    std::vector<std::thread> threads;
    {
        std::lock_guard lock(mutex_);
        for (int fd : open_fds_) ::shutdown(fd, SHUT_RDWR);
        threads = std::move(threads_);
    }
    for (auto& t : threads) t.join();
    if (listen_fd_ >= 0) ::close(listen_fd_);
    listen_fd_ = -1;
}

void HttpFixture::AcceptLoop() {
    while (!stop_.load()) {
        pollfd p{listen_fd_, POLLIN, 0};
        if (::poll(&p, 1, 50) <= 0) continue;
        int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) continue;
        ++accepted_;
        std::lock_guard lock(mutex_);
        open_fds_.push_back(fd);
        threads_.emplace_back([this, fd] { Serve(fd); });
    }
}

ScriptedResponse HttpFixture::Answer(const HttpRequestRecord& request) const {
    std::lock_guard lock(mutex_);
    if (auto it = routes_.find({request.method, request.path}); it != routes_.end()) return it->second;
    if (auto it = routes_.find({std::string(), request.path}); it != routes_.end()) return it->second;
    if (handler_) return handler_(request);
    ScriptedResponse r;
    r.status = 404;
    r.reason = "Not Found";
    r.headers = {{"Content-Type", "text/plain"}};
    r.body = "not found";
    return r;
}

void HttpFixture::ReadBody(int fd, HttpRequestRecord& record, std::string_view already_read) {
    constexpr std::size_t kMaxBody = 1 << 20;
    const std::string length_text = record.Header("Content-Length");
    if (length_text.empty()) return;
    std::size_t length = 0;
    for (char c : length_text) {
        if (c < '0' || c > '9' || length > kMaxBody) return;  // malformed or too large: no body
        length = length * 10 + static_cast<std::size_t>(c - '0');
    }
    if (length > kMaxBody) return;
    record.body = std::string(already_read.substr(0, length));
    if (record.body.size() < length && Lower(record.Header("Expect")) == "100-continue") {
        SendAll(fd, "HTTP/1.1 100 Continue\r\n\r\n");
    }
    char chunk[4096];
    int idle_polls = 0;  // gives up after 10 s without a byte
    while (record.body.size() < length && !stop_.load() && idle_polls < 200) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 50) <= 0) {
            ++idle_polls;
            continue;
        }
        idle_polls = 0;
        ssize_t n = ::recv(fd, chunk, std::min(sizeof chunk, length - record.body.size()), 0);
        if (n <= 0) break;
        record.body.append(chunk, static_cast<std::size_t>(n));
    }
}

void HttpFixture::Serve(int fd) {
    std::string buffer;
    char chunk[4096];
    while (buffer.find("\r\n\r\n") == std::string::npos && buffer.size() < 65536 && !stop_.load()) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 50) <= 0) continue;
        ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
        if (n <= 0) break;
        buffer.append(chunk, static_cast<std::size_t>(n));
    }
    std::size_t end = buffer.find("\r\n\r\n");
    if (end != std::string::npos) {
        HttpRequestRecord record;
        std::string_view head(buffer.data(), end);
        std::size_t line_end = head.find("\r\n");
        std::string_view request_line = head.substr(0, line_end);
        std::size_t sp1 = request_line.find(' ');
        std::size_t sp2 = request_line.find(' ', sp1 + 1);
        record.method = std::string(request_line.substr(0, sp1));
        if (sp1 != std::string_view::npos) record.target = std::string(request_line.substr(sp1 + 1, sp2 - sp1 - 1));
        record.path = record.target.substr(0, record.target.find('?'));
        std::size_t pos = line_end == std::string_view::npos ? head.size() : line_end + 2;
        while (pos < head.size()) {
            std::size_t e = head.find("\r\n", pos);
            std::string_view line = head.substr(pos, e == std::string_view::npos ? std::string_view::npos : e - pos);
            std::size_t colon = line.find(':');
            if (colon != std::string_view::npos) {
                record.headers.emplace_back(std::string(Trim(line.substr(0, colon))),
                                            std::string(Trim(line.substr(colon + 1))));
            }
            if (e == std::string_view::npos) break;
            pos = e + 2;
        }
        if (std::size_t q = record.target.find('?'); q != std::string::npos) record.query = record.target.substr(q + 1);
        ReadBody(fd, record, std::string_view(buffer).substr(end + 4));
        {
            std::lock_guard lock(mutex_);
            requests_.push_back(record);
        }
        ScriptedResponse r = Answer(record);
        switch (r.mode) {
            case HttpMode::kRespond:
                SendAll(fd, SerializeResponse(r));
                break;
            case HttpMode::kSilent:
                while (!stop_.load()) {
                    pollfd p{fd, POLLIN, 0};
                    if (::poll(&p, 1, 50) > 0) {
                        ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
                        if (n <= 0) break;  // the client gave up
                    }
                }
                break;
            case HttpMode::kEndless: {
                if (!SendAll(fd, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n")) break;
                std::string block(16384, 'a');
                while (!stop_.load() && SendAll(fd, block)) {
                }
                break;
            }
            case HttpMode::kGarbage: {
                static constexpr char kGarbage[] = "\x16\x03\x01\x00\xff garbage \x00\x01\x02 not http\r\n\r\n";
                SendAll(fd, std::string(kGarbage, sizeof kGarbage - 1));
                break;
            }
            case HttpMode::kCloseEarly:
                break;
        }
    }
    ::shutdown(fd, SHUT_RDWR);
    std::lock_guard lock(mutex_);
    open_fds_.erase(std::remove(open_fds_.begin(), open_fds_.end(), fd), open_fds_.end());
    ::close(fd);
}

}  // namespace palisade::testing

// SPDX-License-Identifier: Apache-2.0
#include "server_fixture.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>
#include <thread>

#include "core/strings.hpp"
#include "log/log.hpp"

namespace palisade::server::testing {

Result<std::optional<auth::Principal>> FakeAuthenticator::Authenticate(const Request& request) {
    ++calls;
    if (request.Header("x-csrf-fail") != nullptr) return Fail(ErrorCode::kPermissionDenied, "CSRF token missing");
    auth::Principal p;
    p.org_id = "org-1";
    if (const std::string* key = request.Header("x-api-key")) {
        if (*key != "key-1") return Fail(ErrorCode::kUnauthenticated, "invalid API key");
        p.user_id = "u-key-owner";
        p.role = auth::Role::kAdmin;
        p.credential = auth::CredentialKind::kApiKey;
        p.api_key_id = "key-1";
        return p;
    }
    const std::string* authorization = request.Header("authorization");
    if (authorization == nullptr) return std::optional<auth::Principal>();
    if (*authorization == "Bearer admin") {
        p.user_id = "u-admin";
        p.role = auth::Role::kAdmin;
        return p;
    }
    if (*authorization == "Bearer viewer") {
        p.user_id = "u-viewer";
        p.role = auth::Role::kViewer;
        return p;
    }
    if (*authorization == "Bearer locked") {
        Error locked{ErrorCode::kResourceExhausted, "too many failed attempts", {}, {}, 30};
        return Fail(std::move(locked));
    }
    if (*authorization == "Bearer db-down") return Fail(ErrorCode::kUnavailable, "try later", "connection refused");
    return Fail(ErrorCode::kUnauthenticated, "invalid or expired token");
}

RawConnection::RawConnection(std::uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) return;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd_);
        fd_ = -1;
    }
}

RawConnection::~RawConnection() {
    if (fd_ >= 0) ::close(fd_);
}

bool RawConnection::Send(std::string_view data) {
    while (!data.empty()) {
        const ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
        if (n <= 0) return false;
        data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

bool RawConnection::Fill(std::chrono::steady_clock::time_point deadline) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd pfd{fd_, POLLIN, 0};
    if (::poll(&pfd, 1, static_cast<int>(left.count())) <= 0) return false;
    char chunk[16384];
    const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buffer_.append(chunk, static_cast<std::size_t>(n));
    return true;
}

std::string RawConnection::ReadResponse(std::chrono::milliseconds timeout, bool to_head) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::size_t end = std::string::npos;
    while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
        if (!Fill(deadline)) return {};
    }
    const std::string head = buffer_.substr(0, end + 4);
    const std::string length = HeaderOf(head, "content-length");
    const std::size_t body = length.empty() || to_head ? 0 : std::stoul(length);
    while (buffer_.size() < end + 4 + body) {
        if (!Fill(deadline)) return {};
    }
    std::string response = buffer_.substr(0, end + 4 + body);
    buffer_.erase(0, end + 4 + body);
    return response;
}

bool RawConnection::WaitForClose(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return false;
        pollfd pfd{fd_, POLLIN, 0};
        if (::poll(&pfd, 1, static_cast<int>(left.count())) <= 0) return false;
        char chunk[4096];
        const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
        if (n <= 0) return true;
    }
}

bool RawConnection::StillOpen(std::chrono::milliseconds wait) {
    pollfd pfd{fd_, POLLIN, 0};
    return ::poll(&pfd, 1, static_cast<int>(wait.count())) == 0;
}

int StatusOf(std::string_view raw) {
    if (raw.size() < 12 || !StartsWith(raw, "HTTP/1.")) return 0;
    return std::atoi(std::string(raw.substr(9, 3)).c_str());
}

std::string HeaderOf(std::string_view raw, std::string_view name) {
    for (std::string_view line : Split(raw.substr(0, raw.find("\r\n\r\n")), '\n')) {
        const std::size_t colon = line.find(':');
        if (colon == std::string_view::npos) continue;
        if (IEquals(Trim(line.substr(0, colon)), name)) return std::string(Trim(line.substr(colon + 1)));
    }
    return {};
}

Response Text(std::string body) {
    Response r;
    r.body = std::move(body);
    return r;
}

void AddStandardRoutes(Router& router) {
    router.Get("/healthz", [](Request&) { return Text(R"({"ok":true})"); }).Public().Inline();
    router.Get("/api/v1/me", [](Request& r) { return Text(r.principal->user_id); })
        .Require(auth::Permission::kAuthenticated);
    router.Get("/api/v1/users", [](Request&) { return Text("[]"); }).Require(auth::Permission::kUsersManage);
    router.Post("/api/v1/echo", [](Request& r) { return Text(r.body); }).Public();
    router.Get("/api/v1/forgotten", [](Request&) { return Text("nope"); });
    router.Get("/whoami", [](Request& r) { return Text(r.client_ip); }).Public();
    router.Get("/boom", [](Request&) -> Response { throw std::runtime_error("db password is hunter2"); }).Public();
}

config::ServerConfig TestConfig() {
    config::ServerConfig c;
    c.listen = "127.0.0.1:0";
    c.io_threads = 1;
    c.blocking_threads = 2;
    c.request_timeout = 5s;
    c.idle_timeout = 5s;
    c.handler_timeout = 5s;
    c.shutdown_grace = 5s;
    c.rate_limit_ip_per_minute = 0;
    c.rate_limit_principal_per_minute = 0;
    return c;
}

void ServerTest::SetUp() { log::Init("warn", "json"); }

void ServerTest::TearDown() {
    client_.reset();
    if (server_) server_->Shutdown();
    server_.reset();
}

void ServerTest::Start() {
    server_ = std::make_unique<HttpServer>(config_, router_, auth_, metrics_);
    auto started = server_->Start();
    ASSERT_TRUE(started.has_value()) << started.error().message;
    ASSERT_NE(server_->Port(), 0);
}

std::string ServerTest::Url() const {
    const std::string scheme = config_.tls_cert_file.empty() ? "http" : "https";
    return scheme + "://127.0.0.1:" + std::to_string(server_->Port());
}

palisade::testing::HttpClient& ServerTest::Client() {
    if (!client_) client_ = std::make_unique<palisade::testing::HttpClient>(Url());
    return *client_;
}

}  // namespace palisade::server::testing

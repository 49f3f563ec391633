// SPDX-License-Identifier: Apache-2.0
// Shared by the server tests: a fake Authenticator, a raw-socket client for what curl cannot do (slow senders,
// malformed requests, counting connections) and a fixture that runs a real HttpServer on 127.0.0.1:0.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "server/metrics.hpp"
#include "server/router.hpp"
#include "server/server.hpp"
#include "support/http_client.hpp"

namespace palisade::server::testing {

using namespace std::chrono_literals;

// Credentials it knows:
//   Authorization: Bearer admin   -> user "u-admin", Role::kAdmin
//   Authorization: Bearer viewer  -> user "u-viewer", Role::kViewer
//   X-API-Key: key-1              -> user "u-key-owner", api_key_id "key-1", Role::kAdmin
//   X-CSRF-Fail: 1                -> kPermissionDenied (a cookie request without a valid CSRF token)
//   Authorization: Bearer locked  -> kResourceExhausted, retry after 30 s
//   Authorization: Bearer db-down -> kUnavailable
// Any other Authorization or X-API-Key -> kUnauthenticated; none -> nullopt.
class FakeAuthenticator final : public Authenticator {
  public:
    Result<std::optional<auth::Principal>> Authenticate(const Request& request) override;
    std::atomic<int> calls{0};
};

// A blocking TCP connection to 127.0.0.1:port with deadlines on every read.
class RawConnection {
  public:
    explicit RawConnection(std::uint16_t port);
    ~RawConnection();
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;

    bool Connected() const { return fd_ >= 0; }
    bool Send(std::string_view data);
    // One response: status line and headers, then Content-Length bytes of body (none when `to_head` says the
    // request was HEAD). "" on timeout or close.
    std::string ReadResponse(std::chrono::milliseconds timeout = 5s, bool to_head = false);
    // True when the server closed the connection (EOF or reset) within `timeout`; data it sends is discarded.
    bool WaitForClose(std::chrono::milliseconds timeout);
    // True when the connection is still open and silent for `wait`.
    bool StillOpen(std::chrono::milliseconds wait = 50ms);

  private:
    // Reads more into buffer_; false on EOF, error or deadline.
    bool Fill(std::chrono::steady_clock::time_point deadline);
    int fd_ = -1;
    std::string buffer_;
};

// The status code of a raw response ("HTTP/1.1 404 Not Found..." -> 404), 0 if unparsable.
int StatusOf(std::string_view raw_response);
// The first value of header `name` (case-insensitive) in a raw response, or "".
std::string HeaderOf(std::string_view raw_response, std::string_view name);

// A 200 response with `body`.
Response Text(std::string body);

// The routes most server tests share:
//   GET  /healthz           public, inline           {"ok":true}
//   GET  /api/v1/me         kAuthenticated           the principal's user_id
//   GET  /api/v1/users      kUsersManage             []
//   POST /api/v1/echo       public                   the request body
//   GET  /api/v1/forgotten  no permission declared   (never reached)
//   GET  /whoami            public                   the client IP
//   GET  /boom              public                   throws, with a secret in the message
void AddStandardRoutes(Router& router);

// Default test config: 127.0.0.1:0, one I/O thread, two blocking threads, rate limits off, 5 s timeouts.
config::ServerConfig TestConfig();

// A fixture owning the router, authenticator, metrics and server. Add routes and edit config_, then Start().
class ServerTest : public ::testing::Test {
  protected:
    void SetUp() override;
    void TearDown() override;
    // Starts the server (fails the test if it cannot).
    void Start();
    std::string Url() const;
    palisade::testing::HttpClient& Client();

    config::ServerConfig config_ = TestConfig();
    Router router_;
    FakeAuthenticator auth_;
    Metrics metrics_;
    std::unique_ptr<HttpServer> server_;

  private:
    std::unique_ptr<palisade::testing::HttpClient> client_;
};

// Polls `condition` until it holds or `timeout` passes; returns its last value.
template <typename F>
bool Eventually(F&& condition, std::chrono::milliseconds timeout = 5s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!condition()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(5ms);
    }
    return true;
}

}  // namespace palisade::server::testing

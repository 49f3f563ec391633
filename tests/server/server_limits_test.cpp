// SPDX-License-Identifier: Apache-2.0
// Limits, deadlines and shutdown of a real HttpServer.
#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <optional>
#include <thread>

#include "server/server.hpp"
#include "server_fixture.hpp"

namespace palisade::server {
namespace {

using namespace std::chrono_literals;

using testing::Eventually;
using testing::HeaderOf;
using testing::RawConnection;
using testing::ServerTest;
using testing::StatusOf;
using testing::Text;
using Clock = std::chrono::steady_clock;

// A handler that blocks until the test releases it (never longer than 10 s, so a failing test cannot hang).
class Gate {
  public:
    void Wait() {
        entered_ = true;
        std::unique_lock lock(mutex_);
        cv_.wait_for(lock, 10s, [&] { return open_; });
    }
    void Open() {
        std::lock_guard lock(mutex_);
        open_ = true;
        cv_.notify_all();
    }
    bool Entered() const { return entered_.load(); }

  private:
    std::mutex mutex_;
    std::condition_variable cv_;
    bool open_ = false;
    std::atomic<bool> entered_{false};
};

class HttpServerLimitsTest : public ServerTest {
  protected:
    void SetUp() override {
        ServerTest::SetUp();
        config_.max_body_bytes = 1024;
        config_.max_header_bytes = 2048;
        router_.Post("/upload", [](Request& r) { return Text(std::to_string(r.body.size())); }).Public();
        router_.Post("/big/{name}", [](Request& r) { return Text(std::to_string(r.body.size())); })
            .Public()
            .MaxBody(8192);
        router_.Get("/ok", [](Request&) { return Text("ok"); }).Public();
        router_
            .Get("/slow",
                 [this](Request&) {
                     gate_.Wait();
                     return Text("slow done");
                 })
            .Public();
    }
    void TearDown() override {
        gate_.Open();
        ServerTest::TearDown();
    }
    Gate gate_;
};

TEST_F(HttpServerLimitsTest, BodyWithinLimitIsAccepted) {
    Start();
    auto r = Client().Post("/upload", std::string(1024, 'a'));
    EXPECT_EQ(r.status, 200) << r.error;
    EXPECT_EQ(r.body, "1024");
}

TEST_F(HttpServerLimitsTest, AnnouncedContentLengthTooLargeIs413) {
    Start();
    RawConnection c(server_->Port());
    // Only the header is sent: the server must answer from Content-Length alone.
    ASSERT_TRUE(c.Send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 10485760\r\n\r\n"));
    const std::string r = c.ReadResponse();
    EXPECT_EQ(StatusOf(r), 413);
    EXPECT_EQ(HeaderOf(r, "content-type"), "application/problem+json");
    EXPECT_EQ(HeaderOf(r, "connection"), "close");
    EXPECT_NE(HeaderOf(r, "x-content-type-options"), "");
    EXPECT_TRUE(c.WaitForClose(5s));
}

TEST_F(HttpServerLimitsTest, TooLargeBodyViaCurlIs413) {
    Start();
    auto r = Client().Post("/upload", std::string(4096, 'a'));
    EXPECT_EQ(r.status, 413) << r.error;
    EXPECT_NE(r.body.find("payload-too-large"), std::string::npos);
}

TEST_F(HttpServerLimitsTest, ChunkedBodyOverLimitIs413) {
    Start();
    RawConnection c(server_->Port());
    ASSERT_TRUE(c.Send("POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"));
    const std::string chunk = "200\r\n" + std::string(512, 'b') + "\r\n";  // 512 bytes each
    std::string r;
    for (int i = 0; i < 4 && r.empty(); ++i) {
        c.Send(chunk);
        r = c.ReadResponse(200ms);
    }
    if (r.empty()) r = c.ReadResponse();
    EXPECT_EQ(StatusOf(r), 413);
}

// A request with `headers` and a body of `size` bytes to `target`; the status of the answer.
int PostRaw(int port, const std::string& target, const std::string& headers, std::size_t size) {
    RawConnection c(port);
    if (!c.Send("POST " + target + " HTTP/1.1\r\nHost: x\r\n" + headers + "Content-Length: " + std::to_string(size) +
                "\r\n\r\n")) {
        return -1;
    }
    c.Send(std::string(size, 'c'));
    return StatusOf(c.ReadResponse());
}

TEST_F(HttpServerLimitsTest, RouteWithMaxBodyAcceptsItsLimitFromACredentialedRequest) {
    Start();
    EXPECT_EQ(PostRaw(server_->Port(), "/big/a?x=1", "Authorization: Bearer t\r\n", 8192), 200);
    EXPECT_EQ(PostRaw(server_->Port(), "/big/a", "Cookie: s=1\r\n", 5000), 200);
    EXPECT_EQ(PostRaw(server_->Port(), "/big/a", "X-API-Key: k\r\n", 5000), 200);
    // Over the route's own limit, announced or chunked.
    EXPECT_EQ(PostRaw(server_->Port(), "/big/a", "Authorization: Bearer t\r\n", 8193), 413);
    RawConnection c(server_->Port());
    ASSERT_TRUE(c.Send("POST /big/a HTTP/1.1\r\nHost: x\r\nCookie: s=1\r\nTransfer-Encoding: chunked\r\n\r\n"));
    const std::string chunk = "400\r\n" + std::string(1024, 'b') + "\r\n";
    std::string r;
    for (int i = 0; i < 10 && r.empty(); ++i) {
        c.Send(chunk);
        r = c.ReadResponse(200ms);
    }
    if (r.empty()) r = c.ReadResponse();
    EXPECT_EQ(StatusOf(r), 413);
}

TEST_F(HttpServerLimitsTest, RouteWithMaxBodyKeepsTheServerLimitForAnonymousRequests) {
    Start();
    EXPECT_EQ(PostRaw(server_->Port(), "/big/a", "", 1024), 200);
    EXPECT_EQ(PostRaw(server_->Port(), "/big/a", "", 1025), 413);
    // Other routes keep the server's limit even with credentials.
    EXPECT_EQ(PostRaw(server_->Port(), "/upload", "Authorization: Bearer t\r\n", 2048), 413);
}

TEST_F(HttpServerLimitsTest, ChunkedBodyWithinLimitIsAccepted) {
    Start();
    RawConnection c(server_->Port());
    ASSERT_TRUE(
        c.Send("POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
               "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"));
    const std::string r = c.ReadResponse();
    EXPECT_EQ(StatusOf(r), 200);
    EXPECT_TRUE(r.ends_with("11"));
}

TEST_F(HttpServerLimitsTest, LargeHeadersAre431) {
    Start();
    auto r = Client().Get("/ok", {{"X-Big", std::string(4096, 'h')}});
    EXPECT_EQ(r.status, 431) << r.error;
    EXPECT_EQ(r.Header("content-type"), "application/problem+json");
    EXPECT_NE(r.Header("x-request-id"), "");
    auto fine = Client().Get("/ok", {{"X-Big", std::string(1024, 'h')}});
    EXPECT_EQ(fine.status, 200);
}

TEST_F(HttpServerLimitsTest, SlowLorisIsCutOffAtRequestTimeout) {
    config_.request_timeout = 1s;
    config_.idle_timeout = 10s;
    Start();
    RawConnection c(server_->Port());
    const auto start = Clock::now();
    ASSERT_TRUE(c.Send("GET /ok HTTP/1.1\r\n"));
    bool closed = false;
    // Keep dripping header lines: every read finishes, yet the request never completes.
    while (!closed && Clock::now() - start < 5s) {
        c.Send("X-Drip: 1\r\n");
        closed = c.WaitForClose(150ms);
    }
    const auto elapsed = Clock::now() - start;
    EXPECT_TRUE(closed);
    EXPECT_GE(elapsed, 900ms);
    EXPECT_LE(elapsed, 3s);
}

TEST_F(HttpServerLimitsTest, IdleKeepAliveConnectionIsClosed) {
    config_.idle_timeout = 1s;
    Start();
    RawConnection c(server_->Port());
    ASSERT_TRUE(c.Send("GET /ok HTTP/1.1\r\nHost: x\r\n\r\n"));
    ASSERT_EQ(StatusOf(c.ReadResponse()), 200);
    const auto start = Clock::now();
    EXPECT_TRUE(c.WaitForClose(4s));
    const auto elapsed = Clock::now() - start;
    EXPECT_GE(elapsed, 800ms);
    EXPECT_LE(elapsed, 3s);
}

TEST_F(HttpServerLimitsTest, ConnectionsOverTheLimitAreClosed) {
    config_.max_connections = 2;
    Start();
    std::optional<RawConnection> a(std::in_place, server_->Port());
    RawConnection b(server_->Port());
    ASSERT_TRUE(a->Send("GET /ok HTTP/1.1\r\nHost: x\r\n\r\n"));
    ASSERT_TRUE(b.Send("GET /ok HTTP/1.1\r\nHost: x\r\n\r\n"));
    ASSERT_EQ(StatusOf(a->ReadResponse()), 200);
    ASSERT_EQ(StatusOf(b.ReadResponse()), 200);
    RawConnection c(server_->Port());
    EXPECT_TRUE(c.WaitForClose(3s));
    EXPECT_TRUE(a->StillOpen());
    EXPECT_TRUE(b.StillOpen());
    // Once a slot frees up, new connections are served again.
    a.reset();
    EXPECT_TRUE(Eventually([&] {
        RawConnection d(server_->Port());
        d.Send("GET /ok HTTP/1.1\r\nHost: x\r\n\r\n");
        return StatusOf(d.ReadResponse(1s)) == 200;
    }));
}

TEST_F(HttpServerLimitsTest, HandlerTimeoutIs503AndLateResultIsDropped) {
    config_.handler_timeout = 1s;
    Start();
    const auto start = Clock::now();
    auto r = Client().Get("/slow");
    const auto elapsed = Clock::now() - start;
    EXPECT_EQ(r.status, 503);
    EXPECT_EQ(r.Header("content-type"), "application/problem+json");
    EXPECT_GE(elapsed, 900ms);
    EXPECT_LE(elapsed, 4s);
    EXPECT_TRUE(gate_.Entered());
    gate_.Open();
    // The connection stays usable and the late "slow done" never shows up on it.
    auto next = Client().Get("/ok");
    EXPECT_EQ(next.status, 200);
    EXPECT_EQ(next.body, "ok");
}

TEST_F(HttpServerLimitsTest, ShutdownLetsInFlightRequestFinish) {
    Start();
    auto response = std::async(std::launch::async, [&] {
        palisade::testing::HttpClient client(Url());
        return client.Get("/slow");
    });
    ASSERT_TRUE(Eventually([&] { return gate_.Entered(); }));
    auto shutdown = std::async(std::launch::async, [&] { server_->Shutdown(); });
    // New connections are refused once the listener is closed.
    EXPECT_TRUE(Eventually([&] { return !RawConnection(server_->Port()).Connected(); }));
    gate_.Open();
    auto r = response.get();
    EXPECT_EQ(r.status, 200) << r.error;
    EXPECT_EQ(r.body, "slow done");
    EXPECT_EQ(r.Header("connection"), "close");
    EXPECT_EQ(shutdown.wait_for(3s), std::future_status::ready);
}

TEST_F(HttpServerLimitsTest, ShutdownClosesIdleConnectionsPromptly) {
    config_.shutdown_grace = 10s;
    Start();
    RawConnection c(server_->Port());
    ASSERT_TRUE(c.Send("GET /ok HTTP/1.1\r\nHost: x\r\n\r\n"));
    ASSERT_EQ(StatusOf(c.ReadResponse()), 200);
    const auto start = Clock::now();
    server_->Shutdown();
    EXPECT_LE(Clock::now() - start, 2s);
    EXPECT_TRUE(c.WaitForClose(1s));
    server_->Shutdown();  // idempotent
}

// Regression: a Shutdown() that lands while the session is still finishing a response must not leave the
// kept-alive connection open until idle_timeout (g++ 12 evaluates `co_await b` in `a && co_await b` even when
// `a` is false).
TEST_F(HttpServerLimitsTest, ShutdownRightAfterResponseIsPromptEveryTime) {
    for (int i = 0; i < 20; ++i) {
        HttpServer server(config_, router_, auth_, metrics_);
        ASSERT_TRUE(server.Start().has_value());
        palisade::testing::HttpClient client("http://127.0.0.1:" + std::to_string(server.Port()));
        ASSERT_EQ(client.Get("/ok").status, 200);
        const auto start = Clock::now();
        server.Shutdown();
        ASSERT_LE(Clock::now() - start, 1s) << "iteration " << i;
    }
}

TEST_F(HttpServerLimitsTest, RunUntilSignalReturnsAfterShutdown) {
    Start();
    auto runner = std::async(std::launch::async, [&] { server_->RunUntilSignal(); });
    EXPECT_EQ(Client().Get("/ok").status, 200);
    server_->Shutdown();
    EXPECT_EQ(runner.wait_for(5s), std::future_status::ready);
}

}  // namespace
}  // namespace palisade::server

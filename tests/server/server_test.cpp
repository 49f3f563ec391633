// SPDX-License-Identifier: Apache-2.0
// A real HttpServer on 127.0.0.1:0, driven with curl (support/http_client) and raw sockets.
#include "server/server.hpp"

#include <gtest/gtest.h>

#include <mutex>
#include <set>
#include <thread>

#include "core/strings.hpp"
#include "log/log.hpp"
#include "server_fixture.hpp"

namespace palisade::server {
namespace {

using namespace std::chrono_literals;

using testing::HeaderOf;
using testing::RawConnection;
using testing::ServerTest;
using testing::StatusOf;
using testing::Text;

class HttpServerTest : public ServerTest {
  protected:
    void AddRoutes() { testing::AddStandardRoutes(router_); }
};

TEST_F(HttpServerTest, ServesPublicRouteWithJsonDefault) {
    AddRoutes();
    Start();
    auto r = Client().Get("/healthz");
    EXPECT_EQ(r.status, 200) << r.error;
    EXPECT_EQ(r.body, R"({"ok":true})");
    EXPECT_EQ(r.Header("content-type"), "application/json");
}

TEST_F(HttpServerTest, KeepsConnectionAliveAcrossRequests) {
    AddRoutes();
    Start();
    RawConnection c(server_->Port());
    ASSERT_TRUE(c.Connected());
    ASSERT_TRUE(c.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
    std::string first = c.ReadResponse();
    EXPECT_EQ(StatusOf(first), 200);
    EXPECT_EQ(HeaderOf(first, "connection"), "");  // HTTP/1.1 default: keep-alive
    ASSERT_TRUE(c.Send("GET /whoami HTTP/1.1\r\nHost: x\r\n\r\n"));
    std::string second = c.ReadResponse();
    EXPECT_EQ(StatusOf(second), 200);
    EXPECT_NE(second.find("127.0.0.1"), std::string::npos);
    EXPECT_TRUE(c.StillOpen());
}

TEST_F(HttpServerTest, AnswersPipelinedRequestsInOrder) {
    AddRoutes();
    Start();
    RawConnection c(server_->Port());
    ASSERT_TRUE(c.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /nope HTTP/1.1\r\nHost: x\r\n\r\n"));
    EXPECT_EQ(StatusOf(c.ReadResponse()), 200);
    EXPECT_EQ(StatusOf(c.ReadResponse()), 404);
}

TEST_F(HttpServerTest, ConnectionCloseIsHonoured) {
    AddRoutes();
    Start();
    RawConnection c(server_->Port());
    ASSERT_TRUE(c.Send("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
    std::string r = c.ReadResponse();
    EXPECT_EQ(StatusOf(r), 200);
    EXPECT_EQ(HeaderOf(r, "connection"), "close");
    EXPECT_TRUE(c.WaitForClose(2s));
}

TEST_F(HttpServerTest, UnknownPathIs404Problem) {
    AddRoutes();
    Start();
    auto r = Client().Get("/api/v1/nothing-here");
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(r.Header("content-type"), "application/problem+json");
    EXPECT_NE(r.body.find("\"type\":\"urn:palisade:problem:not-found\""), std::string::npos);
    EXPECT_NE(r.body.find("\"status\":404"), std::string::npos);
}

TEST_F(HttpServerTest, WrongMethodIs405WithAllow) {
    AddRoutes();
    Start();
    auto r = Client().Request("DELETE", "/healthz");
    EXPECT_EQ(r.status, 405);
    EXPECT_EQ(r.Header("allow"), "GET, HEAD");
    EXPECT_EQ(r.Header("content-type"), "application/problem+json");
}

TEST_F(HttpServerTest, HeadHasHeadersButNoBody) {
    AddRoutes();
    Start();
    RawConnection c(server_->Port());
    ASSERT_TRUE(c.Send("HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
    const std::string head = c.ReadResponse(5s, true);
    EXPECT_EQ(StatusOf(head), 200);
    EXPECT_EQ(HeaderOf(head, "content-length"), "11");
    EXPECT_TRUE(head.ends_with("\r\n\r\n"));
    // The next response starts right after the HEAD headers: no stray body bytes in between.
    EXPECT_TRUE(c.ReadResponse().ends_with(R"({"ok":true})"));
}

TEST_F(HttpServerTest, HandlersRunOffTheIoThread) {
    std::mutex mutex;
    std::set<std::thread::id> handler_threads;
    std::thread::id io_thread;
    router_
        .Get("/inline",
             [&](Request&) {
                 std::lock_guard lock(mutex);
                 io_thread = std::this_thread::get_id();
                 return Text("inline");
             })
        .Public()
        .Inline();
    router_
        .Get("/pooled",
             [&](Request&) {
                 std::lock_guard lock(mutex);
                 handler_threads.insert(std::this_thread::get_id());
                 return Text("pooled");
             })
        .Public();
    Start();  // io_threads = 1: the inline handler's thread is the I/O thread
    ASSERT_EQ(Client().Get("/inline").status, 200);
    for (int i = 0; i < 5; ++i) ASSERT_EQ(Client().Get("/pooled").status, 200);
    std::lock_guard lock(mutex);
    EXPECT_NE(io_thread, std::thread::id());
    EXPECT_FALSE(handler_threads.empty());
    EXPECT_EQ(handler_threads.count(io_thread), 0u);
    EXPECT_EQ(handler_threads.count(std::this_thread::get_id()), 0u);
}

TEST_F(HttpServerTest, BodyIsDeliveredAndAllowedOnAnyMethod) {
    AddRoutes();
    router_.Get("/len", [](Request& r) { return Text(std::to_string(r.body.size())); }).Public();
    Start();
    auto echo = Client().Post("/api/v1/echo", R"({"a":1})");
    EXPECT_EQ(echo.status, 200);
    EXPECT_EQ(echo.body, R"({"a":1})");
    EXPECT_EQ(Client().Request("GET", "/len", "abc").body, "3");
}

TEST_F(HttpServerTest, MalformedRequestIs400AndCloses) {
    AddRoutes();
    Start();
    RawConnection c(server_->Port());
    ASSERT_TRUE(c.Send("GET /healthz HTTP/1.1\r\nHost: x\r\nBad Header Without Colon\r\n\r\n"));
    const std::string r = c.ReadResponse();
    EXPECT_EQ(StatusOf(r), 400);
    EXPECT_EQ(HeaderOf(r, "connection"), "close");
    EXPECT_NE(HeaderOf(r, "x-request-id"), "");
    EXPECT_TRUE(c.WaitForClose(3s));
}

TEST_F(HttpServerTest, MetricsCountRequests) {
    AddRoutes();
    router_
        .Get("/metrics",
             [this](Request&) {
                 Response r = Text(metrics_.RenderPrometheus());
                 r.SetHeader("Content-Type", "text/plain; version=0.0.4");
                 return r;
             })
        .Public()
        .Inline();
    Start();
    Client().Get("/healthz");
    Client().Get("/healthz");
    Client().Get("/nowhere");
    // The access record is written after the response: poll until both are counted.
    std::string text;
    ASSERT_TRUE(testing::Eventually([&] {
        text = Client().Get("/metrics").body;
        return text.find("palisade_http_requests_total{route=\"/healthz\",method=\"GET\",status=\"200\"} 2") !=
               std::string::npos;
    })) << text;
    EXPECT_NE(text.find("palisade_http_requests_total{route=\"unmatched\",method=\"GET\",status=\"404\"} 1"),
              std::string::npos);
    EXPECT_NE(text.find("palisade_http_request_duration_seconds_count{route=\"/healthz\"} 2"), std::string::npos);
    EXPECT_NE(text.find("palisade_http_connections 1"), std::string::npos);
    EXPECT_NE(text.find("palisade_http_in_flight_requests 1"), std::string::npos);  // the /metrics request itself
    EXPECT_NE(text.find("palisade_blocking_pool_threads 2"), std::string::npos);
    EXPECT_NE(text.find("# TYPE palisade_blocking_pool_busy gauge"), std::string::npos);
    EXPECT_NE(text.find("palisade_blocking_pool_queued"), std::string::npos);
}

TEST_F(HttpServerTest, AccessLogHasFieldsButNoQueryOrSecrets) {
    AddRoutes();
    Start();
    log::Init("info", "json");
    ::testing::internal::CaptureStderr();
    auto r = Client().Get("/api/v1/me?token=supersecret",
                          {{"Authorization", "Bearer viewer"}, {"X-Request-ID", "log-test-1"}});
    // The line is written just after the response. The session handles the next request on this kept-alive
    // connection only after that, so one more round trip guarantees the line is out.
    Client().Get("/healthz");
    const std::string out = ::testing::internal::GetCapturedStderr();
    log::Init("warn", "json");
    EXPECT_EQ(r.status, 200);
    std::string line;
    for (std::string_view l : Split(out, '\n')) {
        if (l.find("log-test-1") != std::string_view::npos) line = std::string(l);
    }
    ASSERT_FALSE(line.empty()) << out;
    for (const char* field :
         {"\"msg\":\"request\"", "\"request_id\":\"log-test-1\"", "\"method\":\"GET\"", "\"route\":\"/api/v1/me\"",
          "\"path\":\"/api/v1/me\"", "\"status\":\"200\"", "\"duration_ms\":", "\"bytes\":\"8\"",
          "\"client_ip\":\"127.0.0.1\"", "\"user_id\":\"u-viewer\""}) {
        EXPECT_NE(line.find(field), std::string::npos) << field << " in " << line;
    }
    EXPECT_EQ(out.find("supersecret"), std::string::npos);
    EXPECT_EQ(out.find("Bearer"), std::string::npos);
}

TEST_F(HttpServerTest, StartRejectsBadListenAddress) {
    for (const char* listen : {"nonsense", "127.0.0.1", "127.0.0.1:99999", "[::1:80", "host.example:80", ":80"}) {
        config_.listen = listen;
        HttpServer server(config_, router_, auth_, metrics_);
        auto started = server.Start();
        ASSERT_FALSE(started.has_value()) << listen;
        EXPECT_EQ(started.error().code, ErrorCode::kInvalidArgument) << listen;
    }
}

TEST_F(HttpServerTest, StartReportsAddressInUse) {
    AddRoutes();
    Start();
    config_.listen = "127.0.0.1:" + std::to_string(server_->Port());
    HttpServer second(config_, router_, auth_, metrics_);
    auto started = second.Start();
    ASSERT_FALSE(started.has_value());
    EXPECT_EQ(started.error().code, ErrorCode::kUnavailable);
    EXPECT_NE(started.error().message.find(config_.listen), std::string::npos) << started.error().message;
}

TEST_F(HttpServerTest, ListensOnIpv6Loopback) {
    AddRoutes();
    config_.listen = "[::1]:0";
    server_ = std::make_unique<HttpServer>(config_, router_, auth_, metrics_);
    auto started = server_->Start();
    if (!started && started.error().code == ErrorCode::kUnavailable) GTEST_SKIP() << "no IPv6 loopback here";
    ASSERT_TRUE(started.has_value()) << started.error().message;
    palisade::testing::HttpClient client("http://[::1]:" + std::to_string(server_->Port()));
    auto r = client.Get("/whoami");
    EXPECT_EQ(r.status, 200) << r.error;
    EXPECT_EQ(r.body, "::1");
}

TEST_F(HttpServerTest, RejectsUntrustedProxyConfig) {
    config_.trusted_proxies = {"not-an-ip"};
    HttpServer server(config_, router_, auth_, metrics_);
    auto started = server.Start();
    ASSERT_FALSE(started.has_value());
    EXPECT_EQ(started.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace palisade::server

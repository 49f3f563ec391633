// SPDX-License-Identifier: Apache-2.0
// A real HttpServer on 127.0.0.1:0, driven with curl (support/http_client) and raw sockets.
#include "server/server.hpp"

#include <gtest/gtest.h>

#include <mutex>
#include <regex>
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

Response Text(std::string body) {
    Response r;
    r.body = std::move(body);
    return r;
}

class HttpServerTest : public ServerTest {
  protected:
    void AddRoutes() {
        router_.Get("/healthz", [](Request&) { return Text(R"({"ok":true})"); }).Public().Inline();
        router_.Get("/api/v1/me", [](Request& r) { return Text(r.principal->user_id); })
            .Require(auth::Permission::kAuthenticated);
        router_.Get("/api/v1/users", [](Request&) { return Text("[]"); }).Require(auth::Permission::kUsersManage);
        router_.Post("/api/v1/echo", [](Request& r) { return Text(r.body); }).Public();
        router_.Get("/api/v1/forgotten", [](Request&) { return Text("nope"); });
        router_.Get("/whoami", [](Request& r) { return Text(r.client_ip); }).Public();
        router_.Get("/boom", [](Request&) -> Response { throw std::runtime_error("db password is hunter2"); }).Public();
    }
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

TEST_F(HttpServerTest, RouteWithoutPermissionIsForbidden) {
    AddRoutes();
    Start();
    auto r = Client().Get("/api/v1/forgotten", {{"Authorization", "Bearer admin"}});
    EXPECT_EQ(r.status, 403);
    EXPECT_EQ(r.body.find("nope"), std::string::npos);
}

TEST_F(HttpServerTest, AuthenticatedRoute) {
    AddRoutes();
    Start();
    auto none = Client().Get("/api/v1/me");
    EXPECT_EQ(none.status, 401);
    EXPECT_EQ(none.Header("www-authenticate"), "Bearer");
    EXPECT_EQ(none.Header("content-type"), "application/problem+json");
    auto bad = Client().Get("/api/v1/me", {{"Authorization", "Bearer forged"}});
    EXPECT_EQ(bad.status, 401);
    EXPECT_EQ(bad.Header("www-authenticate"), "Bearer");
    auto bad_key = Client().Get("/api/v1/me", {{"X-API-Key", "wrong"}});
    EXPECT_EQ(bad_key.status, 401);
    auto ok = Client().Get("/api/v1/me", {{"Authorization", "Bearer viewer"}});
    EXPECT_EQ(ok.status, 200);
    EXPECT_EQ(ok.body, "u-viewer");
    auto key = Client().Get("/api/v1/me", {{"X-API-Key", "key-1"}});
    EXPECT_EQ(key.body, "u-key-owner");
    auto csrf = Client().Get("/api/v1/me", {{"Authorization", "Bearer admin"}, {"X-CSRF-Fail", "1"}});
    EXPECT_EQ(csrf.status, 403);
}

TEST_F(HttpServerTest, MissingPermissionIs403) {
    AddRoutes();
    Start();
    EXPECT_EQ(Client().Get("/api/v1/users", {{"Authorization", "Bearer viewer"}}).status, 403);
    EXPECT_EQ(Client().Get("/api/v1/users", {{"Authorization", "Bearer admin"}}).status, 200);
}

TEST_F(HttpServerTest, RequestIdKeptGeneratedOrReplaced) {
    AddRoutes();
    Start();
    const std::regex uuid_v7("^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
    EXPECT_EQ(Client().Get("/healthz", {{"X-Request-ID", "trace.abc_123-x"}}).Header("x-request-id"),
              "trace.abc_123-x");
    EXPECT_TRUE(std::regex_match(Client().Get("/healthz").Header("x-request-id"), uuid_v7));
    const std::string replaced = Client().Get("/healthz", {{"X-Request-ID", "bad id <script>"}}).Header("x-request-id");
    EXPECT_TRUE(std::regex_match(replaced, uuid_v7)) << replaced;
    EXPECT_TRUE(std::regex_match(Client().Get("/nope").Header("x-request-id"), uuid_v7));
}

TEST_F(HttpServerTest, SecurityHeadersOnSuccessAndErrors) {
    AddRoutes();
    Start();
    for (const char* path : {"/healthz", "/api/v1/nothing", "/api/v1/me", "/boom"}) {
        auto r = Client().Get(path);
        EXPECT_NE(r.status, 0) << r.error;
        EXPECT_EQ(r.Header("content-security-policy"),
                  "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'")
            << path;
        EXPECT_EQ(r.Header("x-content-type-options"), "nosniff") << path;
        EXPECT_EQ(r.Header("x-frame-options"), "DENY") << path;
        EXPECT_EQ(r.Header("referrer-policy"), "no-referrer") << path;
        EXPECT_EQ(r.Header("cross-origin-opener-policy"), "same-origin") << path;
        EXPECT_EQ(r.Header("strict-transport-security"), "") << path;  // plain HTTP
    }
    EXPECT_EQ(Client().Get("/api/v1/nothing").Header("cache-control"), "no-store");
    EXPECT_EQ(Client().Get("/healthz").Header("cache-control"), "");
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

TEST_F(HttpServerTest, CorsAllowedOrigin) {
    config_.cors_allowed_origins = {"https://app.example.com"};
    AddRoutes();
    Start();
    auto r = Client().Get("/healthz", {{"Origin", "https://app.example.com"}});
    EXPECT_EQ(r.Header("access-control-allow-origin"), "https://app.example.com");
    EXPECT_EQ(r.Header("vary"), "Origin");
    EXPECT_EQ(r.Header("access-control-allow-credentials"), "true");
    EXPECT_EQ(r.Header("access-control-expose-headers"), "X-Request-ID");
}

TEST_F(HttpServerTest, CorsDisallowedOriginGetsNoHeaders) {
    config_.cors_allowed_origins = {"https://app.example.com"};
    AddRoutes();
    Start();
    auto r = Client().Get("/healthz", {{"Origin", "https://evil.example.com"}});
    EXPECT_EQ(r.status, 200);
    for (const auto& [name, value] : r.headers) EXPECT_FALSE(name.starts_with("access-control-")) << name;
    auto pre = Client().Request("OPTIONS", "/api/v1/me", {},
                                {{"Origin", "https://evil.example.com"}, {"Access-Control-Request-Method", "GET"}});
    EXPECT_NE(pre.status, 204);
    EXPECT_EQ(pre.Header("access-control-allow-origin"), "");
}

TEST_F(HttpServerTest, CorsPreflight) {
    config_.cors_allowed_origins = {"https://app.example.com"};
    AddRoutes();
    Start();
    auto r = Client().Request("OPTIONS", "/api/v1/me", {},
                              {{"Origin", "https://app.example.com"},
                               {"Access-Control-Request-Method", "GET"},
                               {"Access-Control-Request-Headers", "authorization"}});
    EXPECT_EQ(r.status, 204);
    EXPECT_EQ(r.Header("access-control-allow-origin"), "https://app.example.com");
    EXPECT_NE(r.Header("access-control-allow-headers").find("X-CSRF-Token"), std::string::npos);
    EXPECT_NE(r.Header("access-control-allow-methods").find("GET"), std::string::npos);
    EXPECT_NE(r.Header("access-control-max-age"), "");
    EXPECT_EQ(auth_.calls.load(), 0);  // preflights carry no credentials and are never authenticated
}

TEST_F(HttpServerTest, IpRateLimitAnswers429WithRetryAfter) {
    config_.rate_limit_ip_per_minute = 60;
    config_.rate_limit_ip_burst = 3;
    AddRoutes();
    Start();
    for (int i = 0; i < 3; ++i) EXPECT_EQ(Client().Get("/healthz").status, 200) << i;
    auto limited = Client().Get("/healthz");
    EXPECT_EQ(limited.status, 429);
    EXPECT_EQ(limited.Header("retry-after"), "1");
    EXPECT_EQ(limited.Header("content-type"), "application/problem+json");
    EXPECT_NE(limited.Header("x-content-type-options"), "");
}

TEST_F(HttpServerTest, PrincipalRateLimitAnswers429) {
    config_.rate_limit_principal_per_minute = 6;
    config_.rate_limit_principal_burst = 2;
    AddRoutes();
    Start();
    const palisade::testing::Headers admin = {{"Authorization", "Bearer admin"}};
    EXPECT_EQ(Client().Get("/api/v1/me", admin).status, 200);
    EXPECT_EQ(Client().Get("/api/v1/me", admin).status, 200);
    auto limited = Client().Get("/api/v1/me", admin);
    EXPECT_EQ(limited.status, 429);
    const int retry = std::atoi(limited.Header("retry-after").c_str());
    EXPECT_GE(retry, 9);
    EXPECT_LE(retry, 10);
    // Another principal has its own bucket.
    EXPECT_EQ(Client().Get("/api/v1/me", {{"Authorization", "Bearer viewer"}}).status, 200);
}

TEST_F(HttpServerTest, ForwardedForIgnoredFromUntrustedPeer) {
    AddRoutes();
    Start();
    EXPECT_EQ(Client().Get("/whoami", {{"X-Forwarded-For", "203.0.113.7"}}).body, "127.0.0.1");
}

TEST_F(HttpServerTest, ForwardedForHonouredFromTrustedProxy) {
    config_.trusted_proxies = {"127.0.0.0/8"};
    AddRoutes();
    Start();
    EXPECT_EQ(Client().Get("/whoami", {{"X-Forwarded-For", "198.51.100.1, 203.0.113.7"}}).body, "203.0.113.7");
    EXPECT_EQ(Client().Get("/whoami").body, "127.0.0.1");
}

TEST_F(HttpServerTest, HandlerExceptionIs500WithoutLeakingMessage) {
    AddRoutes();
    Start();
    auto r = Client().Get("/boom");
    EXPECT_EQ(r.status, 500);
    EXPECT_EQ(r.Header("content-type"), "application/problem+json");
    EXPECT_EQ(r.body.find("hunter2"), std::string::npos);
    EXPECT_EQ(Client().Get("/healthz").status, 200);  // the server carries on
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

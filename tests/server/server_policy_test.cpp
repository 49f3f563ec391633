// SPDX-License-Identifier: Apache-2.0
// The request policy of a real HttpServer: authentication, permissions, request ids, security headers, CORS,
// rate limits, client IP and error hiding.
#include <gtest/gtest.h>

#include <regex>

#include "server/server.hpp"
#include "server_fixture.hpp"

namespace palisade::server {
namespace {

using namespace std::chrono_literals;

using testing::ServerTest;

class HttpServerPolicyTest : public ServerTest {
  protected:
    void AddRoutes() { testing::AddStandardRoutes(router_); }
};

TEST_F(HttpServerPolicyTest, RouteWithoutPermissionIsForbidden) {
    AddRoutes();
    Start();
    auto r = Client().Get("/api/v1/forgotten", {{"Authorization", "Bearer admin"}});
    EXPECT_EQ(r.status, 403);
    EXPECT_EQ(r.body.find("nope"), std::string::npos);
}

TEST_F(HttpServerPolicyTest, AuthenticatedRoute) {
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

TEST_F(HttpServerPolicyTest, MissingPermissionIs403) {
    AddRoutes();
    Start();
    EXPECT_EQ(Client().Get("/api/v1/users", {{"Authorization", "Bearer viewer"}}).status, 403);
    EXPECT_EQ(Client().Get("/api/v1/users", {{"Authorization", "Bearer admin"}}).status, 200);
}

TEST_F(HttpServerPolicyTest, RequestIdKeptGeneratedOrReplaced) {
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

TEST_F(HttpServerPolicyTest, SecurityHeadersOnSuccessAndErrors) {
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

TEST_F(HttpServerPolicyTest, CorsAllowedOrigin) {
    config_.cors_allowed_origins = {"https://app.example.com"};
    AddRoutes();
    Start();
    auto r = Client().Get("/healthz", {{"Origin", "https://app.example.com"}});
    EXPECT_EQ(r.Header("access-control-allow-origin"), "https://app.example.com");
    EXPECT_EQ(r.Header("vary"), "Origin");
    EXPECT_EQ(r.Header("access-control-allow-credentials"), "true");
    EXPECT_EQ(r.Header("access-control-expose-headers"), "X-Request-ID");
}

TEST_F(HttpServerPolicyTest, CorsDisallowedOriginGetsNoHeaders) {
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

TEST_F(HttpServerPolicyTest, CorsPreflight) {
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

TEST_F(HttpServerPolicyTest, IpRateLimitAnswers429WithRetryAfter) {
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

TEST_F(HttpServerPolicyTest, PrincipalRateLimitAnswers429) {
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

TEST_F(HttpServerPolicyTest, ForwardedForIgnoredFromUntrustedPeer) {
    AddRoutes();
    Start();
    EXPECT_EQ(Client().Get("/whoami", {{"X-Forwarded-For", "203.0.113.7"}}).body, "127.0.0.1");
}

TEST_F(HttpServerPolicyTest, ForwardedForHonouredFromTrustedProxy) {
    config_.trusted_proxies = {"127.0.0.0/8"};
    AddRoutes();
    Start();
    EXPECT_EQ(Client().Get("/whoami", {{"X-Forwarded-For", "198.51.100.1, 203.0.113.7"}}).body, "203.0.113.7");
    EXPECT_EQ(Client().Get("/whoami").body, "127.0.0.1");
}

TEST_F(HttpServerPolicyTest, HandlerExceptionIs500WithoutLeakingMessage) {
    AddRoutes();
    Start();
    auto r = Client().Get("/boom");
    EXPECT_EQ(r.status, 500);
    EXPECT_EQ(r.Header("content-type"), "application/problem+json");
    EXPECT_EQ(r.body.find("hunter2"), std::string::npos);
    EXPECT_EQ(Client().Get("/healthz").status, 200);  // the server carries on
}

}  // namespace
}  // namespace palisade::server

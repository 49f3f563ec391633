// SPDX-License-Identifier: Apache-2.0
// The request pipeline without sockets: routing, authentication and decoration decisions.
#include "server/pipeline.hpp"

#include <gtest/gtest.h>

#include "log/log.hpp"
#include "server_fixture.hpp"

namespace palisade::server {
namespace {

using testing::FakeAuthenticator;
using testing::TestConfig;
using namespace std::chrono_literals;

class PipelineTest : public ::testing::Test {
  protected:
    void SetUp() override {
        log::Init("error", "json");
        router_
            .Get("/public",
                 [](Request& r) {
                     Response res;
                     res.body = r.principal ? r.principal->user_id : "anonymous";
                     return res;
                 })
            .Public();
        router_
            .Get("/members",
                 [](Request& r) {
                     Response res;
                     res.body = r.principal->user_id;
                     return res;
                 })
            .Require(auth::Permission::kAuthenticated);
        router_.Get("/admin", [](Request&) { return Response{}; }).Require(auth::Permission::kUsersManage);
        router_.Get("/forgotten", [](Request&) { return Response{}; });
        router_.Get("/boom", [](Request&) -> Response { throw std::runtime_error("secret detail"); }).Public();
        router_
            .Get("/items/{id}",
                 [](Request& r) {
                     Response res;
                     res.body = std::string(r.PathParam("id"));
                     return res;
                 })
            .Public();
    }

    RequestPipeline Make() {
        auto trusted = TrustedProxies::Parse(config_.trusted_proxies);
        return RequestPipeline(config_, *trusted, router_, auth_, metrics_);
    }

    static Request Get(std::string target, std::vector<std::pair<std::string, std::string>> headers = {}) {
        Request r;
        r.method = Method::kGet;
        r.target = std::move(target);
        r.headers = std::move(headers);
        return r;
    }

    // Identify + Prepare + Run, as the session does.
    Response Handle(RequestPipeline& p, Request& r) {
        p.Identify(r, "127.0.0.1");
        auto prepared = p.Prepare(r, std::chrono::steady_clock::now());
        Response res =
            prepared.response ? *prepared.response : p.Run(*prepared.route, r, std::chrono::steady_clock::now());
        p.Decorate(r, res);
        return res;
    }

    config::ServerConfig config_ = TestConfig();
    Router router_;
    FakeAuthenticator auth_;
    Metrics metrics_;
};

TEST_F(PipelineTest, IdentifySplitsTargetAndDecodesPath) {
    auto p = Make();
    Request r = Get("/items/a%20b?token=secret&x=1");
    p.Identify(r, "::ffff:127.0.0.1");
    EXPECT_EQ(r.path, "/items/a b");
    EXPECT_EQ(r.query, "token=secret&x=1");
    EXPECT_EQ(r.client_ip, "127.0.0.1");
    EXPECT_FALSE(r.request_id.empty());
}

TEST_F(PipelineTest, CapturesReachTheHandler) {
    auto p = Make();
    Request r = Get("/items/x%2Fy");
    Response res = Handle(p, r);
    EXPECT_EQ(res.status, 200);
    EXPECT_EQ(res.body, "x/y");
    EXPECT_EQ(r.route_pattern, "/items/{id}");
}

TEST_F(PipelineTest, NonOriginFormTargetIs400) {
    auto p = Make();
    for (const char* target : {"http://example.com/public", "*", "/bad%zz"}) {
        Request r = Get(target);
        EXPECT_EQ(Handle(p, r).status, 400) << target;
    }
}

TEST_F(PipelineTest, RouteWithoutPermissionIsDeniedWithoutAuthenticating) {
    auto p = Make();
    Request r = Get("/forgotten", {{"authorization", "Bearer admin"}});
    EXPECT_EQ(Handle(p, r).status, 403);
    EXPECT_EQ(auth_.calls.load(), 0);
}

TEST_F(PipelineTest, AuthenticationOutcomes) {
    auto p = Make();
    Request none = Get("/members");
    Response r1 = Handle(p, none);
    EXPECT_EQ(r1.status, 401);
    EXPECT_EQ(*r1.Header("WWW-Authenticate"), "Bearer");
    Request bad = Get("/members", {{"authorization", "Bearer expired"}});
    EXPECT_EQ(Handle(p, bad).status, 401);
    Request csrf = Get("/members", {{"authorization", "Bearer admin"}, {"x-csrf-fail", "1"}});
    EXPECT_EQ(Handle(p, csrf).status, 403);
    Request viewer = Get("/admin", {{"authorization", "Bearer viewer"}});
    EXPECT_EQ(Handle(p, viewer).status, 403);
    Request admin = Get("/admin", {{"authorization", "Bearer admin"}});
    EXPECT_EQ(Handle(p, admin).status, 200);
    ASSERT_TRUE(admin.principal.has_value());
    EXPECT_EQ(admin.principal->user_id, "u-admin");
}

TEST_F(PipelineTest, AuthenticatorThrottlingAndOutages) {
    auto p = Make();
    Request locked = Get("/members", {{"authorization", "Bearer locked"}});
    Response r = Handle(p, locked);
    EXPECT_EQ(r.status, 429);
    EXPECT_EQ(*r.Header("Retry-After"), "30");
    Request down = Get("/members", {{"authorization", "Bearer db-down"}});
    Response d = Handle(p, down);
    EXPECT_EQ(d.status, 503);
    EXPECT_EQ(d.body.find("connection refused"), std::string::npos);  // detail stays server-side
}

TEST_F(PipelineTest, PublicRouteSeesPrincipalWhenCredentialsAreGoodAndIgnoresBadOnes) {
    auto p = Make();
    Request anon = Get("/public");
    EXPECT_EQ(Handle(p, anon).body, "anonymous");
    Request key = Get("/public", {{"x-api-key", "key-1"}});
    EXPECT_EQ(Handle(p, key).body, "u-key-owner");
    Request stale = Get("/public", {{"authorization", "Bearer expired"}});
    Response res = Handle(p, stale);
    EXPECT_EQ(res.status, 200);
    EXPECT_EQ(res.body, "anonymous");
    EXPECT_EQ(auth_.calls.load(), 2);  // the anonymous request needed no authenticator call
}

TEST_F(PipelineTest, InlineOnlyForPublicRoutesWithoutCredentials) {
    router_.Get("/inline-public", [](Request&) { return Response{}; }).Public().Inline();
    router_.Get("/inline-private", [](Request&) { return Response{}; })
        .Require(auth::Permission::kAuthenticated)
        .Inline();
    auto p = Make();
    const auto now = std::chrono::steady_clock::now();
    Request anon = Get("/inline-public");
    p.Identify(anon, "127.0.0.1");
    EXPECT_TRUE(p.Prepare(anon, now).run_inline);
    // Credentials need the authenticator, which may block: off the I/O thread.
    Request cookie = Get("/inline-public", {{"cookie", "session=x"}});
    p.Identify(cookie, "127.0.0.1");
    EXPECT_FALSE(p.Prepare(cookie, now).run_inline);
    Request priv = Get("/inline-private");
    p.Identify(priv, "127.0.0.1");
    EXPECT_FALSE(p.Prepare(priv, now).run_inline);
    Request pooled = Get("/public");
    p.Identify(pooled, "127.0.0.1");
    EXPECT_FALSE(p.Prepare(pooled, now).run_inline);
}

TEST_F(PipelineTest, InvalidHandlerStatusBecomes500) {
    router_
        .Get("/weird",
             [](Request&) {
                 Response r;
                 r.status = 1234;
                 return r;
             })
        .Public();
    auto p = Make();
    Request r = Get("/weird");
    Response res = Handle(p, r);
    EXPECT_EQ(res.status, 500);
    EXPECT_NE(res.Header("X-Content-Type-Options"), nullptr);
    EXPECT_EQ(*res.Header("X-Request-ID"), r.request_id);
}

TEST_F(PipelineTest, HandlerExceptionIs500WithoutItsText) {
    auto p = Make();
    Request r = Get("/boom");
    Response res = Handle(p, r);
    EXPECT_EQ(res.status, 500);
    EXPECT_EQ(*res.Header("Content-Type"), "application/problem+json");
    EXPECT_EQ(res.body.find("secret"), std::string::npos);
}

TEST_F(PipelineTest, PrincipalRateLimitIsPerPrincipal) {
    config_.rate_limit_principal_per_minute = 60;
    config_.rate_limit_principal_burst = 1;
    auto p = Make();
    Request a1 = Get("/members", {{"authorization", "Bearer admin"}});
    EXPECT_EQ(Handle(p, a1).status, 200);
    Request a2 = Get("/members", {{"authorization", "Bearer admin"}});
    Response limited = Handle(p, a2);
    EXPECT_EQ(limited.status, 429);
    EXPECT_EQ(*limited.Header("Retry-After"), "1");
    Request v = Get("/members", {{"authorization", "Bearer viewer"}});
    EXPECT_EQ(Handle(p, v).status, 200);
}

TEST_F(PipelineTest, DecorateAddsRequestIdAndDefaultContentType) {
    auto p = Make();
    Request r = Get("/public", {{"x-request-id", "abc-123"}});
    Response res = Handle(p, r);
    EXPECT_EQ(*res.Header("X-Request-ID"), "abc-123");
    EXPECT_EQ(*res.Header("Content-Type"), "application/json");
    EXPECT_NE(res.Header("Content-Security-Policy"), nullptr);
}

TEST_F(PipelineTest, RecordCountsMetrics) {
    auto p = Make();
    Request r = Get("/items/7");
    Response res = Handle(p, r);
    p.Record(r, res.status, res.body.size(), 2ms);
    EXPECT_NE(metrics_.RenderPrometheus().find(
                  "palisade_http_requests_total{route=\"/items/{id}\",method=\"GET\",status=\"200\"} 1"),
              std::string::npos);
}

}  // namespace
}  // namespace palisade::server

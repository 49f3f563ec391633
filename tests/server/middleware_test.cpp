// SPDX-License-Identifier: Apache-2.0
#include "server/middleware.hpp"

#include <gtest/gtest.h>

#include <regex>

namespace palisade::server {
namespace {

const std::regex kUuidV7("^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");

TEST(RequestId, AcceptsSafeIdsUpTo128Chars) {
    EXPECT_TRUE(IsValidRequestId("abc-DEF_123.x"));
    EXPECT_TRUE(IsValidRequestId(std::string(128, 'a')));
    EXPECT_FALSE(IsValidRequestId(std::string(129, 'a')));
    EXPECT_FALSE(IsValidRequestId(""));
    EXPECT_FALSE(IsValidRequestId("has space"));
    EXPECT_FALSE(IsValidRequestId("inject\r\nx"));
    EXPECT_FALSE(IsValidRequestId("quote\""));
}

TEST(RequestId, KeepsValidHeaderElseGeneratesUuidV7) {
    const std::string good = "client-id.1";
    const std::string bad = "not valid!";
    const auto now = std::chrono::system_clock::now();
    EXPECT_EQ(ResolveRequestId(&good, now), good);
    EXPECT_TRUE(std::regex_match(ResolveRequestId(&bad, now), kUuidV7));
    EXPECT_TRUE(std::regex_match(ResolveRequestId(nullptr, now), kUuidV7));
    EXPECT_NE(ResolveRequestId(nullptr, now), ResolveRequestId(nullptr, now));
}

TEST(ClientIp, NormalizesAddresses) {
    EXPECT_EQ(NormalizeIp("10.0.0.1"), "10.0.0.1");
    EXPECT_EQ(NormalizeIp("::ffff:10.0.0.1"), "10.0.0.1");
    EXPECT_EQ(NormalizeIp("2001:DB8::0:1"), "2001:db8::1");
    EXPECT_FALSE(NormalizeIp("example.com").has_value());
    EXPECT_FALSE(NormalizeIp("10.0.0.256").has_value());
    EXPECT_FALSE(NormalizeIp("").has_value());
}

TEST(TrustedProxies, ParsesAddressesAndCidrs) {
    auto t = TrustedProxies::Parse({"10.0.0.0/8", "192.168.1.7", "fd00::/8", "::1", " 172.16.0.0/12 "});
    ASSERT_TRUE(t.has_value()) << t.error().message;
    EXPECT_TRUE(t->Contains("10.200.3.4"));
    EXPECT_TRUE(t->Contains("::ffff:10.1.1.1"));
    EXPECT_TRUE(t->Contains("192.168.1.7"));
    EXPECT_FALSE(t->Contains("192.168.1.8"));
    EXPECT_TRUE(t->Contains("fd12:3456::1"));
    EXPECT_FALSE(t->Contains("fe80::1"));
    EXPECT_TRUE(t->Contains("::1"));
    EXPECT_TRUE(t->Contains("172.31.255.255"));
    EXPECT_FALSE(t->Contains("172.32.0.0"));
    EXPECT_FALSE(t->Contains("11.0.0.1"));
    EXPECT_FALSE(t->Contains("garbage"));
}

TEST(TrustedProxies, NonByteAlignedPrefix) {
    auto t = TrustedProxies::Parse({"192.168.0.0/23"});
    ASSERT_TRUE(t.has_value());
    EXPECT_TRUE(t->Contains("192.168.1.255"));
    EXPECT_FALSE(t->Contains("192.168.2.0"));
}

TEST(TrustedProxies, RejectsBadEntries) {
    for (const char* bad : {"10.0.0.0/33", "::/129", "nope", "10.0.0.0/", "10.0.0.0/x", "1.2.3.4/-1"}) {
        auto t = TrustedProxies::Parse({bad});
        ASSERT_FALSE(t.has_value()) << bad;
        EXPECT_EQ(t.error().code, ErrorCode::kInvalidArgument);
        EXPECT_NE(t.error().message.find(bad), std::string::npos);
    }
}

TEST(ClientIp, PeerWhenNotTrusted) {
    auto trusted = TrustedProxies::Parse({"10.0.0.1"});
    const std::string xff = "1.2.3.4";
    EXPECT_EQ(ResolveClientIp("192.0.2.9", &xff, *trusted), "192.0.2.9");
    EXPECT_EQ(ResolveClientIp("10.0.0.1", nullptr, *trusted), "10.0.0.1");
}

TEST(ClientIp, ForwardedForFromTrustedProxy) {
    auto trusted = TrustedProxies::Parse({"10.0.0.0/8"});
    const std::string one = "203.0.113.5";
    EXPECT_EQ(ResolveClientIp("10.0.0.1", &one, *trusted), "203.0.113.5");
    // A chain of trusted proxies is skipped; the nearest untrusted hop is the client, and whatever the client
    // wrote to the left of it is ignored.
    const std::string chain = "6.6.6.6, 203.0.113.5, 10.1.1.1, 10.2.2.2";
    EXPECT_EQ(ResolveClientIp("::ffff:10.0.0.1", &chain, *trusted), "203.0.113.5");
}

TEST(ClientIp, AllHopsTrustedGivesLeftMost) {
    auto trusted = TrustedProxies::Parse({"10.0.0.0/8"});
    const std::string chain = "10.9.9.9, 10.1.1.1";
    EXPECT_EQ(ResolveClientIp("10.0.0.1", &chain, *trusted), "10.9.9.9");
}

TEST(ClientIp, GarbageHopStopsAtLastTrusted) {
    auto trusted = TrustedProxies::Parse({"10.0.0.0/8"});
    const std::string chain = "evil, 10.1.1.1";
    EXPECT_EQ(ResolveClientIp("10.0.0.1", &chain, *trusted), "10.1.1.1");
    const std::string empty;
    EXPECT_EQ(ResolveClientIp("10.0.0.1", &empty, *trusted), "10.0.0.1");
}

Request WithHeaders(Method m, std::vector<std::pair<std::string, std::string>> headers) {
    Request r;
    r.method = m;
    r.headers = std::move(headers);
    return r;
}

TEST(Cors, AllowedOriginIsEchoedWithVaryAndCredentials) {
    const std::vector<std::string> allowed = {"https://app.example.com"};
    Request r = WithHeaders(Method::kGet, {{"origin", "https://app.example.com"}});
    Response res;
    res.SetHeader("Vary", "Accept-Encoding");
    ApplyCors(r, res, allowed);
    ASSERT_NE(res.Header("Access-Control-Allow-Origin"), nullptr);
    EXPECT_EQ(*res.Header("Access-Control-Allow-Origin"), "https://app.example.com");
    EXPECT_EQ(*res.Header("Vary"), "Accept-Encoding, Origin");
    EXPECT_EQ(*res.Header("Access-Control-Allow-Credentials"), "true");
    EXPECT_EQ(*res.Header("Access-Control-Expose-Headers"), "X-Request-ID");
}

TEST(Cors, OtherOriginsGetNothing) {
    const std::vector<std::string> allowed = {"https://app.example.com"};
    for (const char* origin : {"https://evil.example.com", "https://APP.example.com", "null", ""}) {
        Request r = WithHeaders(Method::kGet, {{"origin", origin}});
        Response res;
        ApplyCors(r, res, allowed);
        EXPECT_TRUE(res.headers.empty()) << origin;
    }
    Request no_origin;
    Response res;
    ApplyCors(no_origin, res, allowed);
    EXPECT_TRUE(res.headers.empty());
}

TEST(Cors, PreflightNeedsOptionsOriginAndRequestMethod) {
    EXPECT_TRUE(
        IsPreflight(WithHeaders(Method::kOptions, {{"origin", "x"}, {"access-control-request-method", "PUT"}})));
    EXPECT_FALSE(IsPreflight(WithHeaders(Method::kOptions, {{"origin", "x"}})));
    EXPECT_FALSE(IsPreflight(WithHeaders(Method::kGet, {{"origin", "x"}, {"access-control-request-method", "PUT"}})));
    Response r = PreflightResponse("https://app.example.com");
    EXPECT_EQ(r.status, 204);
    EXPECT_EQ(*r.Header("Access-Control-Allow-Origin"), "https://app.example.com");
    for (const char* h : {"Authorization", "Content-Type", "X-API-Key", "X-CSRF-Token", "X-Request-ID"}) {
        EXPECT_NE(r.Header("Access-Control-Allow-Headers")->find(h), std::string::npos) << h;
    }
    EXPECT_NE(r.Header("Access-Control-Allow-Methods")->find("DELETE"), std::string::npos);
    EXPECT_NE(r.Header("Access-Control-Max-Age"), nullptr);
}

TEST(SecurityHeaders, AlwaysPresentHstsOnlyWithTls) {
    Response plain;
    ApplySecurityHeaders("/healthz", false, plain);
    EXPECT_EQ(*plain.Header("Content-Security-Policy"),
              "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'");
    EXPECT_EQ(*plain.Header("X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(*plain.Header("X-Frame-Options"), "DENY");
    EXPECT_EQ(*plain.Header("Referrer-Policy"), "no-referrer");
    EXPECT_EQ(*plain.Header("Cross-Origin-Opener-Policy"), "same-origin");
    EXPECT_EQ(plain.Header("Strict-Transport-Security"), nullptr);
    EXPECT_EQ(plain.Header("Cache-Control"), nullptr);

    Response api;
    ApplySecurityHeaders("/api/v1/users", true, api);
    EXPECT_EQ(*api.Header("Cache-Control"), "no-store");
    ASSERT_NE(api.Header("Strict-Transport-Security"), nullptr);
    EXPECT_NE(api.Header("Strict-Transport-Security")->find("max-age="), std::string::npos);
}

TEST(SecurityHeaders, KeepsHandlerChoices) {
    Response r;
    r.SetHeader("Cache-Control", "max-age=60");
    ApplySecurityHeaders("/api/v1/openapi.json", false, r);
    EXPECT_EQ(*r.Header("Cache-Control"), "max-age=60");
}

}  // namespace
}  // namespace palisade::server

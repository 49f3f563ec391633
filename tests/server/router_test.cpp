// SPDX-License-Identifier: Apache-2.0
#include "server/router.hpp"

#include <gtest/gtest.h>

#include "server/http.hpp"

namespace palisade::server {
namespace {

Response Ok(Request&) { return Response{}; }

using Params = std::map<std::string, std::string, std::less<>>;

TEST(Router, MatchesLiteralPath) {
    Router router;
    router.Get("/api/v1/users", Ok).Public();
    Params params;
    RouteMatch m = router.Match(Method::kGet, "/api/v1/users", params);
    ASSERT_NE(m.route, nullptr);
    EXPECT_EQ(m.route->pattern, "/api/v1/users");
    EXPECT_TRUE(params.empty());
}

TEST(Router, CapturesSegments) {
    Router router;
    router.Get("/api/v1/orgs/{org}/users/{id}", Ok).Public();
    Params params;
    RouteMatch m = router.Match(Method::kGet, "/api/v1/orgs/o1/users/42", params);
    ASSERT_NE(m.route, nullptr);
    EXPECT_EQ(params["org"], "o1");
    EXPECT_EQ(params["id"], "42");
}

TEST(Router, PercentDecodesCapturesButNotAcrossSegments) {
    Router router;
    router.Get("/files/{name}", Ok).Public();
    Params params;
    RouteMatch m = router.Match(Method::kGet, "/files/a%20b%2Fc", params);
    ASSERT_NE(m.route, nullptr);
    EXPECT_EQ(params["name"], "a b/c");
}

TEST(Router, MalformedEscapeInCaptureDoesNotMatch) {
    Router router;
    router.Get("/files/{name}", Ok).Public();
    Params params;
    EXPECT_EQ(router.Match(Method::kGet, "/files/a%2", params).route, nullptr);
    EXPECT_EQ(router.Match(Method::kGet, "/files/%zz", params).route, nullptr);
}

TEST(Router, EmptySegmentNeverFillsCapture) {
    Router router;
    router.Get("/users/{id}", Ok).Public();
    Params params;
    EXPECT_EQ(router.Match(Method::kGet, "/users/", params).route, nullptr);
}

TEST(Router, TrailingSlashDoesNotMatch) {
    Router router;
    router.Get("/api/v1/users", Ok).Public();
    Params params;
    RouteMatch m = router.Match(Method::kGet, "/api/v1/users/", params);
    EXPECT_EQ(m.route, nullptr);
    EXPECT_FALSE(m.path_exists);
}

TEST(Router, HeadMatchesGetRoute) {
    Router router;
    router.Get("/healthz", Ok).Public();
    Params params;
    RouteMatch m = router.Match(Method::kHead, "/healthz", params);
    ASSERT_NE(m.route, nullptr);
    EXPECT_EQ(m.route->method, Method::kGet);
}

TEST(Router, WrongMethodReportsPathAndAllowedMethods) {
    Router router;
    router.Get("/items/{id}", Ok).Public();
    router.Delete("/items/{id}", Ok).Public();
    Params params;
    RouteMatch m = router.Match(Method::kPost, "/items/7", params);
    EXPECT_EQ(m.route, nullptr);
    EXPECT_TRUE(m.path_exists);
    EXPECT_EQ(m.allowed, (std::vector<Method>{Method::kGet, Method::kDelete}));
    EXPECT_TRUE(params.empty());
}

TEST(Router, UnknownPathIsNotFound) {
    Router router;
    router.Get("/a", Ok).Public();
    Params params;
    RouteMatch m = router.Match(Method::kGet, "/b", params);
    EXPECT_EQ(m.route, nullptr);
    EXPECT_FALSE(m.path_exists);
}

TEST(Router, RouteWithoutRequireHasNoPermission) {
    Router router;
    router.Get("/open", Ok).Public();
    router.Get("/forgotten", Ok);
    router.Get("/admin", Ok).Require(auth::Permission::kUsersManage).Inline();
    EXPECT_EQ(router.Routes()[0].permission, auth::Permission::kPublic);
    EXPECT_FALSE(router.Routes()[1].permission.has_value());
    EXPECT_EQ(router.Routes()[2].permission, auth::Permission::kUsersManage);
    EXPECT_TRUE(router.Routes()[2].inline_io);
}

TEST(Router, FirstMatchingRouteWins) {
    Router router;
    router.Get("/users/me", Ok).Public();
    router.Get("/users/{id}", Ok).Public();
    Params params;
    EXPECT_EQ(router.Match(Method::kGet, "/users/me", params).route->pattern, "/users/me");
    EXPECT_EQ(router.Match(Method::kGet, "/users/7", params).route->pattern, "/users/{id}");
}

TEST(PercentDecode, DecodesEscapes) {
    EXPECT_EQ(PercentDecode("a%20b%2fc%2F"), "a b/c/");
    EXPECT_EQ(PercentDecode("plain"), "plain");
    EXPECT_EQ(PercentDecode(""), "");
    EXPECT_EQ(PercentDecode("%41%62"), "Ab");
}

TEST(PercentDecode, LeavesPlusAlone) { EXPECT_EQ(PercentDecode("a+b"), "a+b"); }

TEST(PercentDecode, RejectsMalformedEscapes) {
    EXPECT_FALSE(PercentDecode("%").has_value());
    EXPECT_FALSE(PercentDecode("%4").has_value());
    EXPECT_FALSE(PercentDecode("abc%").has_value());
    EXPECT_FALSE(PercentDecode("%g1").has_value());
}

TEST(PercentDecode, DecodesEscapeAtEnd) { EXPECT_EQ(PercentDecode("a%41"), "aA"); }

TEST(Request, ReadsQueryParamsAndCookies) {
    Request r;
    r.query = "a=1&name=J%C3%B6rg+M&empty=&flag";
    r.headers = {{"cookie", "theme=dark; session=abc123"}};
    EXPECT_EQ(r.QueryParam("a"), "1");
    EXPECT_EQ(r.QueryParam("name"), "J\xC3\xB6rg M");
    EXPECT_EQ(r.QueryParam("empty"), "");
    EXPECT_EQ(r.QueryParam("flag"), "");
    EXPECT_FALSE(r.QueryParam("missing").has_value());
    EXPECT_EQ(r.Cookie("session"), "abc123");
    EXPECT_FALSE(r.Cookie("nope").has_value());
}

TEST(Response, SetHeaderReplacesCaseInsensitivelyAndAddHeaderAppends) {
    Response r;
    r.SetHeader("Content-Type", "text/plain");
    r.SetHeader("content-type", "application/json");
    r.AddHeader("Set-Cookie", "a=1");
    r.AddHeader("Set-Cookie", "b=2");
    ASSERT_NE(r.Header("CONTENT-TYPE"), nullptr);
    EXPECT_EQ(*r.Header("CONTENT-TYPE"), "application/json");
    EXPECT_EQ(r.headers.size(), 3u);
}

}  // namespace
}  // namespace palisade::server

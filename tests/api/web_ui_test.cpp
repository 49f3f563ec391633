// SPDX-License-Identifier: Apache-2.0
// The web UI's file server: encodings, caching, the SPA fallback, CSP, and the router's fallback route.
#include "api/web/web_ui.hpp"

#include <gtest/gtest.h>

#include <array>

#include "server/router.hpp"

namespace palisade::api {
namespace {

using server::Method;
using server::Request;

constexpr std::string_view kIndex = "<!doctype html><div id=\"root\"></div><script type=\"module\" src=\"/assets/app-1a2b.js\"></script>";
constexpr std::string_view kScript = "console.log('app');";

const std::array<EmbeddedFile, 7> kFiles = {{
    {"index.html", kIndex},
    {"index.html.gz", "GZ-INDEX"},
    {"assets/app-1a2b.js", kScript},
    {"assets/app-1a2b.js.gz", "GZ-APP"},
    {"assets/app-1a2b.js.br", "BR-APP"},
    {"favicon.svg", "<svg/>"},
    {"", ""},  // the generated array's terminator
}};

Request Get(std::string path, std::vector<std::pair<std::string, std::string>> headers = {}) {
    Request r;
    r.method = Method::kGet;
    r.target = path;
    r.path = std::move(path);
    r.headers = std::move(headers);
    return r;
}

TEST(WebUiTest, ServesFilesWithTheirTypeAndCacheLifetime) {
    const WebUi ui(kFiles);
    ASSERT_TRUE(ui.Available());
    auto js = ui.Serve(Get("/assets/app-1a2b.js"));
    EXPECT_EQ(js.status, 200);
    EXPECT_EQ(js.body, kScript);
    EXPECT_EQ(*js.Header("Content-Type"), "text/javascript; charset=utf-8");
    EXPECT_EQ(*js.Header("Cache-Control"), "public, max-age=31536000, immutable");
    EXPECT_EQ(js.Header("Content-Encoding"), nullptr);
    EXPECT_EQ(js.Header("Content-Security-Policy"), nullptr);  // the server's default applies to non-HTML

    auto index = ui.Serve(Get("/"));
    EXPECT_EQ(index.body, kIndex);
    EXPECT_EQ(*index.Header("Content-Type"), "text/html; charset=utf-8");
    EXPECT_EQ(*index.Header("Cache-Control"), "no-cache");
    const std::string csp = *index.Header("Content-Security-Policy");
    EXPECT_NE(csp.find("script-src 'self';"), std::string::npos);
    EXPECT_NE(csp.find("style-src 'self';"), std::string::npos);
    EXPECT_NE(csp.find("connect-src 'self'"), std::string::npos);
    EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos);

    auto icon = ui.Serve(Get("/favicon.svg"));
    EXPECT_EQ(*icon.Header("Content-Type"), "image/svg+xml");
    EXPECT_EQ(*icon.Header("Cache-Control"), "public, max-age=3600");
}

TEST(WebUiTest, PrefersBrotliThenGzipAsTheClientAllows) {
    const WebUi ui(kFiles);
    auto br = ui.Serve(Get("/assets/app-1a2b.js", {{"accept-encoding", "gzip, deflate, br"}}));
    EXPECT_EQ(br.body, "BR-APP");
    EXPECT_EQ(*br.Header("Content-Encoding"), "br");
    EXPECT_EQ(*br.Header("Vary"), "Accept-Encoding");
    auto gz = ui.Serve(Get("/assets/app-1a2b.js", {{"accept-encoding", "gzip, br;q=0"}}));
    EXPECT_EQ(gz.body, "GZ-APP");
    EXPECT_EQ(*gz.Header("Content-Encoding"), "gzip");
    // index.html has a gzip copy but no brotli one.
    auto index = ui.Serve(Get("/", {{"accept-encoding", "br, gzip"}}));
    EXPECT_EQ(index.body, "GZ-INDEX");
    auto plain = ui.Serve(Get("/assets/app-1a2b.js", {{"accept-encoding", "identity"}}));
    EXPECT_EQ(plain.body, kScript);
    // The compressed copies are not files of their own.
    EXPECT_EQ(ui.Serve(Get("/assets/app-1a2b.js.br")).status, 404);
}

TEST(WebUiTest, ClientRoutesGetTheAppAndMissingFilesA404) {
    const WebUi ui(kFiles);
    for (const char* route : {"/findings", "/findings/0192f0c4-0000-7000-8000-000000000001", "/settings/api-keys",
                              "/verify-email"}) {
        auto r = ui.Serve(Get(route));
        EXPECT_EQ(r.status, 200) << route;
        EXPECT_EQ(r.body, kIndex) << route;
    }
    EXPECT_EQ(ui.Serve(Get("/assets/app-0000.js")).status, 404);  // an old build's script: not HTML
    EXPECT_EQ(ui.Serve(Get("/assets/whatever")).status, 404);
    EXPECT_EQ(ui.Serve(Get("/robots.txt")).status, 404);
}

TEST(WebUiTest, ConditionalRequestsGet304) {
    const WebUi ui(kFiles);
    auto first = ui.Serve(Get("/assets/app-1a2b.js"));
    const std::string etag = *first.Header("ETag");
    ASSERT_FALSE(etag.empty());
    auto again = ui.Serve(Get("/assets/app-1a2b.js", {{"if-none-match", "\"other\", " + etag}}));
    EXPECT_EQ(again.status, 304);
    EXPECT_TRUE(again.body.empty());
    EXPECT_EQ(*again.Header("ETag"), etag);
    EXPECT_EQ(ui.Serve(Get("/assets/app-1a2b.js", {{"if-none-match", "\"other\""}})).status, 200);
    EXPECT_NE(*ui.Serve(Get("/")).Header("ETag"), etag);
}

TEST(WebUiTest, AcceptEncodingAndIfNoneMatchParsing) {
    EXPECT_TRUE(ParseAcceptEncoding("br").br);
    EXPECT_FALSE(ParseAcceptEncoding("br;q=0").br);
    EXPECT_FALSE(ParseAcceptEncoding("br; q=0.000").br);
    EXPECT_TRUE(ParseAcceptEncoding("br;q=0.5").br);
    EXPECT_TRUE(ParseAcceptEncoding("GZIP").gzip);
    const auto star = ParseAcceptEncoding("*;q=1, gzip;q=0");
    EXPECT_TRUE(star.br);
    EXPECT_FALSE(star.gzip);
    EXPECT_FALSE(ParseAcceptEncoding("").br);
    EXPECT_FALSE(ParseAcceptEncoding(",,;;q=").gzip);
    EXPECT_TRUE(IfNoneMatchHits("*", "W/\"a\""));
    EXPECT_TRUE(IfNoneMatchHits("\"a\"", "W/\"a\""));
    EXPECT_FALSE(IfNoneMatchHits("\"ab\"", "W/\"a\""));
    EXPECT_FALSE(IfNoneMatchHits("", "W/\"a\""));
}

TEST(WebUiTest, TheRouterFallbackCoversGetsOutsideTheApi) {
    const WebUi ui(kFiles);
    server::Router router;
    router.Get("/healthz", [](Request&) { return server::Response{}; }).Public();
    MountWebUi(router, ui, "1.0");
    std::map<std::string, std::string, std::less<>> params;
    auto match = router.Match(Method::kGet, "/findings/abc", params);
    ASSERT_NE(match.route, nullptr);
    EXPECT_EQ(match.route->pattern, "/{path}");
    EXPECT_EQ(match.route->permission, auth::Permission::kPublic);
    EXPECT_NE(router.Match(Method::kHead, "/scans", params).route, nullptr);
    EXPECT_EQ(router.Match(Method::kGet, "/api/v1/nothing", params).route, nullptr);
    EXPECT_FALSE(router.Match(Method::kGet, "/api/v1/nothing", params).path_exists);
    EXPECT_EQ(router.Match(Method::kGet, "/api", params).route, nullptr);
    EXPECT_EQ(router.Match(Method::kPost, "/findings", params).route, nullptr);
    EXPECT_EQ(router.Match(Method::kGet, "/healthz", params).route->pattern, "/healthz");
    for (const auto& route : router.Routes()) EXPECT_NE(route.pattern, "/{path}");  // not listed as a route
}

TEST(WebUiTest, WithoutAUiTheHomePageSaysSo) {
    const WebUi none(std::span<const EmbeddedFile>{});
    EXPECT_FALSE(none.Available());
    server::Router router;
    MountWebUi(router, none, "9.9.9");
    std::map<std::string, std::string, std::less<>> params;
    EXPECT_EQ(router.Match(Method::kGet, "/findings", params).route, nullptr);
    auto home = router.Match(Method::kGet, "/", params);
    ASSERT_NE(home.route, nullptr);
    Request request = Get("/");
    auto r = home.route->handler(request);
    EXPECT_EQ(r.status, 200);
    EXPECT_NE(r.body.find("built without the web UI"), std::string::npos);
    EXPECT_NE(r.body.find("9.9.9"), std::string::npos);
}

}  // namespace
}  // namespace palisade::api

// SPDX-License-Identifier: Apache-2.0
// The scanner's HTTP client against loopback fixtures: headers, redirects and scope, cookies, size cap, Retry-After,
// per-host request rate, cancellation, raw request parsing.
#include "scan/http/http_client.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "support/http/http_fixture.hpp"

namespace palisade::scan::http {
namespace {

using palisade::testing::HttpFixture;
using palisade::testing::HttpMode;
using palisade::testing::ScriptedResponse;

Request Get(std::string url) {
    Request r;
    r.url = std::move(url);
    return r;
}

TEST(HttpClient, SendsUserAgentExtraHeadersAndReadsTheResponse) {
    HttpFixture site;
    site.Route("/", ScriptedResponse::Html("<p>hello</p>", {{"X-Test", "1"}, {"Set-Cookie", "a=1"}, {"Set-Cookie", "b=2"}}));
    ClientOptions options;
    options.user_agent = "Palisade-Test/1.0";
    options.extra_headers = {{"Authorization", "Bearer abc"}, {"X-Remove", "x"}};
    auto client = MakeCurlClient(options);
    Request request = Get(site.Url("/"));
    request.headers = {{"X-Remove", ""}, {"X-Per-Request", "yes"}};
    auto response = client->Send(request);
    ASSERT_TRUE(response.has_value()) << response.error().message;
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->reason, "OK");
    EXPECT_EQ(response->body, "<p>hello</p>");
    EXPECT_EQ(response->First("x-test"), "1");
    EXPECT_EQ(response->Values("Set-Cookie"), (std::vector<std::string>{"a=1", "b=2"}));
    EXPECT_EQ(response->MediaType(), "text/html");
    EXPECT_NE(response->HeaderBlock().find("X-Test: 1\r\n"), std::string::npos);
    EXPECT_EQ(response->url, site.Url("/"));
    auto requests = site.Requests();
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_EQ(requests[0].Header("User-Agent"), "Palisade-Test/1.0");
    EXPECT_EQ(requests[0].Header("Authorization"), "Bearer abc");
    EXPECT_EQ(requests[0].Header("X-Per-Request"), "yes");
    EXPECT_EQ(requests[0].Header("X-Remove"), "");
    EXPECT_EQ(client->Stats().requests, 1u);
}

TEST(HttpClient, FollowsRedirectsOnlyWhenAskedAndNeverOutOfScope) {
    HttpFixture site;
    site.Route("/a", ScriptedResponse::Redirect(302, "/b"));
    site.Route("/b", ScriptedResponse::Redirect(301, "http://outside.example/c"));
    ClientOptions options;
    options.in_scope = [](std::string_view url) { return url.find("outside.example") == std::string_view::npos; };
    auto client = MakeCurlClient(options);

    auto plain = client->Send(Get(site.Url("/a")));
    ASSERT_TRUE(plain.has_value());
    EXPECT_EQ(plain->status, 302);
    EXPECT_TRUE(plain->redirects.empty());

    Request follow = Get(site.Url("/a"));
    follow.follow_redirects = true;
    auto followed = client->Send(follow);
    ASSERT_TRUE(followed.has_value());
    EXPECT_EQ(followed->status, 301);  // the hop to outside.example is not taken
    EXPECT_TRUE(followed->redirect_out_of_scope);
    EXPECT_EQ(followed->url, site.Url("/b"));
    EXPECT_EQ(followed->redirects, (std::vector<std::string>{site.Url("/a")}));
    for (const auto& r : site.Requests()) EXPECT_NE(r.path, "/c");
}

TEST(HttpClient, StopsAfterMaxRedirects) {
    HttpFixture site;
    site.SetHandler([](const palisade::testing::HttpRequestRecord& r) {
        int n = std::stoi(r.path.substr(1));
        return ScriptedResponse::Redirect(302, "/" + std::to_string(n + 1));
    });
    auto client = MakeCurlClient({});
    Request request = Get(site.Url("/0"));
    request.follow_redirects = true;
    request.max_redirects = 3;
    auto response = client->Send(request);
    ASSERT_TRUE(response.has_value());
    EXPECT_EQ(response->status, 302);
    EXPECT_EQ(response->url, site.Url("/3"));
    EXPECT_EQ(site.Requests().size(), 4u);
}

TEST(HttpClient, KeepsTheSessionCookiesAndSendsInitialOnes) {
    HttpFixture site;
    site.Route("/login", ScriptedResponse::Html("ok", {{"Set-Cookie", "session=s1; Path=/"}}));
    site.Route("/page", ScriptedResponse::Html("page"));
    ClientOptions options;
    options.cookies = "given=g1";
    auto client = MakeCurlClient(options);
    ASSERT_TRUE(client->Send(Get(site.Url("/login"))).has_value());
    ASSERT_TRUE(client->Send(Get(site.Url("/page"))).has_value());
    Request bare = Get(site.Url("/page"));
    bare.use_cookies = false;
    ASSERT_TRUE(client->Send(bare).has_value());
    auto requests = site.Requests();
    ASSERT_EQ(requests.size(), 3u);
    EXPECT_NE(requests[0].Header("Cookie").find("given=g1"), std::string::npos);
    EXPECT_NE(requests[1].Header("Cookie").find("session=s1"), std::string::npos);
    EXPECT_NE(requests[1].Header("Cookie").find("given=g1"), std::string::npos);
    EXPECT_EQ(requests[2].Header("Cookie"), "");
}

TEST(HttpClient, CapsTheBodyAndEndsEndlessResponses) {
    HttpFixture site;
    ScriptedResponse endless;
    endless.mode = HttpMode::kEndless;
    site.Route("/endless", endless);
    ClientOptions options;
    options.max_body = 100000;
    auto client = MakeCurlClient(options);
    auto response = client->Send(Get(site.Url("/endless")));
    ASSERT_TRUE(response.has_value()) << response.error().message;
    EXPECT_EQ(response->body.size(), 100000u);
    EXPECT_TRUE(response->truncated);
}

TEST(HttpClient, HonoursRetryAfterOn429) {
    HttpFixture site;
    std::atomic<int> calls{0};
    site.SetHandler([&calls](const palisade::testing::HttpRequestRecord&) {
        if (calls++ == 0) {
            ScriptedResponse r;
            r.status = 429;
            r.reason = "Too Many Requests";
            r.headers = {{"Retry-After", "1"}};
            return r;
        }
        return ScriptedResponse::Html("fine");
    });
    auto client = MakeCurlClient({});
    auto started = std::chrono::steady_clock::now();
    auto response = client->Send(Get(site.Url("/x")));
    ASSERT_TRUE(response.has_value());
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(calls.load(), 2);
    EXPECT_EQ(client->Stats().retries, 1u);
    EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(950));

    // A wait longer than allowed is not made: the 429 is the answer.
    calls = 0;
    site.SetHandler([](const palisade::testing::HttpRequestRecord&) {
        ScriptedResponse r;
        r.status = 503;
        r.headers = {{"Retry-After", "3600"}};
        return r;
    });
    response = client->Send(Get(site.Url("/y")));
    ASSERT_TRUE(response.has_value());
    EXPECT_EQ(response->status, 503);
}

TEST(HttpClient, PacesRequestsPerHost) {
    HttpFixture site;
    site.Route("/", ScriptedResponse::Html("x"));
    ClientOptions options;
    options.requests_per_second = 10;
    auto client = MakeCurlClient(options);
    auto started = std::chrono::steady_clock::now();
    for (int i = 0; i < 6; ++i) ASSERT_TRUE(client->Send(Get(site.Url("/"))).has_value());
    // Six requests at 10/s need at least five intervals of 100 ms.
    EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(480));
}

TEST(HttpClient, CancellationEndsARequestInFlight) {
    HttpFixture site;
    ScriptedResponse silent;
    silent.mode = HttpMode::kSilent;
    site.Route("/", silent);
    StopSource stop;
    ClientOptions options;
    options.cancel = CancelToken(stop);
    options.request_timeout = std::chrono::seconds(30);
    auto client = MakeCurlClient(options);
    std::thread stopper([&stop] {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        stop.RequestStop();
    });
    auto started = std::chrono::steady_clock::now();
    auto response = client->Send(Get(site.Url("/")));
    stopper.join();
    ASSERT_FALSE(response.has_value());
    EXPECT_EQ(response.error().code, ErrorCode::kTimeout);
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
}

TEST(HttpClient, RejectsNonHttpUrlsAndReportsRefusedConnections) {
    auto client = MakeCurlClient({});
    auto bad = client->Send(Get("ftp://127.0.0.1/x"));
    ASSERT_FALSE(bad.has_value());
    EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
    HttpFixture site;
    std::string url = site.Url("/");
    site.Stop();
    auto refused = client->Send(Get(url));
    ASSERT_FALSE(refused.has_value());
    EXPECT_EQ(refused.error().code, ErrorCode::kUnavailable);
}

TEST(HttpClient, SendsCustomMethodsAndHead) {
    HttpFixture site;
    site.Route("/", ScriptedResponse::Html("body"));
    auto client = MakeCurlClient({});
    Request head = Get(site.Url("/"));
    head.method = "HEAD";
    auto response = client->Send(head);
    ASSERT_TRUE(response.has_value());
    EXPECT_TRUE(response->body.empty());
    Request options = Get(site.Url("/"));
    options.method = "OPTIONS";
    ASSERT_TRUE(client->Send(options).has_value());
    auto requests = site.Requests();
    ASSERT_EQ(requests.size(), 2u);
    EXPECT_EQ(requests[0].method, "HEAD");
    EXPECT_EQ(requests[1].method, "OPTIONS");
}

TEST(RawRequest, ParsesRequestLineHeadersAndBody) {
    auto r = ParseRawRequest("\nPOST /login?x=1 HTTP/1.1\r\nHost: {{Hostname}}\r\nContent-Length: 99\r\n"
                             "Content-Type: application/json\r\n\r\n{\"a\":1}",
                             "http://127.0.0.1:8080/");
    ASSERT_TRUE(r.has_value()) << r.error().message;
    EXPECT_EQ(r->method, "POST");
    EXPECT_EQ(r->url, "http://127.0.0.1:8080/login?x=1");
    ASSERT_EQ(r->headers.size(), 2u);  // Content-Length is recomputed when sent
    EXPECT_EQ(r->headers[0].name, "Host");
    EXPECT_EQ(r->headers[1].value, "application/json");
    EXPECT_EQ(r->body, "{\"a\":1}");

    auto lf = ParseRawRequest("GET /a HTTP/1.1\nHost: x\n\n", "https://h");
    ASSERT_TRUE(lf.has_value());
    EXPECT_EQ(lf->url, "https://h/a");
    EXPECT_TRUE(lf->body.empty());

    EXPECT_FALSE(ParseRawRequest("", "http://h").has_value());
    EXPECT_FALSE(ParseRawRequest("GET\r\n\r\n", "http://h").has_value());
    EXPECT_FALSE(ParseRawRequest("G(T / HTTP/1.1\r\n\r\n", "http://h").has_value());
    EXPECT_FALSE(ParseRawRequest("GET / HTTP/1.1\r\nno colon\r\n\r\n", "http://h").has_value());
}

}  // namespace
}  // namespace palisade::scan::http

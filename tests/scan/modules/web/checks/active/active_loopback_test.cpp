// SPDX-License-Identifier: Apache-2.0
// The active checks over real HTTP: the libcurl client (MakeCurlClient) against a loopback fixture (HttpFixture)
// that is injectable in one parameter, redirects openly, reflects CORS origins, echoes TRACE and leaks .git; and a
// safe twin of it that must raise nothing.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <re2/re2.h>

#include "scan/modules/web/checks/active/active_checks.hpp"
#include "support/http/http_fixture.hpp"

namespace palisade::scan::web {
namespace {

using palisade::testing::HttpFixture;
using palisade::testing::HttpRequestRecord;
using palisade::testing::ScriptedResponse;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

std::string Query(const HttpRequestRecord& r, const std::string& name) {
    for (const auto& [k, v] : ParseQuery(r.query)) {
        if (k == name) return v;
    }
    return {};
}

ScriptedResponse Answer(const HttpRequestRecord& r, bool vulnerable) {
    if (r.path == "/product") {
        std::string id = Query(r, "id");
        if (id == "1") return ScriptedResponse::Html("<h1>Apple</h1><p>Fresh from the farm.</p>");
        if (vulnerable && id.find('\'') != std::string::npos) {
            return {500, "Internal Server Error", {}, "near \"'\": syntax error (SQLITE_ERROR)"};
        }
        return ScriptedResponse::Html("<p>No product found.</p>");
    }
    if (r.path == "/go") {
        std::string next = Query(r, "next");
        bool relative = next.starts_with("/") && !next.starts_with("//") && !next.starts_with("/\\");
        return ScriptedResponse::Redirect(302, vulnerable || relative ? next : "/");
    }
    if (r.path == "/api") {
        ScriptedResponse api{200, "OK", {{"Content-Type", "application/json"}}, "{}"};
        std::string origin = r.Header("Origin");
        if (vulnerable && !origin.empty()) {
            api.headers.push_back({"Access-Control-Allow-Origin", origin});
            api.headers.push_back({"Access-Control-Allow-Credentials", "true"});
        }
        return api;
    }
    if (r.method == "TRACE") {
        if (!vulnerable) return {405, "Method Not Allowed", {{"Allow", "GET, HEAD"}}, ""};
        std::string echo = "TRACE " + r.target + " HTTP/1.1\r\n";
        for (const auto& [k, v] : r.headers) echo += k + ": " + v + "\r\n";
        return {200, "OK", {{"Content-Type", "message/http"}}, echo};
    }
    if (vulnerable && r.path == "/.git/HEAD")
        return {200, "OK", {{"Content-Type", "text/plain"}}, "ref: refs/heads/main\n"};
    return {404, "Not Found", {{"Content-Type", "text/html"}}, "<h1>Not Found</h1>"};
}

std::vector<std::string> RunAll(HttpFixture& site) {
    auto client = http::MakeCurlClient(http::ClientOptions{});
    std::vector<std::string> ids;
    CheckContext ctx{*client, CancelToken(), [&ids](Finding f) { ids.push_back(f.check); }};
    InjectionPoint product;
    product.url = site.Url("/product");
    product.params = {{"id", "1"}};
    CheckSqlInjection(ctx, product);
    InjectionPoint go;
    go.url = site.Url("/go");
    go.params = {{"next", "/home"}};
    CheckOpenRedirect(ctx, go);
    CheckCors(ctx, site.Url("/api"));
    CheckHttpMethods(ctx, site.Url("/"));
    std::string origin = site.Url("/");
    origin.pop_back();
    CheckExposedFiles(ctx, origin, {});
    return ids;
}

TEST(ActiveChecksLoopback, VulnerableSiteRaisesEachFinding) {
    HttpFixture site;
    site.SetHandler([](const HttpRequestRecord& r) { return Answer(r, true); });
    EXPECT_THAT(RunAll(site), UnorderedElementsAre("web.sqli.error", "web.open_redirect",
                                                   "web.cors.reflected_origin_with_credentials", "web.http.trace",
                                                   "web.exposed.git"));
    for (const auto& r : site.Requests()) {
        EXPECT_NE(r.method, "PUT");
        EXPECT_NE(r.method, "DELETE");
    }
}

TEST(ActiveChecksLoopback, SafeTwinRaisesNothing) {
    HttpFixture site;
    site.SetHandler([](const HttpRequestRecord& r) { return Answer(r, false); });
    EXPECT_THAT(RunAll(site), IsEmpty());
}

}  // namespace
}  // namespace palisade::scan::web

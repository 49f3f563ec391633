// SPDX-License-Identifier: Apache-2.0
// Conformance with the real MDN HTTP Observatory: the same loopback fixture is scanned by the headers module and by
// the Observatory's CLI, and score, grade, test counts and every test's result must agree. Needs node and the npm
// package, so it runs only when PALISADE_OBSERVATORY_SCAN names the CLI entry point (bench/observatory_compare.sh
// sets it up); otherwise every case is skipped.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include <boost/json.hpp>

#include "scan/engine/module.hpp"
#include "scan/modules/headers/headers_module.hpp"
#include "support/http/http_fixture.hpp"

namespace palisade::scan::headers {
namespace {

namespace json = boost::json;
using palisade::testing::HttpFixture;
using palisade::testing::HttpRequestRecord;
using palisade::testing::ScriptedResponse;

std::string RunCli(const std::string& cli, std::uint16_t port) {
    std::string command = cli + " 127.0.0.1:" + std::to_string(port) + " 2>/dev/null";
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
    std::string out;
    std::array<char, 4096> buf{};
    while (pipe && fgets(buf.data(), buf.size(), pipe.get())) out += buf.data();
    return out;
}

json::value RunOurs(std::uint16_t port) {
    ScanOptions options;
    options.timeout = std::chrono::milliseconds(2000);
    options.observatory_version = 4;
    TargetState state;
    Service svc;
    svc.host = "127.0.0.1";
    svc.port = port;
    svc.service = "http";
    state.services = {svc};
    // The 1.4.x CLI also tries https:// on the same port, which fails like a closed port does.
    auto module = MakeHeadersModule();
    ModuleContext ctx(options, state, CancelToken());
    EXPECT_TRUE(module->Run(ctx).has_value());
    return json::parse(ctx.details());
}

struct Scenario {
    std::string name;
    std::function<void(HttpFixture&)> setup;
};

void PrintTo(const Scenario& s, std::ostream* os) { *os << s.name; }

class Conformance : public ::testing::TestWithParam<Scenario> {};

TEST_P(Conformance, SameScoreGradeAndResults) {
    const char* cli = std::getenv("PALISADE_OBSERVATORY_SCAN");
    if (!cli || !*cli) GTEST_FAIL() << "PALISADE_OBSERVATORY_SCAN not set: run bench/observatory_compare.sh";
    HttpFixture server;
    GetParam().setup(server);
    json::value theirs = json::parse(RunCli(cli, server.port()));
    json::value ours = RunOurs(server.port());
    ASSERT_TRUE(theirs.as_object().contains("scan")) << json::serialize(theirs);
    EXPECT_EQ(ours.at("scan").at("score"), theirs.at("scan").at("score"));
    EXPECT_EQ(ours.at("scan").at("grade"), theirs.at("scan").at("grade"));
    EXPECT_EQ(ours.at("scan").at("testsPassed"), theirs.at("scan").at("testsPassed"));
    EXPECT_EQ(ours.at("scan").at("algorithmVersion"), theirs.at("scan").at("algorithmVersion"));
    for (const auto& kv : theirs.at("tests").as_object()) {
        const json::value& mine = ours.at("tests").at(kv.key());
        EXPECT_EQ(mine.at("result"), kv.value().at("result")) << kv.key();
        EXPECT_EQ(mine.at("pass"), kv.value().at("pass")) << kv.key();
        EXPECT_EQ(mine.at("scoreModifier"), kv.value().at("scoreModifier")) << kv.key();
    }
}

const std::vector<Scenario> kScenarios = {
    {"bare", [](HttpFixture& s) { s.Route("/", ScriptedResponse::Html("<p>hi</p>")); }},
    {"mixed",
     [](HttpFixture& s) {
         s.SetHandler([](const HttpRequestRecord& req) {
             ScriptedResponse r = ScriptedResponse::Html(
                 "<html><script src=\"http://cdn.example.com/a.js\"></script></html>",
                 {{"Set-Cookie", "sessionid=abc; Path=/"},
                  {"Content-Security-Policy", "default-src 'none'"},
                  {"Content-Security-Policy", "script-src 'self'"},
                  {"X-Frame-Options", "DENY"}});
             if (!req.Header("Origin").empty()) {
                 r.headers.emplace_back("Access-Control-Allow-Origin", req.Header("Origin"));
                 r.headers.emplace_back("Access-Control-Allow-Credentials", "true");
             }
             return r;
         });
     }},
    {"strong",
     [](HttpFixture& s) {
         s.Route("/", ScriptedResponse::Html(
                          "<meta name=referrer content=no-referrer><script src=/a.js></script>",
                          {{"Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; img-src 'self'"},
                           {"X-Content-Type-Options", "nosniff"},
                           {"Cross-Origin-Resource-Policy", "same-site"},
                           {"Set-Cookie", "pref=1; Secure; HttpOnly; SameSite=Lax"}}));
     }},
    {"redirects",
     [](HttpFixture& s) {
         s.Route("/", ScriptedResponse::Redirect(302, "/a"));
         s.Route("/a", ScriptedResponse::Redirect(301, "/b"));
         s.Route("/b", ScriptedResponse::Html("<meta http-equiv=\"Content-Security-Policy\" "
                                              "content=\"default-src 'self'; script-src 'unsafe-inline'\">",
                                              {{"Referrer-Policy", "unsafe-url"},
                                               {"Set-Cookie", "csrftoken=1; Secure"},
                                               {"Set-Cookie", "x=1; SameSite=Bogus"}}));
     }},
    {"weird",
     [](HttpFixture& s) {
         s.Route("/", ScriptedResponse::Html(
                          "<script src=\"//cdn.example.net/x.js\" integrity=\"sha384-1\"></script>",
                          {{"Strict-Transport-Security", "max-age=1"},
                           {"X-Content-Type-Options", "nosniff, nosniff"},
                           {"X-Frame-Options", "allow-from https://a.example"},
                           {"Content-Security-Policy-Report-Only", "default-src 'none'"},
                           {"Cross-Origin-Resource-Policy", "same-site"},
                           {"Cross-Origin-Resource-Policy", "same-site"}}));
     }},
};

INSTANTIATE_TEST_SUITE_P(Observatory, Conformance, ::testing::ValuesIn(kScenarios),
                         [](const ::testing::TestParamInfo<Scenario>& info) { return info.param.name; });

}  // namespace
}  // namespace palisade::scan::headers

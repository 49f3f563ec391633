// SPDX-License-Identifier: Apache-2.0
// The headers module end to end against loopback fixtures (tests/support/http, tests/support/tls): every check
// fires where it must and stays quiet where it must not; silence, garbage, endless bodies, early close and
// cancellation end promptly.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <boost/json.hpp>

#include "scan/engine/module.hpp"
#include "scan/modules/headers/headers_module.hpp"
#include "support/http/http_fixture.hpp"
#include "support/tls/test_pki.hpp"
#include "support/tls/tls_server.hpp"

namespace palisade::scan::headers {
namespace {

namespace json = boost::json;
using palisade::testing::HttpFixture;
using palisade::testing::HttpMode;
using palisade::testing::HttpRequestRecord;
using palisade::testing::ScriptedResponse;
using ::testing::Contains;
using ::testing::Not;

ScanOptions TestOptions() {
    ScanOptions o;
    o.timeout = std::chrono::milliseconds(1000);
    o.dialogue_concurrency = 4;
    o.observatory_version = 4;
    return o;
}

Service HttpService(std::uint16_t port, bool tls = false) {
    Service s;
    s.host = "127.0.0.1";
    s.port = port;
    s.service = tls ? "https" : "http";
    s.tls = tls;
    return s;
}

struct RunResult {
    Status status;
    std::vector<Finding> findings;
    std::optional<int> score;
    std::optional<std::string> grade;
    json::value details;
    std::chrono::milliseconds elapsed{0};

    std::vector<std::string> Ids() const {
        std::vector<std::string> ids;
        for (const Finding& f : findings) ids.push_back(f.check);
        return ids;
    }
    const Finding* Get(std::string_view id) const {
        for (const Finding& f : findings) {
            if (f.check == id) return &f;
        }
        return nullptr;
    }
};

RunResult RunModule(TargetState state, HeadersOptions options = {}, ScanOptions scan = TestOptions(),
              CancelToken cancel = {}) {
    auto module = MakeHeadersModule(std::move(options));
    ModuleContext ctx(scan, state, cancel);
    RunResult r;
    auto start = std::chrono::steady_clock::now();
    r.status = module->Run(ctx);
    r.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    r.findings = ctx.TakeFindings();
    r.score = ctx.score();
    r.grade = ctx.grade();
    std::string details = ctx.details();
    r.details = details.empty() ? json::value(nullptr) : json::parse(details);
    return r;
}

TargetState HttpOnly(const HttpFixture& server) {
    TargetState state;
    state.services = {HttpService(server.port())};
    return state;
}

TEST(HeadersModule, CheckTableIsValidAndEveryResultMapsToACheck) {
    EXPECT_THAT(ValidateCheckTable(HeadersChecks()), ::testing::IsEmpty());
    for (std::string_view result :
         {"csp-not-implemented", "csp-implemented-with-unsafe-inline", "cookies-session-without-secure-flag",
          "redirection-missing", "hsts-not-implemented", "sri-not-implemented-and-external-scripts-not-loaded-securely",
          "x-frame-options-not-implemented", "corp-header-invalid", "coop-header-invalid", "coep-header-invalid",
          "cross-origin-resource-sharing-implemented-with-universal-access", "referrer-policy-unsafe"}) {
        std::string_view id = CheckIdForResult(result);
        ASSERT_FALSE(id.empty()) << result;
        bool found = false;
        for (const CheckInfo& c : HeadersChecks()) found = found || c.id == id;
        EXPECT_TRUE(found) << id;
    }
    EXPECT_TRUE(CheckIdForResult("csp-implemented-with-no-unsafe").empty());
    EXPECT_EQ(MakeHeadersModule()->Name(), "headers");
}

TEST(HeadersModule, EveryCheckIsDocumented) {
    std::ifstream file(std::string(PALISADE_SOURCE_DIR) + "/docs/checks.md");
    ASSERT_TRUE(file.good());
    std::stringstream text;
    text << file.rdbuf();
    for (const CheckInfo& c : HeadersChecks()) {
        EXPECT_NE(text.str().find("### `" + std::string(c.id) + "`\n"), std::string::npos) << c.id;
    }
}

TEST(HeadersModule, BareSiteFailsTheHeaderChecks) {
    HttpFixture server;
    server.Route("/", ScriptedResponse::Html("<html><body>hello</body></html>"));
    RunResult r = RunModule(HttpOnly(server));
    ASSERT_TRUE(r.status.has_value()) << r.status.error().message;
    // CSP -25, redirection -20, HSTS (no https) -20, XCTO -5, XFO -20.
    EXPECT_EQ(r.score, 10);
    EXPECT_EQ(r.grade, "F");
    for (std::string_view id : {"headers.csp.missing", "headers.xcto.missing", "headers.xfo.missing",
                                "headers.hsts.no_https", "headers.redirection.missing",
                                "headers.permissions_policy.missing", "headers.coop.missing"}) {
        EXPECT_THAT(r.Ids(), Contains(std::string(id)));
    }
    for (std::string_view id : {"headers.cookies.without_secure", "headers.cors.reflected_origin_with_credentials",
                                "headers.disclosure.server_version", "headers.disclosure.x_powered_by",
                                "headers.referrer_policy.unsafe", "headers.sri.external_insecure"}) {
        EXPECT_THAT(r.Ids(), Not(Contains(std::string(id))));
    }
    const Finding* csp = r.Get("headers.csp.missing");
    ASSERT_NE(csp, nullptr);
    EXPECT_EQ(csp->location, server.Url("/"));
    EXPECT_EQ(r.details.at("scan").at("algorithmVersion").as_int64(), 4);
    EXPECT_EQ(r.details.at("scan").at("testsQuantity").as_int64(), 10);
    EXPECT_EQ(r.details.at("tests").at("redirection").at("result").as_string(), "redirection-missing");
    // The retriever asked for robots.txt and sent the Observatory's preflight.
    bool robots = false, preflight = false;
    for (const HttpRequestRecord& req : server.Requests()) {
        robots = robots || req.path == "/robots.txt";
        preflight = preflight || (req.method == "OPTIONS" &&
                                  req.Header("Origin") == "https://http-observatory.security.mozilla.org" &&
                                  req.Header("Access-Control-Request-Method") == "GET");
    }
    EXPECT_TRUE(robots);
    EXPECT_TRUE(preflight);
}

TEST(HeadersModule, HardenedHeadersSilenceTheirChecks) {
    HttpFixture server;
    server.Route("/", ScriptedResponse::Html(
                          "<html><head><script src=\"https://cdn.jsdelivr.net/x.js\" integrity=\"sha384-abc\" "
                          "crossorigin=\"anonymous\"></script></head></html>",
                          {{"Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"},
                           {"X-Content-Type-Options", "nosniff"},
                           {"X-Frame-Options", "DENY"},
                           {"Referrer-Policy", "no-referrer"},
                           {"Cross-Origin-Resource-Policy", "same-origin"},
                           {"Cross-Origin-Opener-Policy", "same-origin"},
                           {"Permissions-Policy", "camera=()"},
                           {"Server", "nginx"}}));
    RunResult r = RunModule(HttpOnly(server));
    ASSERT_TRUE(r.status.has_value());
    for (std::string_view id : {"headers.csp.missing", "headers.csp.unsafe_inline", "headers.xcto.missing",
                                "headers.xfo.missing", "headers.referrer_policy.unsafe", "headers.corp.invalid",
                                "headers.coop.missing", "headers.permissions_policy.missing",
                                "headers.disclosure.server_version", "headers.sri.external_without_integrity"}) {
        EXPECT_THAT(r.Ids(), Not(Contains(std::string(id))));
    }
    EXPECT_EQ(r.details.at("tests").at("subresource-integrity").at("result").as_string(),
              "sri-implemented-and-external-scripts-loaded-securely");
    // Penalties: redirection -20, HSTS -20 -> 60, no bonus.
    EXPECT_EQ(r.score, 60);
    EXPECT_EQ(r.grade, "C+");
}

TEST(HeadersModule, WeakHeadersFireTheirChecks) {
    HttpFixture server;
    server.Route("/", ScriptedResponse::Html("<script src=\"http://cdn.jsdelivr.net/x.js\"></script>",
                                             {{"Content-Security-Policy", "script-src 'unsafe-inline'"},
                                              {"X-Content-Type-Options", "sniff"},
                                              {"X-Frame-Options", "ALLOWALL"},
                                              {"Referrer-Policy", "unsafe-url"},
                                              {"Cross-Origin-Resource-Policy", "everyone"}}));
    RunResult r = RunModule(HttpOnly(server));
    ASSERT_TRUE(r.status.has_value());
    for (std::string_view id : {"headers.csp.unsafe_inline", "headers.xcto.invalid", "headers.xfo.invalid",
                                "headers.referrer_policy.unsafe", "headers.corp.invalid", "headers.sri.external_insecure"}) {
        EXPECT_THAT(r.Ids(), Contains(std::string(id)));
    }
    const Finding* xfo = r.Get("headers.xfo.invalid");
    ASSERT_NE(xfo, nullptr);
    EXPECT_THAT(xfo->evidence, ::testing::HasSubstr("ALLOWALL"));
    EXPECT_EQ(r.score, 0);
}

TEST(HeadersModule, CookiesWithoutFlagsAndWithout) {
    HttpFixture server;
    server.Route("/", ScriptedResponse::Html("ok", {{"Set-Cookie", "sessionid=abc; Path=/"},
                                                    {"Set-Cookie", "csrftoken=x; Path=/; Secure"}}));
    RunResult r = RunModule(HttpOnly(server));
    ASSERT_TRUE(r.status.has_value());
    EXPECT_THAT(r.Ids(), Contains("headers.cookies.session_without_secure"));
    EXPECT_EQ(r.details.at("tests").at("cookies").at("result").as_string(), "cookies-session-without-secure-flag");

    HttpFixture clean;
    clean.Route("/", ScriptedResponse::Html("ok"));
    RunResult c = RunModule(HttpOnly(clean));
    for (const std::string& id : c.Ids()) EXPECT_EQ(id.find("headers.cookies."), std::string::npos) << id;
}

TEST(HeadersModule, ReflectedOriginWithCredentials) {
    HttpFixture server;
    server.SetHandler([](const HttpRequestRecord& req) {
        ScriptedResponse r = ScriptedResponse::Html("ok");
        if (!req.Header("Origin").empty()) {
            r.headers.emplace_back("Access-Control-Allow-Origin", req.Header("Origin"));
            r.headers.emplace_back("Access-Control-Allow-Credentials", "true");
        }
        return r;
    });
    RunResult r = RunModule(HttpOnly(server));
    ASSERT_TRUE(r.status.has_value());
    const Finding* f = r.Get("headers.cors.reflected_origin_with_credentials");
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->severity, Severity::kHigh);
    EXPECT_THAT(f->evidence, ::testing::HasSubstr("palisade-cors-probe.example"));

    HttpFixture fixed;
    fixed.Route("/", ScriptedResponse::Html("ok", {{"Access-Control-Allow-Origin", "https://trusted.example"},
                                                   {"Access-Control-Allow-Credentials", "true"}}));
    RunResult n = RunModule(HttpOnly(fixed));
    EXPECT_THAT(n.Ids(), Not(Contains("headers.cors.reflected_origin_with_credentials")));
    EXPECT_EQ(n.details.at("tests").at("cross-origin-resource-sharing").at("result").as_string(),
              "cross-origin-resource-sharing-implemented-with-restricted-access");
}

TEST(HeadersModule, DisclosureHeaders) {
    HttpFixture server;
    server.Route("/", ScriptedResponse::Html("ok", {{"Server", "Apache/2.4.41 (Ubuntu)"},
                                                    {"X-Powered-By", "PHP/8.1.2"},
                                                    {"X-AspNet-Version", "4.0.30319"}}));
    RunResult r = RunModule(HttpOnly(server));
    for (std::string_view id : {"headers.disclosure.server_version", "headers.disclosure.x_powered_by",
                                "headers.disclosure.x_aspnet_version"}) {
        EXPECT_THAT(r.Ids(), Contains(std::string(id)));
    }
    EXPECT_THAT(r.Get("headers.disclosure.server_version")->evidence, ::testing::HasSubstr("Apache/2.4.41"));
    HttpFixture quiet;
    quiet.Route("/", ScriptedResponse::Html("ok", {{"Server", "cloudflare"}}));
    RunResult q = RunModule(HttpOnly(quiet));
    for (std::string_view id : {"headers.disclosure.server_version", "headers.disclosure.x_powered_by",
                                "headers.disclosure.x_aspnet_version"}) {
        EXPECT_THAT(q.Ids(), Not(Contains(std::string(id))));
    }
}

// --rate holds for the module's own HTTP connections too: each new connection waits for the scan's per-host pacer.
TEST(HeadersModule, NewConnectionsArePacedByTheScansRate) {
    HttpFixture unpaced_server;
    unpaced_server.Route("/", ScriptedResponse::Html("ok"));
    RunResult unpaced = RunModule(HttpOnly(unpaced_server));
    ASSERT_TRUE(unpaced.status.has_value());
    const std::size_t connections = unpaced_server.accepted();
    ASSERT_GE(connections, 2u);

    HttpFixture server;
    server.Route("/", ScriptedResponse::Html("ok"));
    CancelToken paced = CancelToken().WithPacer(std::make_shared<HostPacer>(5));  // 200 ms apart
    RunResult r = RunModule(HttpOnly(server), {}, TestOptions(), paced);
    ASSERT_TRUE(r.status.has_value());
    EXPECT_EQ(server.accepted(), connections);
    EXPECT_GE(r.elapsed, std::chrono::milliseconds(200 * (connections - 1) - 10));
}

// Found by header_parsers_fuzz: header bytes that are not UTF-8 once made the scorer's JSON unparseable and threw.
TEST(HeadersModule, HeaderBytesThatAreNotUtf8AreScoredNotFatal) {
    HttpFixture server;
    server.Route("/", ScriptedResponse::Html("ok", {{"Set-Cookie", "__Host-SID=31d4; Pat\xf5\xff\xff\xffh=/; Secure"},
                                                    {"Content-Security-Policy", "default-src 'self' \xff\xfe"},
                                                    {"Server", "nginx/1.2\xc3"}}));
    RunResult r = RunModule(HttpOnly(server));
    ASSERT_TRUE(r.status.has_value()) << r.status.error().message;
    ASSERT_TRUE(r.details.is_object());
    EXPECT_TRUE(r.details.at("tests").as_object().contains("cookies"));
    EXPECT_THAT(r.Ids(), Contains("headers.disclosure.server_version"));
}

TEST(HeadersModule, RedirectChainIsRecordedAndScopeIsRespected) {
    HttpFixture server;
    server.Route("/", ScriptedResponse::Redirect(301, "/next"));
    server.Route("/next", ScriptedResponse::Html("ok"));
    RunResult r = RunModule(HttpOnly(server));
    ASSERT_TRUE(r.status.has_value());
    const json::value& redirection = r.details.at("tests").at("redirection");
    EXPECT_EQ(redirection.at("result").as_string(), "redirection-not-to-https");
    EXPECT_EQ(json::serialize(redirection.at("route")),
              json::serialize(json::array{json::value(server.Url("/")), json::value(server.Url("/next"))}));
    EXPECT_THAT(r.Ids(), Contains("headers.redirection.not_to_https"));

    HttpFixture away;
    away.Route("/", ScriptedResponse::Redirect(302, "http://outside.invalid/"));
    HeadersOptions options;
    options.in_scope = [](std::string_view host) { return host == "127.0.0.1"; };
    RunResult s = RunModule(HttpOnly(away), options);
    ASSERT_TRUE(s.status.has_value());
    EXPECT_EQ(s.details.at("scan").at("statusCode").as_int64(), 302);
    EXPECT_THAT(json::serialize(s.details.at("notes")), ::testing::HasSubstr("out of scope"));
}

TEST(HeadersModule, BadServersEndPromptly) {
    for (HttpMode mode : {HttpMode::kSilent, HttpMode::kGarbage, HttpMode::kCloseEarly}) {
        HttpFixture server;
        ScriptedResponse r;
        r.mode = mode;
        server.Route("/", r);
        RunResult result = RunModule(HttpOnly(server));
        ASSERT_TRUE(result.status.has_value());
        EXPECT_FALSE(result.score.has_value()) << static_cast<int>(mode);
        EXPECT_EQ(result.details.at("error").as_string(), "The site seems to be down.");
        EXPECT_TRUE(result.findings.empty());
        EXPECT_LT(result.elapsed, std::chrono::seconds(8));
    }
    HttpFixture endless;
    ScriptedResponse forever;
    forever.mode = HttpMode::kEndless;
    endless.Route("/", forever);
    HeadersOptions options;
    options.max_body = 64 * 1024;
    RunResult e = RunModule(HttpOnly(endless), options);
    ASSERT_TRUE(e.status.has_value());
    EXPECT_TRUE(e.score.has_value());  // the capped 200 answer is scored
    EXPECT_LT(e.elapsed, std::chrono::seconds(8));

    HttpFixture error;
    ScriptedResponse five;
    five.status = 500;
    five.reason = "Oops";
    error.Route("/", five);
    RunResult x = RunModule(HttpOnly(error));
    EXPECT_FALSE(x.score.has_value());
    EXPECT_EQ(x.details.at("error").as_string(), "Site did respond with an unexpected HTTP status code 500.");
}

TEST(HeadersModule, CancellationStopsASilentServer) {
    HttpFixture server;
    ScriptedResponse silent;
    silent.mode = HttpMode::kSilent;
    server.Route("/", silent);
    StopSource stop;
    std::thread canceller([&] {
        while (server.accepted() == 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
        stop.RequestStop();
    });
    ScanOptions slow = TestOptions();
    slow.timeout = std::chrono::milliseconds(20000);
    auto start = std::chrono::steady_clock::now();
    RunResult r = RunModule(HttpOnly(server), {}, slow, CancelToken(stop));
    canceller.join();
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
    EXPECT_FALSE(r.status.has_value());
}

// ------------------------------------------------------------------------------------------------ HTTPS

struct HttpsSite {
    palisade::testing::TestPki pki = palisade::testing::TestPki::Create();
    std::unique_ptr<palisade::testing::TlsServer> tls;
    HttpFixture http;
    std::filesystem::path ca;

    using Headers = std::vector<std::pair<std::string, std::string>>;
    explicit HttpsSite(Headers headers) {
        palisade::testing::TlsServerOptions o;
        o.cert = pki.Issue({});
        o.after = palisade::testing::AfterHandshake::kHttp;
        o.http_response = palisade::testing::SerializeResponse(ScriptedResponse::Html("secure", std::move(headers)));
        tls = std::make_unique<palisade::testing::TlsServer>(std::move(o));
        http.Route("/", ScriptedResponse::Redirect(301, "https://127.0.0.1:" + std::to_string(tls->port()) + "/"));
        ca = std::filesystem::temp_directory_path() /
             ("palisade-headers-ca-" + std::to_string(tls->port()) + ".pem");
        pki.WriteRoot(ca);
    }
    ~HttpsSite() { std::filesystem::remove(ca); }

    TargetState State() const {
        TargetState state;
        state.services = {HttpService(http.port()), HttpService(tls->port(), true)};
        return state;
    }
};

TEST(HeadersModule, HttpsWithTrustedCertificate) {
    HttpsSite site(HttpsSite::Headers{{"Strict-Transport-Security", "max-age=63072000"},
                    {"Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"},
                    {"X-Content-Type-Options", "nosniff"},
                    {"Referrer-Policy", "strict-origin-when-cross-origin"}});
    ScanOptions scan = TestOptions();
    scan.ca_file = site.ca.string();
    RunResult r = RunModule(site.State(), {}, scan);
    ASSERT_TRUE(r.status.has_value());
    EXPECT_EQ(r.details.at("tests").at("strict-transport-security").at("result").as_string(),
              "hsts-implemented-max-age-at-least-six-months");
    EXPECT_EQ(r.details.at("tests").at("redirection").at("result").as_string(), "redirection-to-https");
    for (std::string_view id : {"headers.hsts.missing", "headers.hsts.invalid_cert", "headers.hsts.no_https",
                                "headers.redirection.missing", "headers.redirection.invalid_cert"}) {
        EXPECT_THAT(r.Ids(), Not(Contains(std::string(id))));
    }
    // 100 + CSP 10 + referrer 5 + XFO via CSP 5 = 120.
    EXPECT_EQ(r.score, 120);
    EXPECT_EQ(r.grade, "A+");
}

TEST(HeadersModule, HttpsWithUntrustedCertificate) {
    HttpsSite site(HttpsSite::Headers{{"Strict-Transport-Security", "max-age=100"}});
    RunResult r = RunModule(site.State());  // no ca_file: the test root is unknown
    ASSERT_TRUE(r.status.has_value());
    EXPECT_THAT(r.Ids(), Contains("headers.hsts.invalid_cert"));
    EXPECT_THAT(r.Ids(), Contains("headers.redirection.invalid_cert"));

    HttpsSite short_age(HttpsSite::Headers{{"Strict-Transport-Security", "max-age=100"}});
    ScanOptions scan = TestOptions();
    scan.ca_file = short_age.ca.string();
    RunResult s = RunModule(short_age.State(), {}, scan);
    EXPECT_THAT(s.Ids(), Contains("headers.hsts.short_max_age"));
    EXPECT_THAT(s.Ids(), Not(Contains("headers.hsts.invalid_cert")));
}

// ------------------------------------------------------------------------------------------------ planning

class CapturingRetriever final : public Retriever {
  public:
    RetrievedSite Retrieve(const SiteSpec& site, const RetrieveOptions&) override {
        specs.push_back(site);
        RetrievedSite out;
        HttpResponse r;
        r.status = 200;
        r.headers = {{"Content-Type", "text/html"}, {"Cross-Origin-Opener-Policy", "same-origin"}};
        out.input.hostname = site.host;
        out.input.auto_response = r;
        out.input.https = r;
        out.input.session_url = "https://" + site.host + "/";
        return out;
    }
    std::vector<SiteSpec> specs;
};

TEST(HeadersModule, SitesFromOpenPortsAndVersionSix) {
    auto targets = ParseTargets({"127.0.0.1"}, {});
    ASSERT_TRUE(targets.has_value());
    Address addr = std::get<AddressTarget>(targets->front().value).address;
    TargetState state;
    state.open_ports = {{addr, "", 22}, {addr, "", 8080}, {addr, "", 8443}};
    auto capture = std::make_shared<CapturingRetriever>();
    HeadersOptions options;
    options.retriever = capture;
    options.observatory_version = 6;
    RunResult r = RunModule(state, options);
    ASSERT_TRUE(r.status.has_value());
    ASSERT_EQ(capture->specs.size(), 1u);
    EXPECT_EQ(capture->specs[0].http_port, std::optional<std::uint16_t>(8080));
    EXPECT_EQ(capture->specs[0].https_port, std::optional<std::uint16_t>(8443));
    EXPECT_EQ(r.details.at("scan").at("algorithmVersion").as_int64(), 6);
    EXPECT_EQ(r.details.at("scan").at("testsQuantity").as_int64(), 12);
    EXPECT_THAT(r.Ids(), Not(Contains("headers.coop.missing")));

    TargetState nothing;
    nothing.open_ports = {{addr, "", 22}};
    RunResult n = RunModule(nothing, options);
    EXPECT_FALSE(n.score.has_value());
    EXPECT_TRUE(n.findings.empty());
}

}  // namespace
}  // namespace palisade::scan::headers

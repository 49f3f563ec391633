// SPDX-License-Identifier: Apache-2.0
// The templates module end to end: real templates on disk, the real libcurl client (MakeCurlClient, built by the
// module from the scan options) and a loopback fixture. A positive site and a decoy site for each behaviour.
#include "scan/modules/templates/templates_module.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "scan/engine/module.hpp"
#include "scan/modules/templates/builtin_pack.hpp"
#include "support/http/http_fixture.hpp"

namespace palisade::scan::templates {
namespace {

namespace json = boost::json;
using palisade::testing::HttpFixture;
using palisade::testing::HttpRequestRecord;
using palisade::testing::ScriptedResponse;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::string_view kGitConfig = R"yaml(id: git-config
info:
  name: Git Config File - Detect
  author: palisade
  severity: medium
  reference: https://git-scm.com/docs/git-config
  classification:
    cwe-id: CWE-200
    cvss-metrics: CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N
  tags: config,git,exposure
http:
  - method: GET
    path:
      - "{{BaseURL}}/.git/config"
    matchers-condition: and
    matchers:
      - type: word
        words:
          - "[core]"
      - type: dsl
        dsl:
          - "!contains(tolower(body), '<html')"
      - type: status
        status:
          - 200
)yaml";

constexpr std::string_view kLoginChain = R"yaml(id: login-chain
info:
  name: Default Login
  author: palisade
  severity: high
  tags: default-login
http:
  - raw:
      - |
        GET /login HTTP/1.1
        Host: {{Hostname}}

      - |
        POST /login HTTP/1.1
        Host: {{Hostname}}
        Content-Type: application/x-www-form-urlencoded

        user=admin&pass=admin&csrf={{csrf}}
    extractors:
      - type: regex
        name: csrf
        internal: true
        group: 1
        regex:
          - 'name="csrf" value="([a-z0-9]+)"'
    matchers:
      - type: dsl
        dsl:
          - "status_code_2 == 302 && contains(location_2, '/dashboard')"
)yaml";

constexpr std::string_view kUnsupported = R"yaml(id: needs-oast
info: {name: OAST, author: palisade, severity: high}
http:
  - method: GET
    path: ["{{BaseURL}}/?u={{interactsh-url}}"]
    matchers: [{type: word, part: interactsh_protocol, words: [dns]}]
)yaml";

class TemplateDir {
  public:
    TemplateDir() {
        path_ = std::filesystem::temp_directory_path() / ("palisade-tpl-module-" + std::to_string(::getpid()));
        std::filesystem::remove_all(path_);
        std::filesystem::create_directories(path_ / "http");
        Write("http/git-config.yaml", kGitConfig);
        Write("http/login-chain.yaml", kLoginChain);
        Write("http/needs-oast.yaml", kUnsupported);
    }
    ~TemplateDir() { std::filesystem::remove_all(path_); }
    std::string path() const { return path_.string(); }

  private:
    void Write(const std::string& name, std::string_view text) { std::ofstream(path_ / name) << text; }
    std::filesystem::path path_;
};

ScanOptions TestOptions() {
    ScanOptions o;
    o.timeout = std::chrono::milliseconds(1000);
    o.dialogue_concurrency = 4;
    return o;
}

struct RunResult {
    Status status;
    std::vector<Finding> findings;
    json::value details;

    std::vector<std::string> Ids() const {
        std::vector<std::string> ids;
        for (const Finding& f : findings) ids.push_back(f.check);
        return ids;
    }
};

RunResult RunModule(TargetState state, TemplatesOptions options) {
    auto module = MakeTemplatesModule(std::move(options));
    ScanOptions scan = TestOptions();
    ModuleContext ctx(scan, state, CancelToken());
    RunResult r;
    r.status = module->Run(ctx);
    r.findings = ctx.TakeFindings();
    std::string details = ctx.details();
    r.details = details.empty() ? json::value(nullptr) : json::parse(details);
    return r;
}

// The module of the built-in list, driven by the scan options.
RunResult RunDefaultModule(TargetState state, const ScanOptions& scan) {
    auto module = MakeTemplatesModule();
    ModuleContext ctx(scan, state, CancelToken());
    RunResult r;
    r.status = module->Run(ctx);
    r.findings = ctx.TakeFindings();
    std::string details = ctx.details();
    r.details = details.empty() ? json::value(nullptr) : json::parse(details);
    return r;
}

TargetState HttpService(const HttpFixture& server) {
    TargetState state;
    Service s;
    s.host = "127.0.0.1";
    s.port = server.port();
    s.service = "http";
    state.services = {s};
    return state;
}

TargetState UrlState(const HttpFixture& server, std::string path) {
    TargetState state;
    UrlTarget url;
    url.scheme = "http";
    url.host = "127.0.0.1";
    url.port = server.port();
    url.path = std::move(path);
    state.url = url;
    return state;
}

// A site with an exposed .git/config and a default login (CSRF token, then a redirect to the dashboard).
void Vulnerable(HttpFixture& server) {
    server.Route("/.git/config",
                 ScriptedResponse{200, "OK", {{"Content-Type", "text/plain"}}, "[core]\n\tbare = false\n"});
    server.Route("/login", ScriptedResponse::Html(R"(<form><input name="csrf" value="t0k3n"></form>)"), "GET");
    server.SetHandler([](const HttpRequestRecord& r) {
        if (r.method == "POST" && r.path == "/login") return ScriptedResponse::Redirect(302, "/dashboard");
        return ScriptedResponse{404, "Not Found", {}, "not found"};
    });
}

// A site that answers every path with an HTML page (soft 404) and rejects logins.
void Decoy(HttpFixture& server) {
    server.SetHandler([](const HttpRequestRecord& r) {
        if (r.method == "POST") return ScriptedResponse::Redirect(302, "/login?failed=1");
        return ScriptedResponse::Html("<html><body>Page [core] not found</body></html>");
    });
}

TEST(TemplatesModule, CheckTableIsValidAndDocumented) {
    EXPECT_THAT(ValidateCheckTable(TemplatesChecks()), ::testing::IsEmpty());
    auto module = MakeTemplatesModule();
    EXPECT_EQ(module->Name(), "templates");
    std::ifstream file(std::string(PALISADE_SOURCE_DIR) + "/docs/checks.md");
    ASSERT_TRUE(file.good());
    std::stringstream text;
    text << file.rdbuf();
    for (const CheckInfo& c : TemplatesChecks()) {
        EXPECT_NE(text.str().find("### `" + std::string(c.id) + "`\n"), std::string::npos) << c.id;
    }
}

TEST(TemplatesModule, FindsExposedGitConfigAndDefaultLoginOverLoopback) {
    HttpFixture server;
    Vulnerable(server);
    TemplateDir dir;
    TemplatesOptions options;
    options.template_dirs = {dir.path()};
    RunResult r = RunModule(HttpService(server), options);
    ASSERT_TRUE(r.status.has_value()) << r.status.error().message;
    EXPECT_THAT(r.Ids(), Contains("template.git-config"));
    EXPECT_THAT(r.Ids(), Contains("template.login-chain"));
    for (const Finding& f : r.findings) {
        if (f.check == "template.git-config") {
            EXPECT_EQ(f.location, server.Url("/.git/config"));
            EXPECT_EQ(f.severity, Severity::kMedium);
            EXPECT_THAT(f.cwe, Contains("CWE-200"));
            ASSERT_TRUE(f.cvss);
            EXPECT_DOUBLE_EQ(f.cvss->score, 5.3);
        }
    }
    // The login template sent the token it extracted from the first response.
    bool sent_token = false;
    for (const HttpRequestRecord& rec : server.Requests()) sent_token = sent_token || rec.method == "POST";
    EXPECT_TRUE(sent_token);

    const json::object& d = r.details.as_object();
    EXPECT_EQ(d.at("templates").at("loaded").as_int64(), 2);
    EXPECT_EQ(d.at("templates").at("skipped").as_int64(), 1);
    const json::array& skipped = d.at("skipped").as_array();
    ASSERT_EQ(skipped.size(), 1u);
    EXPECT_THAT(std::string(skipped[0].at("reason").as_string()), HasSubstr("OAST"));
    EXPECT_EQ(d.at("sites").as_array().at(0).as_string(), server.Url("/"));
    const json::array& results = d.at("results").as_array();
    ASSERT_EQ(results.size(), 2u);
    for (const json::value& v : results) {
        EXPECT_EQ(v.at("type").as_string(), "http");
        EXPECT_EQ(v.at("host").as_string(), "127.0.0.1");
        EXPECT_TRUE(v.at("matcher-status").as_bool());
    }
}

TEST(TemplatesModule, DecoySiteGivesNoFindings) {
    HttpFixture server;
    Decoy(server);
    TemplateDir dir;
    TemplatesOptions options;
    options.template_dirs = {dir.path()};
    RunResult r = RunModule(HttpService(server), options);
    ASSERT_TRUE(r.status.has_value()) << r.status.error().message;
    EXPECT_THAT(r.Ids(), Not(Contains("template.git-config")));
    EXPECT_THAT(r.Ids(), Not(Contains("template.login-chain")));
    EXPECT_TRUE(r.details.at("results").as_array().empty());
    EXPECT_EQ(r.details.at("requests").as_int64(), 2);  // no token, so no login attempt
}

TEST(TemplatesModule, UrlTargetRunsUnderItsPathAndFiltersApply) {
    HttpFixture server;
    server.Route("/app/.git/config", ScriptedResponse{200, "OK", {}, "[core]\n"});
    TemplateDir dir;
    TemplatesOptions options;
    options.template_dirs = {dir.path()};
    options.tags = {"git"};
    RunResult r = RunModule(UrlState(server, "/app/"), options);
    ASSERT_TRUE(r.status.has_value()) << r.status.error().message;
    EXPECT_THAT(r.Ids(), ::testing::ElementsAre("template.git-config"));
    EXPECT_EQ(r.details.at("templates").at("selected").as_int64(), 1);
    for (const HttpRequestRecord& rec : server.Requests()) EXPECT_NE(rec.path, "/login");
}

TEST(TemplatesModule, NoWebServiceMeansNothingToDo) {
    TemplateDir dir;
    TemplatesOptions options;
    options.template_dirs = {dir.path()};
    RunResult r = RunModule(TargetState{}, options);
    ASSERT_TRUE(r.status.has_value());
    EXPECT_TRUE(r.findings.empty());
    EXPECT_EQ(r.details.at("error").as_string(), "no HTTP or HTTPS service found");
}

TEST(TemplatesModule, MissingTemplateDirectoryFailsTheModule) {
    TemplatesOptions options;
    options.template_dirs = {"/nonexistent/palisade/templates"};
    HttpFixture server;
    RunResult r = RunModule(HttpService(server), options);
    ASSERT_FALSE(r.status.has_value());
    EXPECT_THAT(r.status.error().message, HasSubstr("template file or directory not found"));
}

// --- options from the scan (OptionsFromScan, the default module) ---------------------------------------------------

std::size_t PackSize() { return BuiltinPack().templates.size(); }

TEST(TemplatesModule, WithoutTemplateDirsTheScanRunsTheBuiltinPack) {
    HttpFixture server;
    server.Route("/.git/config",
                 ScriptedResponse{200, "OK", {{"Content-Type", "text/plain"}}, "[core]\n\tbare = false\n"});
    ScanOptions scan = TestOptions();
    scan.templates.builtin = false;  // no dirs: the pack runs anyway
    RunResult r = RunDefaultModule(HttpService(server), scan);
    ASSERT_TRUE(r.status.has_value()) << r.status.error().message;
    EXPECT_THAT(r.Ids(), ::testing::ElementsAre("template.git-config"));
    EXPECT_EQ(r.details.at("templates").at("loaded").as_int64(), static_cast<std::int64_t>(PackSize()));
    EXPECT_EQ(r.details.at("templates").at("builtin").as_int64(), static_cast<std::int64_t>(PackSize()));
    EXPECT_TRUE(r.details.at("skipped").as_array().empty());
    EXPECT_EQ(r.details.at("results").as_array().at(0).at("template-path").as_string(),
              "builtin:exposures/git-config.yaml");
}

TEST(TemplatesModule, TheBuiltinPackIsSilentOnACatchAllSite) {
    HttpFixture server;
    server.SetHandler([](const HttpRequestRecord&) {
        return ScriptedResponse::Html(
            "<!doctype html><html><head><title>Shop</title></head><body>"
            "<div id=\"app\"></div><script src=\"/app.js\"></script></body></html>");
    });
    RunResult r = RunDefaultModule(HttpService(server), TestOptions());
    ASSERT_TRUE(r.status.has_value()) << r.status.error().message;
    EXPECT_THAT(r.findings, ::testing::IsEmpty());
    EXPECT_GE(r.details.at("requests").as_int64(), static_cast<std::int64_t>(PackSize()));
}

TEST(TemplatesModule, ScanOptionsGiveThePathsFiltersHeadersAndCookies) {
    HttpFixture server;
    Vulnerable(server);
    TemplateDir dir;
    ScanOptions scan = TestOptions();
    scan.templates.dirs = {dir.path()};
    scan.templates.builtin = false;
    scan.templates.ids = {"GIT-CONFIG"};
    scan.web.headers = {"X-Api-Key:  k-123 "};
    scan.web.cookies = "session=abc";
    RunResult r = RunDefaultModule(HttpService(server), scan);
    ASSERT_TRUE(r.status.has_value()) << r.status.error().message;
    EXPECT_THAT(r.Ids(), ::testing::ElementsAre("template.git-config"));
    EXPECT_EQ(r.details.at("templates").at("loaded").as_int64(), 2);
    EXPECT_EQ(r.details.at("templates").at("builtin").as_int64(), 0);
    EXPECT_EQ(r.details.at("templates").at("selected").as_int64(), 1);
    std::vector<HttpRequestRecord> requests = server.Requests();
    ASSERT_FALSE(requests.empty());
    for (const HttpRequestRecord& rec : requests) {
        EXPECT_EQ(rec.Header("X-Api-Key"), "k-123") << rec.path;
        EXPECT_THAT(rec.Header("Cookie"), HasSubstr("session=abc")) << rec.path;
    }

    // Severity and tag filters leave nothing to run: nothing is sent.
    HttpFixture quiet;
    Vulnerable(quiet);
    scan.templates.ids.clear();
    scan.templates.severities = {"critical"};
    RunResult none = RunDefaultModule(HttpService(quiet), scan);
    ASSERT_TRUE(none.status.has_value()) << none.status.error().message;
    EXPECT_TRUE(none.findings.empty());
    EXPECT_EQ(none.details.at("templates").at("selected").as_int64(), 0);
    EXPECT_TRUE(quiet.Requests().empty());
}

TEST(TemplatesModule, AUserTemplateReplacesTheBuiltinOneWithItsId) {
    HttpFixture server;
    Vulnerable(server);
    TemplateDir dir;  // holds its own git-config
    ScanOptions scan = TestOptions();
    scan.templates.dirs = {dir.path()};
    scan.templates.builtin = true;
    scan.templates.tags = {"git"};
    RunResult r = RunDefaultModule(HttpService(server), scan);
    ASSERT_TRUE(r.status.has_value()) << r.status.error().message;
    const json::object& t = r.details.at("templates").as_object();
    EXPECT_EQ(t.at("builtin").as_int64(), static_cast<std::int64_t>(PackSize()) - 1);
    EXPECT_EQ(t.at("loaded").as_int64(), static_cast<std::int64_t>(PackSize()) + 1);
    EXPECT_EQ(t.at("selected").as_int64(), 1);  // only one git-config: the user's
    const json::array& results = r.details.at("results").as_array();
    ASSERT_EQ(results.size(), 1u);
    EXPECT_THAT(std::string(results[0].at("template-path").as_string()), HasSubstr("palisade-tpl-module-"));
}

TEST(TemplatesModule, ATemplateFileIsAPathToo) {
    HttpFixture server;
    Vulnerable(server);
    TemplateDir dir;
    ScanOptions scan = TestOptions();
    scan.templates.dirs = {dir.path() + "/http/login-chain.yaml"};
    scan.templates.builtin = false;
    RunResult r = RunDefaultModule(HttpService(server), scan);
    ASSERT_TRUE(r.status.has_value()) << r.status.error().message;
    EXPECT_THAT(r.Ids(), ::testing::ElementsAre("template.login-chain"));
    EXPECT_EQ(r.details.at("templates").at("loaded").as_int64(), 1);
}

TEST(TemplatesModule, OptionsFromScanDefaults) {
    ScanOptions scan;
    TemplatesOptions o = OptionsFromScan(scan);
    EXPECT_TRUE(o.builtin);
    EXPECT_TRUE(o.template_dirs.empty());
    scan.templates.dirs = {"/x"};
    scan.templates.builtin = false;
    scan.web.requests_per_second = 7.5;
    o = OptionsFromScan(scan);
    EXPECT_FALSE(o.builtin);
    EXPECT_THAT(o.template_dirs, ::testing::ElementsAre("/x"));
    EXPECT_DOUBLE_EQ(o.requests_per_second, 7.5);
}

}  // namespace
}  // namespace palisade::scan::templates

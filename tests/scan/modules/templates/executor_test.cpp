// SPDX-License-Identifier: Apache-2.0
// The executor with a fake client (randstr, errors, scope, cancellation), the nuclei JSON shape of results, the
// finding built from a result and the template filters.
#include "scan/modules/templates/executor.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/clock.hpp"
#include "scan/modules/templates/result_json.hpp"
#include "scan/modules/templates/templates_module.hpp"

namespace palisade::scan::templates {
namespace {

using ::testing::HasSubstr;

Template Load(std::string_view yaml) {
    LoadResult r = LoadTemplate(yaml, "test.yaml");
    EXPECT_TRUE(r.tmpl) << r.skip_reason;
    return r.tmpl ? *r.tmpl : Template{};
}

http::Response Ok(std::string body) {
    http::Response r;
    r.status = 200;
    r.reason = "OK";
    r.headers = {{"Content-Type", "text/plain"}};
    r.body = std::move(body);
    return r;
}

TEST(RunTemplate, RandstrIsOneValuePerRunEverywhere) {
    Template t = Load(R"(id: upload
info: {name: Upload, author: a, severity: high}
http:
  - method: PUT
    path: ["{{BaseURL}}/up/{{randstr}}.txt"]
    body: "{{randstr}}-{{randstr_1}}"
  - method: GET
    path: ["{{BaseURL}}/up/{{randstr}}.txt"]
    matchers:
      - type: word
        words: ["{{randstr}}-{{randstr_1}}"]
)");
    std::vector<http::Request> sent;
    std::string stored;
    http::FunctionClient client([&](const http::Request& r) -> Result<http::Response> {
        sent.push_back(r);
        if (r.method == "PUT") stored = r.body;
        return Ok(stored);
    });
    auto run = RunTemplate(t, "http://h.test/", client, CancelToken());
    ASSERT_TRUE(run);
    ASSERT_EQ(sent.size(), 2u);
    EXPECT_EQ(sent[0].url, sent[1].url);
    std::string value = sent[0].url.substr(std::string("http://h.test/up/").size(), 27);
    EXPECT_EQ(sent[0].body.substr(0, 27), value);
    EXPECT_NE(sent[0].body.substr(28), value);  // randstr_1 is another value
    EXPECT_EQ(run->results.size(), 1u);
    EXPECT_EQ(run->requests_sent, 2u);
}

TEST(RunTemplate, TransportErrorsAreRecordedAndTheNextRequestIsTried) {
    Template t = Load(R"(id: two-paths
info: {name: T, author: a, severity: low}
http:
  - path: ["{{BaseURL}}/a", "{{BaseURL}}/b"]
    matchers:
      - type: status
        status: [200]
)");
    int calls = 0;
    http::FunctionClient client([&](const http::Request&) -> Result<http::Response> {
        if (++calls == 1) return Fail(ErrorCode::kUnavailable, "connection refused");
        return Ok("x");
    });
    auto run = RunTemplate(t, "http://h.test", client, CancelToken());
    ASSERT_TRUE(run);
    EXPECT_EQ(calls, 2);
    ASSERT_EQ(run->errors.size(), 1u);
    EXPECT_EQ(run->errors[0], "GET http://h.test/a: connection refused");
    ASSERT_EQ(run->results.size(), 1u);
    EXPECT_EQ(run->results[0].matched_at, "http://h.test/b");
}

TEST(RunTemplate, RequestsToOtherHostsAreNotSent) {
    Template t = Load(R"(id: other-host
info: {name: T, author: a, severity: low}
http:
  - path: ["{{Scheme}}://elsewhere.test{{Path}}"]
    matchers:
      - type: status
        status: [200]
)");
    int calls = 0;
    http::FunctionClient client([&](const http::Request&) -> Result<http::Response> {
        ++calls;
        return Ok("x");
    });
    auto run = RunTemplate(t, "http://h.test/", client, CancelToken());
    ASSERT_TRUE(run);
    EXPECT_EQ(calls, 0);
    ASSERT_EQ(run->errors.size(), 1u);
    EXPECT_THAT(run->errors[0], HasSubstr("request to another host refused"));
}

TEST(RunTemplate, StoppedTokenSendsNothing) {
    Template t = Load(R"(id: stop
info: {name: T, author: a, severity: low}
http:
  - path: ["{{BaseURL}}/a"]
    matchers: [{type: status, status: [200]}]
)");
    int calls = 0;
    http::FunctionClient client([&](const http::Request&) -> Result<http::Response> {
        ++calls;
        return Ok("x");
    });
    StopSource stop;
    stop.RequestStop();
    auto run = RunTemplate(t, "http://h.test/", client, CancelToken(stop));
    ASSERT_TRUE(run);
    EXPECT_EQ(calls, 0);
    EXPECT_TRUE(run->results.empty());
}

TEST(RunTemplate, TargetMustBeAnHttpUrl) {
    Template t =
        Load("id: x\ninfo: {name: n}\nhttp: [{path: ['{{BaseURL}}'], matchers: [{type: status, status: [200]}]}]\n");
    http::FunctionClient client([](const http::Request&) -> Result<http::Response> { return Ok(""); });
    auto run = RunTemplate(t, "ftp://h.test/", client, CancelToken());
    ASSERT_FALSE(run);
    EXPECT_EQ(run.error().code, ErrorCode::kInvalidArgument);
}

TEST(RunTemplate, ResultCarriesTargetFieldsAndTruncatedResponse) {
    Template t = Load(R"(id: fields
info: {name: Fields, author: a, severity: critical}
http:
  - path: ["{{BaseURL}}/x"]
    matchers: [{type: word, words: [body]}]
)");
    http::FunctionClient client([](const http::Request&) -> Result<http::Response> { return Ok("body body body"); });
    ManualClock clock(TimePoint(std::chrono::seconds(1700000000)));
    RunOptions options;
    options.max_response_bytes = 20;
    options.clock = &clock;
    auto run = RunTemplate(t, "https://10.0.0.5:8443/", client, CancelToken(), options);
    ASSERT_TRUE(run);
    ASSERT_EQ(run->results.size(), 1u);
    const TemplateResult& r = run->results[0];
    EXPECT_EQ(r.host, "10.0.0.5");
    EXPECT_EQ(r.port, "8443");
    EXPECT_EQ(r.scheme, "https");
    EXPECT_EQ(r.url, "https://10.0.0.5:8443/");
    EXPECT_EQ(r.path, "/");
    EXPECT_EQ(r.ip, "10.0.0.5");
    EXPECT_EQ(r.matched_at, "https://10.0.0.5:8443/x");
    EXPECT_EQ(r.response.size(), 20u);
    EXPECT_THAT(r.request, HasSubstr("GET /x HTTP/1.1\r\nHost: 10.0.0.5:8443\r\n"));
    EXPECT_THAT(r.matched_snippets, ::testing::ElementsAre("body"));
}

TEST(ResultJson, HasNucleiJsonlShape) {
    TemplateResult r;
    r.template_id = "git-config";
    r.template_path = "http/exposures/configs/git-config.yaml";
    r.info.name = "Git Config File";
    r.info.authors = {"pdteam"};
    r.info.tags = {"config", "git"};
    r.info.severity = TemplateSeverity::kMedium;
    r.info.references = {"https://example.test/ref"};
    r.info.classification.cwe_ids = {"CWE-200"};
    r.matcher_name = "core";
    r.extracted_results = {"x"};
    r.matched_at = "http://h/.git/config";
    r.request = "GET /.git/config HTTP/1.1\r\n\r\n";
    r.response = "HTTP/1.1 200 OK\r\n\r\n[core]";
    r.host = "h";
    r.port = "80";
    r.scheme = "http";
    r.url = "http://h/";
    r.path = "/";
    r.timestamp = TimePoint(std::chrono::seconds(1700000000));
    EXPECT_EQ(
        ResultToJsonLine(r),
        R"({"template-id":"git-config","template-path":"http/exposures/configs/git-config.yaml",)"
        R"("info":{"name":"Git Config File","author":["pdteam"],"tags":["config","git"],)"
        R"("reference":["https://example.test/ref"],"severity":"medium","classification":{"cwe-id":["CWE-200"]}},)"
        R"("matcher-name":"core","type":"http","host":"h","port":"80","scheme":"http","url":"http://h/","path":"/",)"
        R"("matched-at":"http://h/.git/config","extracted-results":["x"],)"
        R"("request":"GET /.git/config HTTP/1.1\r\n\r\n","response":"HTTP/1.1 200 OK\r\n\r\n[core]",)"
        R"("timestamp":"2023-11-14T22:13:20.000Z","matcher-status":true})");
}

TEST(ResultToFinding, MapsTemplateMetadata) {
    TemplateResult r;
    r.template_id = "CVE-2021-41773";
    r.info.name = "Apache Path Traversal";
    r.info.severity = TemplateSeverity::kHigh;
    r.info.references = {"https://nvd.nist.gov/vuln/detail/CVE-2021-41773", "https://httpd.apache.org/"};
    r.info.remediation = "Upgrade.";
    r.info.classification.cve_ids = {"CVE-2021-41773"};
    r.info.classification.cwe_ids = {"CWE-22"};
    r.info.classification.cvss_metrics = "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N";
    r.matcher_name = "passwd";
    r.matched_snippets = {"root:x:0:0:"};
    r.matched_at = "http://h/cgi-bin/x";
    Finding f = ResultToFinding(r);
    EXPECT_EQ(f.check, "template.cve-2021-41773");
    EXPECT_EQ(f.title, "Apache Path Traversal");
    EXPECT_EQ(f.severity, Severity::kHigh);
    ASSERT_TRUE(f.cvss);
    EXPECT_EQ(f.cvss->version, "3.0");
    EXPECT_DOUBLE_EQ(f.cvss->score, 7.5);
    EXPECT_THAT(f.cwe, ::testing::ElementsAre("CWE-22"));
    EXPECT_THAT(f.cve, ::testing::ElementsAre("CVE-2021-41773"));
    EXPECT_EQ(f.references.size(), 2u);
    EXPECT_EQ(f.recommendation, "Upgrade.");
    EXPECT_EQ(f.location, "http://h/cgi-bin/x");
    EXPECT_EQ(f.evidence, "matcher: passwd; matched: root:x:0:0:");
    TemplateResult other = r;
    other.matcher_name = "other";
    EXPECT_NE(ResultToFinding(other).fingerprint, f.fingerprint);
}

TEST(ResultToFinding, UnknownSeverityIsInfoWithoutCvss) {
    TemplateResult r;
    r.template_id = "tech-detect";
    r.info.name = "Tech";
    r.info.severity = TemplateSeverity::kUnknown;
    r.info.classification.cvss_metrics = "CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:N/A:N";
    Finding f = ResultToFinding(r);
    EXPECT_EQ(f.severity, Severity::kInfo);
    EXPECT_FALSE(f.cvss);
}

TEST(TemplateSelected, FiltersByTagsSeverityAndIds) {
    Template t;
    t.id = "git-config";
    t.info.tags = {"config", "git"};
    t.info.severity = TemplateSeverity::kMedium;
    TemplatesOptions o;
    EXPECT_TRUE(TemplateSelected(t, o));
    o.tags = {"GIT"};
    EXPECT_TRUE(TemplateSelected(t, o));
    o.tags = {"cve"};
    EXPECT_FALSE(TemplateSelected(t, o));
    o.tags.clear();
    o.exclude_tags = {"config"};
    EXPECT_FALSE(TemplateSelected(t, o));
    o.exclude_tags.clear();
    o.severities = {"high", "critical"};
    EXPECT_FALSE(TemplateSelected(t, o));
    o.severities = {"medium"};
    EXPECT_TRUE(TemplateSelected(t, o));
    o.ids = {"other"};
    EXPECT_FALSE(TemplateSelected(t, o));
    o.ids = {"Git-Config"};
    EXPECT_TRUE(TemplateSelected(t, o));
}

}  // namespace
}  // namespace palisade::scan::templates

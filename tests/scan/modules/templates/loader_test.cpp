// SPDX-License-Identifier: Apache-2.0
// The template loader: info fields in their string-or-list forms, requests, variables, compiled operators, skip
// reasons for malformed files, and directory loading.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "scan/modules/templates/template.hpp"

namespace palisade::scan::templates {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr std::string_view kFull = R"(id: CVE-2021-41773

info:
  name: Apache 2.4.49 - Path Traversal
  author: dhiyaneshdk, daffainfo
  severity: high
  description: |
    A path traversal.
  reference:
    - https://nvd.nist.gov/vuln/detail/CVE-2021-41773
    - https://httpd.apache.org/security/vulnerabilities_24.html
  remediation: Upgrade to 2.4.51.
  classification:
    cvss-metrics: CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N
    cvss-score: 7.5
    cve-id: CVE-2021-41773
    cwe-id: CWE-22
  metadata:
    max-request: 1
    shodan-query: product:"Apache"
  tags: cve,cve2021, Apache ,lfi

variables:
  first: "a"
  second: "{{first}}b"

http:
  - method: GET
    path:
      - "{{BaseURL}}/cgi-bin/.%2e/%2e%2e/etc/passwd"
    headers:
      X-One: "1"
      Accept: text/plain
    stop-at-first-match: true
    max-size: 5000
    matchers-condition: and
    matchers:
      - type: regex
        name: passwd
        regex:
          - "root:.*:0:0:"
      - type: status
        status:
          - 200
    extractors:
      - type: regex
        internal: true
        name: user
        group: 1
        regex:
          - "^([a-z]+):x"
# digest: 4a0a00473045022100e1c7ff:922c64590222798bb761d5b6d8e72950
)";

TEST(TemplateLoader, LoadsACompleteTemplate) {
    LoadResult r = LoadTemplate(kFull, "http/cves/CVE-2021-41773.yaml");
    ASSERT_TRUE(r.tmpl) << r.skip_reason;
    const Template& t = *r.tmpl;
    EXPECT_EQ(t.id, "CVE-2021-41773");
    EXPECT_EQ(t.path, "http/cves/CVE-2021-41773.yaml");
    EXPECT_EQ(t.info.name, "Apache 2.4.49 - Path Traversal");
    EXPECT_THAT(t.info.authors, ElementsAre("dhiyaneshdk", "daffainfo"));
    EXPECT_EQ(t.info.severity, TemplateSeverity::kHigh);
    EXPECT_EQ(t.info.description, "A path traversal.\n");
    EXPECT_EQ(t.info.references.size(), 2u);
    EXPECT_EQ(t.info.remediation, "Upgrade to 2.4.51.");
    EXPECT_THAT(t.info.tags, ElementsAre("cve", "cve2021", "apache", "lfi"));
    EXPECT_THAT(t.info.classification.cve_ids, ElementsAre("CVE-2021-41773"));
    EXPECT_THAT(t.info.classification.cwe_ids, ElementsAre("CWE-22"));
    EXPECT_EQ(t.info.classification.cvss_metrics, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N");
    EXPECT_EQ(t.info.classification.cvss_score, 7.5);
    ASSERT_EQ(t.variables.size(), 2u);
    EXPECT_EQ(t.variables[0].first, "first");
    EXPECT_EQ(t.variables[1].second, "{{first}}b");
    ASSERT_EQ(t.requests.size(), 1u);
    const HttpRequest& req = t.requests[0];
    EXPECT_EQ(req.method, "GET");
    EXPECT_THAT(req.paths, ElementsAre("{{BaseURL}}/cgi-bin/.%2e/%2e%2e/etc/passwd"));
    ASSERT_EQ(req.headers.size(), 2u);
    EXPECT_EQ(req.headers[0].name, "X-One");
    EXPECT_TRUE(req.stop_at_first_match);
    EXPECT_EQ(req.max_size, 5000u);
    EXPECT_EQ(req.matchers_condition, Condition::kAnd);
    ASSERT_EQ(req.matchers.size(), 2u);
    EXPECT_EQ(req.matchers[0].type, MatcherType::kRegex);
    EXPECT_EQ(req.matchers[0].name, "passwd");
    EXPECT_EQ(req.matchers[0].part, "body");
    ASSERT_EQ(req.matchers[0].regexes.size(), 1u);
    EXPECT_TRUE(req.matchers[0].regexes[0]->ok());
    EXPECT_THAT(req.matchers[1].statuses, ElementsAre(200));
    ASSERT_EQ(req.extractors.size(), 1u);
    EXPECT_TRUE(req.extractors[0].internal);
    EXPECT_EQ(req.extractors[0].group, 1);
}

TEST(TemplateLoader, AcceptsListAuthorsStringReferenceAndCweList) {
    LoadResult r = LoadTemplate(R"(id: x
info:
  name: X
  author: [a, b]
  severity: unknown
  reference: https://example.test/advisory
  tags: [One, two]
  classification:
    cwe-id: [cwe-79, CWE-80]
    cvss-metrics: CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N
requests:
  - path: ["{{BaseURL}}"]
    matchers:
      - type: word
        words: [x]
)");
    ASSERT_TRUE(r.tmpl) << r.skip_reason;
    EXPECT_THAT(r.tmpl->info.authors, ElementsAre("a", "b"));
    EXPECT_THAT(r.tmpl->info.references, ElementsAre("https://example.test/advisory"));
    EXPECT_THAT(r.tmpl->info.tags, ElementsAre("one", "two"));
    EXPECT_THAT(r.tmpl->info.classification.cwe_ids, ElementsAre("CWE-79", "CWE-80"));
    EXPECT_EQ(r.tmpl->info.severity, TemplateSeverity::kUnknown);
    EXPECT_EQ(r.tmpl->requests.size(), 1u);  // legacy `requests:` key
}

TEST(TemplateLoader, RawRequestsGetCrlfLinesAndTimeoutAnnotation) {
    LoadResult r = LoadTemplate(R"(id: raw-x
info: {name: Raw, author: a, severity: low}
http:
  - raw:
      - |
        @timeout: 15s
        GET /x HTTP/1.1
        Host: {{Hostname}}

    matchers:
      - type: status
        status: [200]
)");
    ASSERT_TRUE(r.tmpl) << r.skip_reason;
    const HttpRequest& req = r.tmpl->requests[0];
    ASSERT_EQ(req.raw.size(), 1u);
    EXPECT_EQ(req.raw[0], "GET /x HTTP/1.1\r\nHost: {{Hostname}}\r\n");  // YAML `|` drops the final blank line
    ASSERT_TRUE(req.timeout);
    EXPECT_EQ(req.timeout->count(), 15000);
}

TEST(TemplateLoader, NumberedValuesTurnOnRequestCondition) {
    LoadResult r = LoadTemplate(R"(id: multi
info: {name: M, author: a, severity: info}
http:
  - path: ["{{BaseURL}}/a", "{{BaseURL}}/b"]
    matchers:
      - type: dsl
        dsl: ["status_code_1 != status_code_2"]
  - path: ["{{BaseURL}}/c"]
    matchers:
      - type: status
        status: [200]
)");
    ASSERT_TRUE(r.tmpl) << r.skip_reason;
    EXPECT_TRUE(r.tmpl->requests[0].req_condition);
    EXPECT_FALSE(r.tmpl->requests[1].req_condition);
}

TEST(TemplateLoader, MalformedTemplatesAreReportedWithPosition) {
    LoadResult r = LoadTemplate("id: x\ninfo:\n  name: [unclosed\n");
    EXPECT_FALSE(r.tmpl);
    EXPECT_TRUE(r.malformed);
    EXPECT_THAT(r.skip_reason, HasSubstr("yaml: line"));

    r = LoadTemplate("info: {name: n, severity: info}\nhttp: []\n");
    EXPECT_TRUE(r.malformed);
    EXPECT_THAT(r.skip_reason, HasSubstr("missing id"));

    r = LoadTemplate("id: bad id!\ninfo: {name: n}\nhttp: [{path: ['{{BaseURL}}']}]\n");
    EXPECT_TRUE(r.malformed);
    EXPECT_THAT(r.skip_reason, HasSubstr("invalid id"));

    r = LoadTemplate(
        "id: x\ninfo: {name: n}\nhttp: [{path: ['{{BaseURL}}'], matchers: [{type: status, status: [abc]}]}]\n");
    EXPECT_TRUE(r.malformed);
    EXPECT_THAT(r.skip_reason, HasSubstr("status must be integers"));

    r = LoadTemplate("- just\n- a list\n");
    EXPECT_TRUE(r.malformed);
}

TEST(TemplateLoader, UnknownKeysAreSkippedNotIgnored) {
    LoadResult r = LoadTemplate("id: x\ninfo: {name: n}\nmystery: 1\nhttp: [{path: ['{{BaseURL}}']}]\n");
    EXPECT_FALSE(r.tmpl);
    EXPECT_FALSE(r.malformed);
    EXPECT_EQ(r.skip_reason, "unknown top-level key 'mystery'");
    r = LoadTemplate("id: x\ninfo: {name: n}\nhttp: [{path: ['{{BaseURL}}'], magic: true}]\n");
    EXPECT_EQ(r.skip_reason, "unknown http request key 'magic'");
    r = LoadTemplate(
        "id: x\ninfo: {name: n}\nhttp: [{path: ['{{BaseURL}}'], matchers: [{type: word, words: [a], zap: 1}]}]\n");
    EXPECT_EQ(r.skip_reason, "unknown matcher key 'zap'");
}

TEST(TemplateLoader, PathsMustGoToTheTarget) {
    LoadResult r = LoadTemplate("id: x\ninfo: {name: n}\nhttp: [{path: ['http://evil.test/x']}]\n");
    EXPECT_FALSE(r.tmpl);
    EXPECT_THAT(r.skip_reason, HasSubstr("does not start with {{BaseURL}}"));
}

TEST(TemplateLoader, InternalExtractorNamesAreKnownPlaceholders) {
    LoadResult r = LoadTemplate(R"(id: chain
info: {name: n}
http:
  - path: ["{{BaseURL}}/a"]
    extractors:
      - type: regex
        name: token
        internal: true
        regex: ["[a-z]+"]
  - path: ["{{BaseURL}}/b?t={{token}}&r={{randstr_2}}"]
)");
    EXPECT_TRUE(r.tmpl) << r.skip_reason;
    r = LoadTemplate(R"(id: chain
info: {name: n}
http:
  - path: ["{{BaseURL}}/a"]
    extractors:
      - type: regex
        name: token
        regex: ["[a-z]+"]
  - path: ["{{BaseURL}}/b?t={{token}}"]
)");
    EXPECT_FALSE(r.tmpl);
    EXPECT_EQ(r.skip_reason, "unknown placeholder {{token}} in path");
}

TEST(TemplateLoader, ExpressionMarkersAreNotSupported) {
    LoadResult r =
        LoadTemplate("id: x\ninfo: {name: n}\nhttp: [{method: POST, path: ['{{BaseURL}}'], body: 'q={{7*7}}'}]\n");
    EXPECT_FALSE(r.tmpl);
    EXPECT_EQ(r.skip_reason, "expression {{7*7}} not supported in body");
}

TEST(TemplateLoader, AliasBombIsMalformed) {
    std::string bomb = "http:\n  - path: ['{{BaseURL}}']\n    matchers:\n";
    for (int i = 0; i < 20000; ++i) bomb += "      - {type: word, words: *a}\n";
    std::string text = "id: x\ninfo: {name: n, metadata: {a: &a [w,w,w,w,w,w,w,w,w,w,w,w,w,w,w,w,w,w,w,w]}}\n" + bomb;
    LoadResult r = LoadTemplate(text);
    EXPECT_FALSE(r.tmpl);
    EXPECT_TRUE(r.malformed);
    EXPECT_THAT(r.skip_reason, HasSubstr("template too large"));
}

class TempDir {
  public:
    TempDir() {
        path_ = std::filesystem::temp_directory_path() / ("palisade-templates-" + std::to_string(::getpid()));
        std::filesystem::remove_all(path_);
        std::filesystem::create_directories(path_ / "sub");
    }
    ~TempDir() { std::filesystem::remove_all(path_); }
    const std::filesystem::path& path() const { return path_; }
    void Write(const std::string& name, const std::string& text) const { std::ofstream(path_ / name) << text; }

  private:
    std::filesystem::path path_;
};

TEST(TemplateLoader, LoadDirectoryWalksRecursivelyInPathOrder) {
    TempDir dir;
    dir.Write("b.yaml",
              "id: b\ninfo: {name: B}\nhttp: [{path: ['{{BaseURL}}'], matchers: [{type: status, status: [200]}]}]\n");
    dir.Write("sub/a.yml",
              "id: a\ninfo: {name: A}\nhttp: [{path: ['{{BaseURL}}'], matchers: [{type: status, status: [200]}]}]\n");
    dir.Write("sub/broken.yaml", "id: c\ninfo:\n  name: [x\n");
    dir.Write("notes.txt", "not a template");
    auto results = LoadDirectory(dir.path());
    ASSERT_TRUE(results);
    ASSERT_EQ(results->size(), 3u);
    EXPECT_THAT((*results)[0].path, HasSubstr("b.yaml"));
    EXPECT_TRUE((*results)[0].tmpl);
    EXPECT_THAT((*results)[1].path, HasSubstr("sub/a.yml"));
    EXPECT_TRUE((*results)[1].tmpl);
    EXPECT_FALSE((*results)[2].tmpl);
    EXPECT_TRUE((*results)[2].malformed);
    EXPECT_THAT((*results)[2].skip_reason, HasSubstr("yaml: line 4, column 1"));
}

TEST(TemplateLoader, LoadDirectoryLeavesOutHiddenFilesAndDirectories) {
    TempDir dir;
    std::filesystem::create_directories(dir.path() / ".github" / "workflows");
    dir.Write(".github/workflows/ci.yml", "name: CI\non: [push]\n");
    dir.Write(".hidden.yaml", "id: hidden\n");
    dir.Write("sub/a.yaml",
              "id: a\ninfo: {name: A}\nhttp: [{path: ['{{BaseURL}}'], matchers: [{type: status, status: [200]}]}]\n");
    auto results = LoadDirectory(dir.path());
    ASSERT_TRUE(results);
    ASSERT_EQ(results->size(), 1u);
    EXPECT_THAT((*results)[0].path, HasSubstr("sub/a.yaml"));
    // A hidden file named explicitly is still loaded.
    auto explicit_file = LoadPath(dir.path() / ".hidden.yaml");
    ASSERT_TRUE(explicit_file);
    ASSERT_EQ(explicit_file->size(), 1u);
    EXPECT_TRUE((*explicit_file)[0].malformed);
}

TEST(TemplateLoader, LoadPathTakesAFileOrADirectory) {
    TempDir dir;
    dir.Write(
        "one.txt",
        "id: one\ninfo: {name: One}\nhttp: [{path: ['{{BaseURL}}'], matchers: [{type: status, status: [200]}]}]\n");
    auto file = LoadPath(dir.path() / "one.txt");
    ASSERT_TRUE(file);
    ASSERT_EQ(file->size(), 1u);
    ASSERT_TRUE((*file)[0].tmpl);
    EXPECT_EQ((*file)[0].tmpl->id, "one");
    auto directory = LoadPath(dir.path());
    ASSERT_TRUE(directory);
    EXPECT_TRUE(directory->empty());  // no *.yaml inside
    auto missing = LoadPath(dir.path() / "nope.yaml");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST(TemplateLoader, LoadDirectoryOfMissingDirectoryFails) {
    auto results = LoadDirectory("/nonexistent/palisade/templates");
    ASSERT_FALSE(results);
    EXPECT_EQ(results.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace palisade::scan::templates

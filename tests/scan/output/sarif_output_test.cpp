// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "core/strings.hpp"
#include "scan/output/format_util.hpp"
#include "scan/output/output.hpp"
#include "scan/output/sample_reports.hpp"

namespace palisade::scan::output {
namespace {

namespace json = boost::json;
using testing::IncompleteEmptyReport;
using testing::kCatalogue;
using testing::MultiTargetReport;
using testing::RunTool;
using testing::ShellQuote;
using testing::UnresolvedReport;
using testing::WriteTemp;

const std::string kTestDir = PALISADE_OUTPUT_TEST_DIR;
const std::string kPython = PALISADE_PYTHON3;

json::value Parse(const std::string& text) {
    boost::system::error_code ec;
    json::value v = json::parse(text, ec);
    EXPECT_FALSE(ec) << ec.message();
    return v;
}

// Validates `sarif` with the official schema through python3-jsonschema. A missing python3 or jsonschema fails.
void ExpectValidSarif(const std::string& sarif, const std::string& name) {
    std::string file = WriteTemp(name, sarif);
    auto run = RunTool(ShellQuote(kPython) + " " + ShellQuote(kTestDir + "/validate_sarif.py") + " " +
                       ShellQuote(kTestDir + "/data/sarif-schema-2.1.0.json") + " " + ShellQuote(file));
    EXPECT_EQ(run.exit_code, 0) << run.output;
    EXPECT_NE(run.output.find("valid"), std::string::npos) << run.output;
}

TEST(SarifOutput, ValidatesAgainstTheOfficialSchema) {
    ExpectValidSarif(ToSarif(MultiTargetReport(), kCatalogue), "multi.sarif");
    ExpectValidSarif(ToSarif(IncompleteEmptyReport(), kCatalogue), "incomplete.sarif");
    ExpectValidSarif(ToSarif(UnresolvedReport(), {}), "unresolved.sarif");
    ExpectValidSarif(ToSarif(ScanReport{}, {}), "empty.sarif");
}

TEST(SarifOutput, TheValidatorRejectsABrokenLog) {
    // The schema check must be able to fail: a result without a message, a bad level, a rule without an id.
    std::string broken = R"({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x", "rules": [{"name": "r"}]}},
        "results": [{"ruleId": "a", "level": "fatal"}]}]})";
    std::string file = WriteTemp("broken.sarif", broken);
    auto run = RunTool(ShellQuote(kPython) + " " + ShellQuote(kTestDir + "/validate_sarif.py") + " " +
                       ShellQuote(kTestDir + "/data/sarif-schema-2.1.0.json") + " " + ShellQuote(file));
    EXPECT_EQ(run.exit_code, 1) << run.output;
    EXPECT_NE(run.output.find("'message' is a required property"), std::string::npos) << run.output;
    EXPECT_NE(run.output.find("'fatal' is not one of"), std::string::npos) << run.output;
    EXPECT_NE(run.output.find("'id' is a required property"), std::string::npos) << run.output;
}

TEST(SarifOutput, OneRulePerCheckAndResultsPointAtTheirRule) {
    ScanReport r = MultiTargetReport();
    json::value v = Parse(ToSarif(r, kCatalogue));
    EXPECT_EQ(v.at("version").as_string(), "2.1.0");
    EXPECT_EQ(v.at("$schema").as_string(), "https://json.schemastore.org/sarif-2.1.0.json");
    const auto& runs = v.at("runs").as_array();
    ASSERT_EQ(runs.size(), 1u);
    const auto& driver = runs[0].at("tool").at("driver");
    EXPECT_EQ(driver.at("name").as_string(), "palisade");
    EXPECT_EQ(driver.at("version").as_string(), "0.1.0");
    EXPECT_EQ(driver.at("informationUri").as_string(), kInformationUri);

    const auto& rules = driver.at("rules").as_array();
    std::set<std::string> finding_checks;
    for (const auto& f : r.findings) finding_checks.insert(f.check);
    ASSERT_EQ(rules.size(), finding_checks.size());  // one per check id seen, none for the catalogue's others
    std::vector<std::string> ids;
    for (const auto& rule : rules) ids.emplace_back(rule.at("id").as_string());
    EXPECT_EQ(ids, std::vector<std::string>(finding_checks.begin(), finding_checks.end()));  // sorted by id

    const auto& results = runs[0].at("results").as_array();
    ASSERT_EQ(results.size(), r.findings.size());
    for (std::size_t i = 0; i < results.size(); ++i) {
        const auto& res = results[i];
        const Finding& f = r.findings[i];
        SCOPED_TRACE(f.check);
        EXPECT_EQ(res.at("ruleId").as_string(), f.check);
        auto index = res.at("ruleIndex").as_int64();
        ASSERT_GE(index, 0);
        ASSERT_LT(index, static_cast<std::int64_t>(rules.size()));
        EXPECT_EQ(rules[static_cast<std::size_t>(index)].at("id").as_string(), f.check);
        EXPECT_EQ(res.at("level").as_string(), detail::SarifLevel(f.severity));
        std::string text(res.at("message").at("text").as_string());
        EXPECT_EQ(text.rfind(f.title, 0), 0u) << text;
        EXPECT_NE(text.find(SanitizeUtf8(f.evidence)), std::string::npos);
        EXPECT_EQ(res.at("partialFingerprints").at("palisade/v1").as_string(), f.fingerprint);
        EXPECT_EQ(res.at("properties").at("severity").as_string(), SeverityName(f.severity));
        EXPECT_EQ(res.at("properties").at("cwe").as_array().size(), f.cwe.size());
        EXPECT_TRUE(res.at("properties").at("cve").is_array());
        const auto& loc = res.at("locations").as_array().at(0).at("physicalLocation");
        EXPECT_EQ(loc.at("region").at("startLine").as_int64(), 1);
        EXPECT_EQ(loc.at("artifactLocation").at("uri").as_string(), detail::LocationUri(f.location));
    }
}

TEST(SarifOutput, RulesDescribeTheCheckFromTheCatalogue) {
    json::value v = Parse(ToSarif(MultiTargetReport(), kCatalogue));
    std::map<std::string, json::object> rules;
    for (const auto& rule : v.at("runs").as_array()[0].at("tool").at("driver").at("rules").as_array()) {
        rules.emplace(std::string(rule.at("id").as_string()), rule.as_object());
    }
    const auto& redis = rules.at("services.redis.no_auth");
    EXPECT_EQ(redis.at("name").as_string(), "ServicesRedisNo_auth");
    EXPECT_EQ(redis.at("shortDescription").at("text").as_string(), "Redis accepts commands without authentication");
    EXPECT_NE(std::string(redis.at("fullDescription").at("text").as_string()).find("CVSS 3.1 base score 9.8"),
              std::string::npos);
    EXPECT_NE(std::string(redis.at("help").at("text").as_string()).find("Require a password"), std::string::npos);
    EXPECT_NE(std::string(redis.at("help").at("markdown").as_string()).find("**Recommendation:**"),
              std::string::npos);
    EXPECT_NE(std::string(redis.at("help").at("markdown").as_string()).find("<https://redis.io/"), std::string::npos);
    EXPECT_EQ(redis.at("helpUri").as_string(), "https://redis.io/docs/latest/operate/oss_and_stack/management/security/");
    EXPECT_EQ(redis.at("defaultConfiguration").at("level").as_string(), "error");
    EXPECT_EQ(redis.at("properties").at("security-severity").as_string(), "9.8");
    EXPECT_EQ(redis.at("properties").at("precision").as_string(), "high");
    const auto& tags = redis.at("properties").at("tags").as_array();
    EXPECT_EQ(tags[0].as_string(), "security");
    EXPECT_EQ(tags[1].as_string(), "external/cwe/cwe-306");

    EXPECT_EQ(rules.at("tls.protocol.tls1_0").at("defaultConfiguration").at("level").as_string(), "warning");
    EXPECT_EQ(rules.at("tls.protocol.tls1_0").at("properties").at("security-severity").as_string(), "4.8");
    EXPECT_EQ(rules.at("headers.hsts.missing").at("defaultConfiguration").at("level").as_string(), "note");
    EXPECT_FALSE(rules.at("headers.hsts.missing").contains("helpUri"));  // no references
    const auto& info = rules.at("services.ssh.banner");
    EXPECT_EQ(info.at("defaultConfiguration").at("level").as_string(), "note");
    EXPECT_FALSE(info.at("properties").as_object().contains("security-severity"));  // info without CVSS

    // Not in the catalogue: described from the finding.
    const auto& expired = rules.at("tls.cert.expired");
    EXPECT_EQ(expired.at("shortDescription").at("text").as_string(), "The certificate has expired");
    EXPECT_EQ(expired.at("defaultConfiguration").at("level").as_string(), "error");
    EXPECT_EQ(expired.at("properties").at("security-severity").as_string(), "6.5");
}

TEST(SarifOutput, InvocationRecordsIncompleteScansAndFailures) {
    json::value v = Parse(ToSarif(IncompleteEmptyReport(), kCatalogue));
    const auto& run = v.at("runs").as_array()[0];
    EXPECT_TRUE(run.at("results").as_array().empty());
    EXPECT_TRUE(run.at("tool").at("driver").at("rules").as_array().empty());
    const auto& inv = run.at("invocations").as_array()[0];
    EXPECT_FALSE(inv.at("executionSuccessful").as_bool());
    EXPECT_EQ(inv.at("startTimeUtc").as_string(), "2026-01-02T03:04:05Z");
    const auto& notes = inv.at("toolExecutionNotifications").as_array();
    ASSERT_GE(notes.size(), 2u);
    EXPECT_EQ(notes[0].at("message").at("text").as_string(), "Scan incomplete: cancelled");
    EXPECT_NE(std::string(notes[1].at("message").at("text").as_string()).find("module ports cancelled"),
              std::string::npos);

    json::value ok = Parse(ToSarif(MultiTargetReport(), kCatalogue));
    const auto& inv2 = ok.at("runs").as_array()[0].at("invocations").as_array()[0];
    EXPECT_TRUE(inv2.at("executionSuccessful").as_bool());
    EXPECT_EQ(inv2.at("commandLine").as_string(), "palisade scan https://example.test 127.0.0.2");
}

TEST(SarifFormat, LevelsAndSecuritySeverity) {
    EXPECT_EQ(detail::SarifLevel(Severity::kCritical), "error");
    EXPECT_EQ(detail::SarifLevel(Severity::kHigh), "error");
    EXPECT_EQ(detail::SarifLevel(Severity::kMedium), "warning");
    EXPECT_EQ(detail::SarifLevel(Severity::kLow), "note");
    EXPECT_EQ(detail::SarifLevel(Severity::kInfo), "note");
    EXPECT_EQ(detail::SecuritySeverity(Severity::kHigh, 7.5), "7.5");
    EXPECT_EQ(detail::SecuritySeverity(Severity::kMedium, 5.0), "5.0");
    EXPECT_EQ(detail::SecuritySeverity(Severity::kCritical, std::nullopt), "9.5");
    EXPECT_EQ(detail::SecuritySeverity(Severity::kHigh, std::nullopt), "8.0");
    EXPECT_EQ(detail::SecuritySeverity(Severity::kMedium, std::nullopt), "5.5");
    EXPECT_EQ(detail::SecuritySeverity(Severity::kLow, std::nullopt), "2.0");
    EXPECT_EQ(detail::SecuritySeverity(Severity::kLow, 0.0), "2.0");  // 0.0 is outside GitHub's 0.1-10.0
    EXPECT_EQ(detail::SecuritySeverity(Severity::kInfo, std::nullopt), std::nullopt);
    EXPECT_EQ(detail::SecuritySeverity(Severity::kInfo, 0.0), std::nullopt);
}

TEST(SarifFormat, LocationUris) {
    EXPECT_EQ(detail::LocationUri("https://example.test:8443/a/b?x=1"), "https://example.test:8443/a/b?x=1");
    EXPECT_EQ(detail::LocationUri("https://example.test/a path/\xc3\xa9"), "https://example.test/a%20path/%C3%A9");
    EXPECT_EQ(detail::LocationUri("10.0.0.5:443"), "tcp://10.0.0.5:443");
    EXPECT_EQ(detail::LocationUri("[::1]:443"), "tcp://[::1]:443");
    EXPECT_EQ(detail::LocationUri("::1"), "tcp://[::1]");
    EXPECT_EQ(detail::LocationUri("example.test"), "tcp://example.test");
    EXPECT_EQ(detail::LocationUri("example.test:22"), "tcp://example.test:22");
    EXPECT_EQ(detail::LocationUri("a b\"<>"), "tcp://a%20b%22%3C%3E");
    EXPECT_EQ(detail::LocationUri(""), "");
}

}  // namespace
}  // namespace palisade::scan::output

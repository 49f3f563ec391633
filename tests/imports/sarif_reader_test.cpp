// SPDX-License-Identifier: Apache-2.0
// SarifReader: rules folded into results, security-severity, fingerprints, skipped results, chunk boundaries, and
// the refusals (version, shape, size, truncation) with their line.
#include "imports/sarif_reader.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "imports/import_samples.hpp"

namespace palisade::imports {
namespace {

using testing::SarifResults;
using testing::SarifSample;

constexpr std::size_t kWhole = static_cast<std::size_t>(-1);

struct Read {
    std::vector<SarifResult> results;
    Status status;
    std::uint64_t skipped = 0;
};

Read ReadLog(const std::string& doc, std::size_t chunk = kWhole, SarifLimits limits = {}) {
    Read out;
    SarifReader reader(limits, [&](SarifResult&& r) {
        out.results.push_back(std::move(r));
        return Ok();
    });
    for (std::size_t at = 0; at < doc.size(); at += std::min(chunk, doc.size() - at)) {
        out.status = reader.Feed(std::string_view(doc).substr(at, std::min(chunk, doc.size() - at)));
        if (!out.status) return out;
    }
    out.status = reader.Finish();
    out.skipped = reader.skipped();
    return out;
}

std::string ErrorOf(const Read& r) { return r.status ? std::string("(no error)") : r.status.error().message; }

std::string Describe(const std::vector<SarifResult>& results) {
    std::string out;
    for (const auto& r : results) {
        out += r.tool + "|" + r.repository + "|" + r.rule_id + "|" + r.rule_name + "|" + r.level + "|" +
               (r.security_severity ? std::to_string(*r.security_severity) : "-") + "|" + r.message + "|" + r.uri +
               ":" + std::to_string(r.start_line) + "|" + r.help + "|" + r.help_uri + "|";
        for (const auto& c : r.cwe) out += c + ",";
        for (const auto& [k, v] : r.fingerprints) out += k + "=" + v + ",";
        out += "\n";
    }
    return out;
}

TEST(SarifReader, FoldsRulesIntoResults) {
    const Read r = ReadLog(SarifSample());
    ASSERT_TRUE(r.status) << ErrorOf(r);
    ASSERT_EQ(r.results.size(), 3u);
    EXPECT_EQ(r.skipped, 2u);  // the suppressed one and the "pass"
    const SarifResult& xss = r.results[0];
    EXPECT_EQ(xss.tool, "CodeQL");
    EXPECT_EQ(xss.repository, "https://git.example.test/acme/shop");
    EXPECT_EQ(xss.rule_id, "js/xss");
    EXPECT_EQ(xss.level, "error");
    ASSERT_TRUE(xss.security_severity.has_value());
    EXPECT_DOUBLE_EQ(*xss.security_severity, 6.1);
    EXPECT_EQ(xss.message, "Cross-site scripting vulnerability due to [user-provided value](1).\nSecond line.");
    EXPECT_EQ(xss.uri, "src/app.js");
    EXPECT_EQ(xss.start_line, 42);
    EXPECT_EQ(xss.help, "Escape user input before writing it to the DOM.");
    EXPECT_EQ(xss.help_uri, "https://codeql.github.com/codeql-query-help/javascript/js-xss/");
    EXPECT_EQ(xss.cwe, (std::vector<std::string>{"CWE-79", "CWE-116"}));
    ASSERT_EQ(xss.fingerprints.size(), 2u);
    EXPECT_EQ(xss.fingerprints[0].first, "primaryLocationLineHash");

    const SarifResult& sqli = r.results[1];
    EXPECT_EQ(sqli.rule_id, "js/sql-injection");
    EXPECT_EQ(sqli.rule_name, "Database query built from user-controlled sources");
    EXPECT_EQ(sqli.message, "This query depends on a user-provided value.");
    ASSERT_TRUE(sqli.security_severity.has_value());
    EXPECT_DOUBLE_EQ(*sqli.security_severity, 8.8);
    EXPECT_EQ(sqli.cwe, std::vector<std::string>{"CWE-89"});
    EXPECT_TRUE(sqli.fingerprints.empty());

    const SarifResult& secret = r.results[2];  // a rule the log does not describe: its own level
    EXPECT_EQ(secret.rule_id, "custom/hardcoded-secret");
    EXPECT_EQ(secret.level, "error");
    EXPECT_FALSE(secret.security_severity.has_value());
    EXPECT_EQ(secret.uri, "config/settings.js");
    EXPECT_EQ(secret.start_line, 3);
}

TEST(SarifReader, ChunkBoundariesDoNotMatter) {
    const std::string doc = SarifSample();
    const Read whole = ReadLog(doc);
    ASSERT_TRUE(whole.status) << ErrorOf(whole);
    for (std::size_t chunk : {1u, 2u, 3u, 7u, 64u, 1000u}) {
        const Read r = ReadLog(doc, chunk);
        ASSERT_TRUE(r.status) << chunk << ": " << ErrorOf(r);
        EXPECT_EQ(Describe(r.results), Describe(whole.results)) << chunk;
    }
}

TEST(SarifReader, ResolvesRulesByIndexAndExtension) {
    const std::string doc = R"({"version": "2.1.0", "runs": [{"tool": {
        "driver": {"name": "Scanner", "rules": [{"id": "A1", "defaultConfiguration": {"level": "note"}}]},
        "extensions": [{"name": "pack", "rules": [{"id": "X1", "defaultConfiguration": {"level": "error"},
                                                   "properties": {"security-severity": "9.5"}}]}]},
      "results": [
        {"ruleIndex": 0, "message": {"text": "a"}},
        {"rule": {"index": 0, "toolComponent": {"index": 0}}, "message": {"text": "x"}},
        {"ruleId": "X1", "level": "warning", "message": {"text": "x again"}, "properties": {"security-severity": 2}},
        {"message": {"text": "no rule"}}]}]})";
    const Read r = ReadLog(doc);
    ASSERT_TRUE(r.status) << ErrorOf(r);
    ASSERT_EQ(r.results.size(), 4u);
    EXPECT_EQ(r.results[0].rule_id, "A1");
    EXPECT_EQ(r.results[0].level, "note");
    EXPECT_EQ(r.results[1].rule_id, "X1");
    EXPECT_EQ(r.results[1].level, "error");
    EXPECT_DOUBLE_EQ(r.results[1].security_severity.value_or(-1), 9.5);
    EXPECT_EQ(r.results[2].level, "warning");
    EXPECT_DOUBLE_EQ(r.results[2].security_severity.value_or(-1), 2.0);
    EXPECT_EQ(r.results[3].rule_id, "");
    EXPECT_EQ(r.results[3].level, "warning");
}

TEST(SarifReader, RulesOfOneRunDoNotLeakIntoTheNext) {
    const std::string doc = R"({"version": "2.1.0", "runs": [
        {"tool": {"driver": {"name": "One", "rules": [{"id": "R", "defaultConfiguration": {"level": "error"}}]}},
         "results": [{"ruleId": "R", "message": {"text": "1"}}]},
        {"tool": {"driver": {"name": "Two"}}, "results": [{"ruleId": "R", "message": {"text": "2"}}]}]})";
    const Read r = ReadLog(doc);
    ASSERT_TRUE(r.status) << ErrorOf(r);
    ASSERT_EQ(r.results.size(), 2u);
    EXPECT_EQ(r.results[0].tool, "One");
    EXPECT_EQ(r.results[0].level, "error");
    EXPECT_EQ(r.results[1].tool, "Two");
    EXPECT_EQ(r.results[1].level, "warning");
}

TEST(SarifReader, RefusesOtherVersions) {
    const Read old = ReadLog("{\n  \"version\": \"2.0.0\",\n  \"runs\": []\n}");
    ASSERT_FALSE(old.status);
    EXPECT_EQ(old.status.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(ErrorOf(old).find("line 2"), std::string::npos) << ErrorOf(old);
    EXPECT_NE(ErrorOf(old).find("only SARIF 2.1.0 is supported"), std::string::npos) << ErrorOf(old);
    const Read late = ReadLog(R"({"runs": [], "version": "2.1.0"})");
    ASSERT_FALSE(late.status);
    EXPECT_NE(ErrorOf(late).find("\"version\" must come before \"runs\""), std::string::npos) << ErrorOf(late);
    const Read none = ReadLog(R"({"$schema": "x"})");
    ASSERT_FALSE(none.status);
    EXPECT_NE(ErrorOf(none).find("no \"version\""), std::string::npos) << ErrorOf(none);
    const Read no_runs = ReadLog(R"({"version": "2.1.0"})");
    ASSERT_FALSE(no_runs.status);
    EXPECT_NE(ErrorOf(no_runs).find("no \"runs\""), std::string::npos) << ErrorOf(no_runs);
}

TEST(SarifReader, RefusesOtherShapes) {
    const Read array = ReadLog("[1, 2]");
    ASSERT_FALSE(array.status);
    EXPECT_NE(ErrorOf(array).find("not an object"), std::string::npos) << ErrorOf(array);
    EXPECT_FALSE(ReadLog("\"text\"").status);
    EXPECT_FALSE(ReadLog("").status);
    const Read xml = ReadLog("<nmaprun/>");
    ASSERT_FALSE(xml.status);
    EXPECT_NE(ErrorOf(xml).find("malformed JSON"), std::string::npos) << ErrorOf(xml);
}

TEST(SarifReader, TruncatedLogFailsWithItsLine) {
    const std::string doc = SarifSample();
    const Read r = ReadLog(doc.substr(0, doc.find("\"ruleId\": \"js/sql-injection\"")), 50);
    ASSERT_FALSE(r.status);
    EXPECT_EQ(r.results.size(), 1u);
    EXPECT_NE(ErrorOf(r).find("line 47"), std::string::npos) << ErrorOf(r);
    const Read bad = ReadLog("{\"version\": \"2.1.0\",\n\"runs\": [\n{\"results\": [}]]}");
    ASSERT_FALSE(bad.status);
    EXPECT_NE(ErrorOf(bad).find("line 3"), std::string::npos) << ErrorOf(bad);
}

TEST(SarifReader, RefusesAHugeSingleResult) {
    SarifLimits limits;
    limits.max_result_bytes = 64 * 1024;
    const std::string big = R"({"version": "2.1.0", "runs": [{"results": [{"ruleId": "r", "message": {"text": ")" +
                            std::string(100 * 1024, 'x') + R"("}}]}]})";
    const Read r = ReadLog(big, 4096, limits);
    ASSERT_FALSE(r.status);
    EXPECT_NE(ErrorOf(r).find("a result is over 65536 bytes"), std::string::npos) << ErrorOf(r);
    // A long string outside any result (an artifact's contents) is not kept, so it is no problem.
    const std::string artifact = R"({"version": "2.1.0", "runs": [{"artifacts": [{"contents": {"text": ")" +
                                 std::string(100 * 1024, 'y') + R"("}}], "results": []}]})";
    EXPECT_TRUE(ReadLog(artifact, 4096, limits).status);
}

TEST(SarifReader, EnforcesCountsAndDepth) {
    SarifLimits limits;
    limits.max_results = 10;
    const Read many = ReadLog(SarifResults(11), kWhole, limits);
    ASSERT_FALSE(many.status);
    EXPECT_NE(ErrorOf(many).find("more than 10 results"), std::string::npos) << ErrorOf(many);
    EXPECT_TRUE(ReadLog(SarifResults(10), kWhole, limits).status);
    SarifLimits depth;
    depth.max_depth = 8;
    const Read deep = ReadLog(R"({"version": "2.1.0", "runs": [{"results": [{"a": [[[[[[1]]]]]]}]}]})", kWhole, depth);
    ASSERT_FALSE(deep.status);
    EXPECT_NE(ErrorOf(deep).find("nested deeper than 8"), std::string::npos) << ErrorOf(deep);
}

TEST(SarifReader, ManyResultsStream) {
    const Read r = ReadLog(SarifResults(3000), 4096);
    ASSERT_TRUE(r.status) << ErrorOf(r);
    ASSERT_EQ(r.results.size(), 3000u);
    EXPECT_EQ(r.results[2999].uri, "src/file2999.js");
    EXPECT_EQ(r.results[2999].start_line, 3000);
    EXPECT_EQ(r.results[2999].rule_id, "r3");
}

TEST(SarifReader, SinkErrorStopsTheRead) {
    SarifReader reader({}, [](SarifResult&&) -> Status { return Fail(ErrorCode::kUnavailable, "database down"); });
    auto s = reader.Feed(SarifResults(5));
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().code, ErrorCode::kUnavailable);
    EXPECT_EQ(s.error().message, "database down");
}

}  // namespace
}  // namespace palisade::imports

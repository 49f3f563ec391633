// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "core/strings.hpp"
#include "scan/output/output.hpp"
#include "scan/output/sample_reports.hpp"

namespace palisade::scan::output {
namespace {

using testing::IncompleteEmptyReport;
using testing::MultiTargetReport;
using testing::UnresolvedReport;

std::vector<std::string> Lines(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

std::size_t Pos(const std::string& text, const std::string& needle) {
    auto pos = text.find(needle);
    EXPECT_NE(pos, std::string::npos) << "missing: " << needle << "\n" << text;
    return pos;
}

TEST(TextOutput, SummarisesTargetsHostsAndServices) {
    std::string text = ToText(MultiTargetReport(), TextOptions{});
    Pos(text, "palisade 0.1.0 scan report\n");
    Pos(text, "Started 2026-01-02T03:04:05Z, finished 2026-01-02T03:04:17Z (12 s)\n");
    Pos(text, "Overall score 40, grade D\n");
    Pos(text, "Target https://example.test\n  score 72, grade C\n");
    Pos(text, "  Modules: ports done (310 ms), tls done B (812 ms), headers done 70/B (95 ms), services timed_out "
              "(5000 ms)\n");
    Pos(text, "    services: budget of 5 s exceeded\n");
    Pos(text, "  Host 127.0.0.1 (example.test): up\n");
    Pos(text, "    PORT    STATE SERVICE  VERSION\n");
    Pos(text, "    80/tcp  open  http     nginx 1.22.1\n");
    Pos(text, "    443/tcp open  ssl/http nginx 1.22.1 (Debian)\n");
    Pos(text, "    Not shown: 997 closed, 1 filtered ports\n");
    Pos(text, "  Host ::1 (example.test): up\n");
    Pos(text, "Target 127.0.0.2\n");
    Pos(text, "    PORT     STATE SERVICE VERSION\n");
    Pos(text, "    6379/tcp open  redis   Redis key-value store 7.0.11\n");
}

TEST(TextOutput, FindingsGroupedBySeverityCriticalFirst) {
    std::string text = ToText(MultiTargetReport(), TextOptions{});
    std::size_t critical = Pos(text, "  CRITICAL (1)\n");
    std::size_t high = Pos(text, "  HIGH (1)\n");
    std::size_t medium = Pos(text, "  MEDIUM (2)\n");
    std::size_t low = Pos(text, "  LOW (1)\n");
    std::size_t info = Pos(text, "  INFO (1)\n");
    EXPECT_LT(critical, high);
    EXPECT_LT(high, medium);
    EXPECT_LT(medium, low);
    EXPECT_LT(low, info);
    std::size_t redis = Pos(text, "    [critical] services.redis.no_auth  Redis accepts commands without authentication\n"
                                  "        at 127.0.0.2:6379\n"
                                  "        evidence: PING answered +PONG without AUTH\n");
    EXPECT_GT(redis, critical);
    EXPECT_LT(redis, high);
    EXPECT_EQ(Lines(text).back(), "6 findings: 1 critical, 1 high, 2 medium, 1 low, 1 info");
}

TEST(TextOutput, NoAnsiCodesWithoutColourEvenFromEvidence) {
    std::string text = ToText(MultiTargetReport(), TextOptions{.color = false});
    EXPECT_EQ(text.find('\x1b'), std::string::npos);  // the evidence's own ESC is shown as \x1b
    EXPECT_NE(text.find("\\x1b[31mred"), std::string::npos);
    EXPECT_EQ(text.find(std::string(1, '\0')), std::string::npos);
    EXPECT_TRUE(IsValidUtf8(text));
}

TEST(TextOutput, SeverityColoursWithColour) {
    std::string text = ToText(MultiTargetReport(), TextOptions{.color = true});
    EXPECT_NE(text.find("\x1b[1;91mCRITICAL (1)\x1b[0m"), std::string::npos) << text;
    EXPECT_NE(text.find("\x1b[31mHIGH (1)\x1b[0m"), std::string::npos);
    EXPECT_NE(text.find("\x1b[33mMEDIUM (2)\x1b[0m"), std::string::npos);
    EXPECT_NE(text.find("\x1b[36mLOW (1)\x1b[0m"), std::string::npos);
    EXPECT_NE(text.find("\x1b[2mINFO (1)\x1b[0m"), std::string::npos);
    // Evidence still cannot inject its own escape sequences.
    EXPECT_EQ(text.find("\x1b[31mred"), std::string::npos);
}

TEST(TextOutput, LinesStayNarrowAndEvidenceIsCut) {
    ScanReport r = MultiTargetReport();
    r.findings[0].evidence = std::string(5000, 'x') + "\nmore";
    r.findings[0].title = std::string(300, 't');
    r.targets[0].modules[3].error = std::string(400, 'e');
    std::string text = ToText(r, TextOptions{});
    for (const auto& line : Lines(text)) EXPECT_LE(Utf8Length(line), 120u) << line;
    EXPECT_NE(text.find("evidence: " + std::string(95, 'x') + "…\n"), std::string::npos);
    EXPECT_EQ(text.find("more"), std::string::npos);
}

TEST(TextOutput, IncompleteBannerAndNoFindings) {
    std::string text = ToText(IncompleteEmptyReport(), TextOptions{});
    std::size_t banner = Pos(text, "INCOMPLETE (cancelled): the results below are partial\n");
    EXPECT_LT(banner, Pos(text, "Target 127.0.0.1"));
    Pos(text, "  score -, grade -\n");
    Pos(text, "    No open ports.\n    Not shown: 3 closed ports\n");
    Pos(text, "No findings.\n");
    EXPECT_EQ(Lines(text).back(), "0 findings: 0 critical, 0 high, 0 medium, 0 low, 0 info");
    EXPECT_EQ(ToText(MultiTargetReport(), TextOptions{}).find("INCOMPLETE"), std::string::npos);

    std::string coloured = ToText(IncompleteEmptyReport(), TextOptions{.color = true});
    Pos(coloured, "\x1b[1;33mINCOMPLETE (cancelled)");
}

TEST(TextOutput, TargetErrorsAndDownHosts) {
    std::string text = ToText(UnresolvedReport(), TextOptions{});
    Pos(text, "Target no-such-name.invalid\n  score -, grade -\n  Error: name did not resolve\n");
    Pos(text, "  Host 127.0.0.3: down\n");
}

TEST(TextOutput, OneFindingIsSingular) {
    ScanReport r = MultiTargetReport();
    r.findings.resize(1);
    EXPECT_EQ(Lines(ToText(r, TextOptions{})).back(), "1 finding: 1 critical, 0 high, 0 medium, 0 low, 0 info");
}

}  // namespace
}  // namespace palisade::scan::output

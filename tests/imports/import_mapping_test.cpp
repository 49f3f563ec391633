// SPDX-License-Identifier: Apache-2.0
// The mapping of nmap hosts to scan report targets and services, and of SARIF results to findings; the base64 codec
// of the stored uploads.
#include "imports/import_mapping.hpp"

#include <gtest/gtest.h>

#include "store/imports/import_repository.hpp"

namespace palisade::imports {
namespace {

NmapHost Host(std::string status, std::vector<std::string> addresses) {
    NmapHost h;
    h.status = std::move(status);
    h.addresses = std::move(addresses);
    return h;
}

TEST(ImportMapping, HostUpBecomesATargetWithItsOpenPorts) {
    NmapHost h = Host("up", {"2001:DB8::1", "192.0.2.7"});
    h.hostnames = {"www.example.test"};
    h.ports = {{22, "tcp", "open", "syn-ack", "ssh", "OpenSSH", "9.2p1", "protocol 2.0", false},
               {443, "tcp", "open", "syn-ack", "http", "nginx", "1.22.1", "", true},
               {25, "tcp", "filtered", "no-response", "smtp", "", "", "", false},
               {0, "tcp", "invalid", "", "", "", "", "", false}};
    scan::ScanReport report;
    const HostOutcome o = AddNmapHost(h, report);
    EXPECT_TRUE(o.imported);
    EXPECT_EQ(o.services, 2);
    EXPECT_EQ(o.errors, 1);
    ASSERT_EQ(report.targets.size(), 1u);
    const scan::TargetReport& t = report.targets[0];
    EXPECT_EQ(t.target, "192.0.2.7");  // IPv4 first; IPv6 in canonical form next
    ASSERT_EQ(t.hosts.size(), 2u);
    EXPECT_EQ(t.hosts[1].address, "2001:db8::1");
    EXPECT_EQ(t.hosts[0].name, "www.example.test");
    EXPECT_EQ(t.hosts[0].ports.size(), 2u);
    ASSERT_EQ(report.services.size(), 2u);
    EXPECT_EQ(report.services[0].host, "192.0.2.7");
    EXPECT_EQ(report.services[0].service, "ssh");
    EXPECT_EQ(report.services[0].product, "OpenSSH");
    EXPECT_EQ(report.services[0].extra_info, "protocol 2.0");
    EXPECT_TRUE(report.services[1].tls);
    EXPECT_TRUE(report.findings.empty());
}

TEST(ImportMapping, HostsDownOrWithoutAddressAreNotImported) {
    scan::ScanReport report;
    EXPECT_FALSE(AddNmapHost(Host("down", {"192.0.2.1"}), report).imported);
    EXPECT_EQ(AddNmapHost(Host("down", {"192.0.2.1"}), report).errors, 0);
    const HostOutcome bad = AddNmapHost(Host("up", {"not-an-address", "10.0.0.1/8"}), report);
    EXPECT_FALSE(bad.imported);
    EXPECT_EQ(bad.errors, 1);
    EXPECT_TRUE(AddNmapHost(Host("", {"10.0.0.1"}), report).imported);  // no <status>: taken as up
    EXPECT_EQ(report.targets.size(), 1u);
}

SarifResult Result(std::string level, std::optional<double> severity) {
    SarifResult r;
    r.tool = "CodeQL";
    r.rule_id = "js/xss";
    r.level = std::move(level);
    r.security_severity = severity;
    r.message = "First line\nmore";
    r.uri = "src/app.js";
    r.start_line = 42;
    return r;
}

TEST(ImportMapping, SeverityFromSecuritySeverityThenLevel) {
    EXPECT_EQ(SarifSeverity(Result("note", 9.0)), scan::Severity::kCritical);
    EXPECT_EQ(SarifSeverity(Result("note", 8.99)), scan::Severity::kHigh);
    EXPECT_EQ(SarifSeverity(Result("note", 7.0)), scan::Severity::kHigh);
    EXPECT_EQ(SarifSeverity(Result("error", 4.0)), scan::Severity::kMedium);
    EXPECT_EQ(SarifSeverity(Result("error", 3.9)), scan::Severity::kLow);
    EXPECT_EQ(SarifSeverity(Result("error", 0.1)), scan::Severity::kLow);
    EXPECT_EQ(SarifSeverity(Result("error", 0.0)), scan::Severity::kInfo);
    EXPECT_EQ(SarifSeverity(Result("error", std::nullopt)), scan::Severity::kHigh);
    EXPECT_EQ(SarifSeverity(Result("warning", std::nullopt)), scan::Severity::kMedium);
    EXPECT_EQ(SarifSeverity(Result("note", std::nullopt)), scan::Severity::kLow);
    EXPECT_EQ(SarifSeverity(Result("none", std::nullopt)), scan::Severity::kInfo);
}

TEST(ImportMapping, SarifResultBecomesAFinding) {
    SarifResult r = Result("error", 6.1);
    r.repository = "https://git.example.test/acme/shop";
    r.cwe = {"CWE-79"};
    r.help = "Escape it.";
    r.help_uri = "https://example.test/xss";
    auto tf = SarifFinding(r);
    ASSERT_TRUE(tf.has_value());
    EXPECT_EQ(tf->target, "https://git.example.test/acme/shop");
    EXPECT_EQ(tf->finding.check, "codeql.js/xss");
    EXPECT_EQ(tf->finding.title, "First line");
    EXPECT_EQ(tf->finding.severity, scan::Severity::kMedium);
    EXPECT_EQ(tf->finding.location, "src/app.js:42");
    EXPECT_EQ(tf->finding.evidence, "First line\nmore");
    EXPECT_EQ(tf->finding.recommendation, "Escape it.");
    EXPECT_EQ(tf->finding.references, std::vector<std::string>{"https://example.test/xss"});
    EXPECT_EQ(tf->finding.cwe, std::vector<std::string>{"CWE-79"});
    EXPECT_EQ(tf->finding.fingerprint.size(), 32u);
    r.repository.clear();
    EXPECT_EQ(SarifFinding(r)->target, "sarif:codeql");
    r.rule_id.clear();
    EXPECT_FALSE(SarifFinding(r).has_value());
}

TEST(ImportMapping, FingerprintIgnoresTheLineWhenTheToolGivesFingerprints) {
    SarifResult a = Result("error", std::nullopt);
    SarifResult b = a;
    b.start_line = 50;  // the code moved
    EXPECT_NE(SarifFinding(a)->finding.fingerprint, SarifFinding(b)->finding.fingerprint);
    a.fingerprints = {{"primaryLocationLineHash", "39fa2ee980eb94b0:1"}};
    b.fingerprints = a.fingerprints;
    EXPECT_EQ(SarifFinding(a)->finding.fingerprint, SarifFinding(b)->finding.fingerprint);
    b.uri = "src/other.js";
    EXPECT_NE(SarifFinding(a)->finding.fingerprint, SarifFinding(b)->finding.fingerprint);
}

TEST(ImportMapping, ToolSlug) {
    EXPECT_EQ(ToolSlug("CodeQL"), "codeql");
    EXPECT_EQ(ToolSlug("ESLint (security plugin)"), "eslint-security-plugin");
    EXPECT_EQ(ToolSlug(""), "sarif");
    EXPECT_EQ(ToolSlug("..."), "sarif");
    EXPECT_EQ(ToolSlug(std::string(100, 'a')).size(), 64u);
}

TEST(ImportMapping, Base64RoundTrips) {
    std::string all;
    for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
    for (std::size_t n : {0u, 1u, 2u, 3u, 4u, 5u, 256u}) {
        const std::string bytes = all.substr(0, n);
        const std::string text = store::imports::Base64Encode(bytes);
        EXPECT_EQ(text.size() % 4, 0u);
        EXPECT_EQ(store::imports::Base64Decode(text), bytes) << n;
    }
    EXPECT_EQ(store::imports::Base64Encode("foobar"), "Zm9vYmFy");
    EXPECT_EQ(store::imports::Base64Encode("fo"), "Zm8=");
    EXPECT_FALSE(store::imports::Base64Decode("Zm9").has_value());
    EXPECT_FALSE(store::imports::Base64Decode("Zm9*").has_value());
}

}  // namespace
}  // namespace palisade::imports

// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <limits>
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
using testing::kOddBytes;
using testing::MultiTargetReport;
using testing::UnresolvedReport;

json::value Parse(const std::string& text) {
    boost::system::error_code ec;
    json::value v = json::parse(text, ec);  // Boost.JSON rejects invalid UTF-8
    EXPECT_FALSE(ec) << ec.message() << "\n" << text;
    return v;
}

std::set<std::string> Keys(const json::object& o) {
    std::set<std::string> keys;
    for (const auto& m : o) keys.emplace(m.key());
    return keys;
}

TEST(JsonOutput, HasExactlyTheContractFieldsAndTheExtensions) {
    json::value v = Parse(ToJson(MultiTargetReport()));
    const auto& root = v.as_object();
    EXPECT_EQ(Keys(root), (std::set<std::string>{"scanner", "target", "started_at", "finished_at", "score", "grade",
                                                  "modules", "services", "findings", "complete", "incomplete_reason",
                                                  "targets"}));
    EXPECT_EQ(Keys(root.at("scanner").as_object()), (std::set<std::string>{"name", "version"}));
    for (const auto& m : root.at("modules").as_array()) {
        EXPECT_EQ(Keys(m.as_object()), (std::set<std::string>{"name", "status", "duration_ms", "grade", "score"}));
    }
    for (const auto& s : root.at("services").as_array()) {
        EXPECT_EQ(Keys(s.as_object()),
                  (std::set<std::string>{"host", "port", "proto", "service", "product", "version", "tls"}));
    }
    for (const auto& f : root.at("findings").as_array()) {
        EXPECT_EQ(Keys(f.as_object()),
                  (std::set<std::string>{"check", "title", "severity", "cvss", "cwe", "cve", "location", "evidence",
                                         "recommendation", "references", "fingerprint"}));
    }
    for (const auto& t : root.at("targets").as_array()) {
        EXPECT_EQ(Keys(t.as_object()),
                  (std::set<std::string>{"target", "score", "grade", "error", "modules", "hosts"}));
        for (const auto& m : t.at("modules").as_array()) {
            EXPECT_EQ(Keys(m.as_object()), (std::set<std::string>{"name", "status", "duration_ms", "grade", "score",
                                                                   "error", "details"}));
        }
        for (const auto& h : t.at("hosts").as_array()) {
            EXPECT_EQ(Keys(h.as_object()),
                      (std::set<std::string>{"address", "name", "up", "ports", "closed", "filtered"}));
            for (const auto& p : h.at("ports").as_array()) {
                EXPECT_EQ(Keys(p.as_object()), (std::set<std::string>{"port", "proto", "state", "reason", "rtt_ms"}));
            }
        }
    }
}

TEST(JsonOutput, RoundTripsEveryValue) {
    ScanReport r = MultiTargetReport();
    json::value v = Parse(ToJson(r));
    const auto& root = v.as_object();
    EXPECT_EQ(root.at("scanner").at("name").as_string(), "palisade");
    EXPECT_EQ(root.at("scanner").at("version").as_string(), "0.1.0");
    EXPECT_EQ(root.at("target").as_string(), "https://example.test, 127.0.0.2");
    EXPECT_EQ(root.at("started_at").as_string(), "2026-01-02T03:04:05Z");
    EXPECT_EQ(root.at("finished_at").as_string(), "2026-01-02T03:04:17Z");
    EXPECT_EQ(root.at("score").as_int64(), 40);
    EXPECT_EQ(root.at("grade").as_string(), "D");
    EXPECT_TRUE(root.at("complete").as_bool());
    EXPECT_TRUE(root.at("incomplete_reason").is_null());

    // Top-level modules are the first target's, in the contract's shape.
    const auto& modules = root.at("modules").as_array();
    ASSERT_EQ(modules.size(), 4u);
    EXPECT_EQ(modules[1].at("name").as_string(), "tls");
    EXPECT_EQ(modules[1].at("status").as_string(), "done");
    EXPECT_EQ(modules[1].at("duration_ms").as_int64(), 812);
    EXPECT_EQ(modules[1].at("grade").as_string(), "B");
    EXPECT_TRUE(modules[1].at("score").is_null());
    EXPECT_EQ(modules[2].at("score").as_int64(), 70);
    EXPECT_EQ(modules[3].at("status").as_string(), "timed_out");

    const auto& services = root.at("services").as_array();
    ASSERT_EQ(services.size(), r.services.size());
    EXPECT_EQ(services[1].at("host").as_string(), "127.0.0.1");
    EXPECT_EQ(services[1].at("port").as_int64(), 443);
    EXPECT_EQ(services[1].at("proto").as_string(), "tcp");
    EXPECT_EQ(services[1].at("service").as_string(), "https");
    EXPECT_EQ(services[1].at("product").as_string(), "nginx");
    EXPECT_EQ(services[1].at("version").as_string(), "1.22.1");
    EXPECT_TRUE(services[1].at("tls").as_bool());
    EXPECT_TRUE(services[2].at("product").is_null());  // unknown product: null, not ""
    EXPECT_TRUE(services[2].at("version").is_null());

    const auto& findings = root.at("findings").as_array();
    ASSERT_EQ(findings.size(), r.findings.size());
    for (std::size_t i = 0; i < findings.size(); ++i) {
        const Finding& f = r.findings[i];
        const auto& j = findings[i];
        SCOPED_TRACE(f.check);
        EXPECT_EQ(j.at("check").as_string(), f.check);
        EXPECT_EQ(j.at("title").as_string(), f.title);
        EXPECT_EQ(j.at("severity").as_string(), SeverityName(f.severity));
        if (f.cvss) {
            EXPECT_EQ(j.at("cvss").at("version").as_string(), "3.1");
            EXPECT_EQ(j.at("cvss").at("vector").as_string(), f.cvss->vector);
            EXPECT_DOUBLE_EQ(j.at("cvss").at("score").as_double(), f.cvss->score);
        } else {
            EXPECT_TRUE(j.at("cvss").is_null());
        }
        ASSERT_EQ(j.at("cwe").as_array().size(), f.cwe.size());
        for (std::size_t k = 0; k < f.cwe.size(); ++k) EXPECT_EQ(j.at("cwe").as_array()[k].as_string(), f.cwe[k]);
        EXPECT_EQ(j.at("cve").as_array().size(), f.cve.size());
        EXPECT_EQ(j.at("location").as_string(), SanitizeUtf8(f.location));
        EXPECT_EQ(j.at("evidence").as_string(), SanitizeUtf8(f.evidence));
        EXPECT_EQ(j.at("recommendation").as_string(), f.recommendation);
        ASSERT_EQ(j.at("references").as_array().size(), f.references.size());
        EXPECT_EQ(j.at("fingerprint").as_string(), f.fingerprint);
    }
    EXPECT_EQ(findings[0].at("severity").as_string(), "critical");
    EXPECT_DOUBLE_EQ(findings[0].at("cvss").at("score").as_double(), 9.8);
}

TEST(JsonOutput, TargetsCarryModulesHostsAndParsedDetails) {
    json::value v = Parse(ToJson(MultiTargetReport()));
    const auto& targets = v.at("targets").as_array();
    ASSERT_EQ(targets.size(), 2u);
    const auto& a = targets[0];
    EXPECT_EQ(a.at("target").as_string(), "https://example.test");
    EXPECT_EQ(a.at("score").as_int64(), 72);
    EXPECT_EQ(a.at("grade").as_string(), "C");
    EXPECT_TRUE(a.at("error").is_null());

    const auto& modules = a.at("modules").as_array();
    EXPECT_EQ(modules[0].at("details").at("open").as_int64(), 3);  // details_json parsed back into JSON
    EXPECT_EQ(modules[1].at("details").at("protocols").as_array()[1].as_string(), "TLSv1.3");
    EXPECT_TRUE(modules[2].at("details").is_null());                        // no details
    EXPECT_EQ(modules[3].at("details").as_string(), "{not json");           // unparsable: kept as a string
    EXPECT_EQ(modules[3].at("error").as_string(), "budget of 5 s exceeded");
    EXPECT_TRUE(modules[0].at("error").is_null());

    const auto& hosts = a.at("hosts").as_array();
    ASSERT_EQ(hosts.size(), 2u);
    EXPECT_EQ(hosts[0].at("address").as_string(), "127.0.0.1");
    EXPECT_EQ(hosts[0].at("name").as_string(), "example.test");
    EXPECT_TRUE(hosts[0].at("up").as_bool());
    EXPECT_EQ(hosts[0].at("closed").to_number<std::uint64_t>(), 997u);
    EXPECT_EQ(hosts[0].at("filtered").to_number<std::uint64_t>(), 1u);
    const auto& ports = hosts[0].at("ports").as_array();
    ASSERT_EQ(ports.size(), 2u);
    EXPECT_EQ(ports[1].at("port").as_int64(), 443);
    EXPECT_EQ(ports[1].at("proto").as_string(), "tcp");
    EXPECT_EQ(ports[1].at("state").as_string(), "open");
    EXPECT_EQ(ports[1].at("reason").as_string(), "syn-ack");
    EXPECT_DOUBLE_EQ(ports[1].at("rtt_ms").as_double(), 0.188);  // rounded to microseconds
    EXPECT_EQ(hosts[1].at("address").as_string(), "::1");
    EXPECT_TRUE(targets[1].at("hosts").as_array()[0].at("name").is_null());
}

TEST(JsonOutput, OddBytesStayValidUtf8Json) {
    std::string text = ToJson(MultiTargetReport());
    EXPECT_TRUE(IsValidUtf8(text));
    EXPECT_EQ(text.find('\x1b'), std::string::npos);  // escaped as \u001b
    EXPECT_EQ(text.find(std::string(1, '\0')), std::string::npos);
    json::value v = Parse(text);
    const auto& evidence = v.at("findings").as_array()[3].at("evidence").as_string();
    EXPECT_EQ(std::string(evidence), SanitizeUtf8(kOddBytes));
    EXPECT_NE(std::string(evidence).find("\xEF\xBF\xBD"), std::string::npos);  // the 0xff byte
    EXPECT_NE(std::string(evidence).find("caf\xc3\xa9"), std::string::npos);   // valid UTF-8 kept as is
    EXPECT_NE(text.find("\\u001b[31m"), std::string::npos);
}

TEST(JsonOutput, IncompleteScanWithNoFindings) {
    json::value v = Parse(ToJson(IncompleteEmptyReport()));
    EXPECT_FALSE(v.at("complete").as_bool());
    EXPECT_EQ(v.at("incomplete_reason").as_string(), "cancelled");
    EXPECT_TRUE(v.at("findings").as_array().empty());
    EXPECT_TRUE(v.at("services").as_array().empty());
    EXPECT_TRUE(v.at("score").is_null());
    EXPECT_TRUE(v.at("grade").is_null());
    EXPECT_EQ(v.at("target").as_string(), "127.0.0.1");
    EXPECT_EQ(v.at("modules").as_array()[0].at("status").as_string(), "cancelled");
    EXPECT_TRUE(v.at("targets").as_array()[0].at("hosts").as_array()[0].at("ports").as_array().empty());
}

TEST(JsonOutput, TargetErrorAndNoTargets) {
    json::value v = Parse(ToJson(UnresolvedReport()));
    EXPECT_EQ(v.at("targets").as_array()[0].at("error").as_string(), "name did not resolve");
    EXPECT_TRUE(v.at("modules").as_array().empty());

    json::value empty = Parse(ToJson(ScanReport{}));
    EXPECT_EQ(empty.at("target").as_string(), "");
    EXPECT_TRUE(empty.at("targets").as_array().empty());
    EXPECT_TRUE(empty.at("modules").as_array().empty());
}

TEST(JsonOutput, IsPrettyPrinted) {
    std::string text = ToJson(MultiTargetReport());
    EXPECT_EQ(text.rfind("{\n  \"scanner\": {\n    \"name\": \"palisade\",", 0), 0u) << text.substr(0, 80);
    EXPECT_EQ(text.back(), '\n');
    EXPECT_NE(text.find("\"cwe\": [],"), std::string::npos);  // empty arrays stay on one line
}

TEST(PrettyJson, EscapesAndFormatsScalars) {
    json::value v = json::object{{"s", "a\"b\\c\n\x01"}, {"d", 5.0}, {"e", 0.1}, {"i", -3}, {"n", nullptr},
                                 {"t", true}, {"nan", std::numeric_limits<double>::quiet_NaN()}};
    std::string text = detail::PrettyJson(v);
    EXPECT_NE(text.find(R"("s": "a\"b\\c\n\u0001")"), std::string::npos) << text;
    EXPECT_NE(text.find(R"("d": 5.0)"), std::string::npos) << text;
    EXPECT_NE(text.find(R"("e": 0.1)"), std::string::npos) << text;
    EXPECT_NE(text.find(R"("i": -3)"), std::string::npos) << text;
    EXPECT_NE(text.find(R"("n": null)"), std::string::npos) << text;
    EXPECT_NE(text.find(R"("nan": null)"), std::string::npos) << text;
    json::value back = Parse(text);
    EXPECT_TRUE(back.at("d").is_double());
    EXPECT_EQ(back.at("s").as_string(), "a\"b\\c\n\x01");
}

}  // namespace
}  // namespace palisade::scan::output

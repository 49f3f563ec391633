// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <algorithm>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "scan/modules/web/jslibs/js_libraries.hpp"

namespace palisade::scan::web::jslibs {
namespace {

JsRepository Repo() {
    auto r = JsRepository::Builtin();
    EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
    return r.value_or(JsRepository());
}

struct Collected {
    std::mutex mutex;
    std::vector<Finding> findings;
    std::function<void(Finding)> Sink() {
        return [this](Finding f) {
            std::lock_guard lock(mutex);
            findings.push_back(std::move(f));
        };
    }
};

bool Contains(const std::string& haystack, std::string_view needle) {
    return haystack.find(needle) != std::string::npos;
}

TEST(JsLibraryChecks, TableIsValid) {
    auto checks = JsLibraryChecks();
    ASSERT_EQ(checks.size(), 1u);
    EXPECT_EQ(checks[0].id, "web.js.vulnerable_library");
    EXPECT_EQ(checks[0].severity, Severity::kHigh);
    EXPECT_EQ(checks[0].cwe, "CWE-1104");
    EXPECT_TRUE(ValidateCheckTable(checks).empty());
}

TEST(JsLibraryScanner, ReportsOneFindingPerLibraryVersionWithEveryUrlAndCve) {
    Collected out;
    JsLibraryScanner scanner(Repo(), out.Sink());
    scanner.InspectScript("https://a.test/js/jquery-1.8.3.min.js", "");
    scanner.InspectScript("https://b.test/static/app.js", "/*! jQuery v1.8.3 | jquery.org/license */\nvar x;");
    scanner.InspectScript("https://a.test/js/jquery-1.8.3.min.js", "/*! jQuery v1.8.3 */");  // same URL again
    scanner.InspectScript("https://a.test/js/jquery-3.7.1.min.js", "");                      // current: not reported
    scanner.InspectScript("https://a.test/js/d3-3.5.17.min.js", "");  // no advisories: not reported
    scanner.InspectScript("https://a.test/js/app.js", "console.log('no library here');");
    EXPECT_TRUE(out.findings.empty());  // nothing before Finish
    scanner.Finish();

    ASSERT_EQ(out.findings.size(), 1u);
    const Finding f = out.findings[0];  // a copy: more findings are appended below
    EXPECT_EQ(f.check, "web.js.vulnerable_library");
    EXPECT_EQ(f.title, "jQuery 1.8.3 has known vulnerabilities");
    EXPECT_EQ(f.location, "https://a.test/js/jquery-1.8.3.min.js");
    EXPECT_EQ(f.severity, Severity::kMedium);  // every jQuery 1.8.3 advisory is medium
    ASSERT_TRUE(f.cvss.has_value());
    EXPECT_DOUBLE_EQ(f.cvss->score, 6.1);
    EXPECT_EQ(f.cwe, std::vector<std::string>{"CWE-1104"});
    std::vector<std::string> cves = f.cve;
    std::sort(cves.begin(), cves.end());
    EXPECT_EQ(cves, (std::vector<std::string>{"CVE-2012-6708", "CVE-2015-9251", "CVE-2019-11358", "CVE-2020-11022",
                                              "CVE-2020-11023", "CVE-2020-7656"}));
    EXPECT_TRUE(Contains(f.evidence, "https://a.test/js/jquery-1.8.3.min.js")) << f.evidence;
    EXPECT_TRUE(Contains(f.evidence, "https://b.test/static/app.js")) << f.evidence;
    EXPECT_TRUE(Contains(f.evidence, "Seen at (2)")) << f.evidence;
    EXPECT_TRUE(Contains(f.evidence, "filename \"jquery-1.8.3.min.js\"")) << f.evidence;
    EXPECT_TRUE(Contains(f.evidence, "filecontent \"/*! jQuery v1.8.3\"")) << f.evidence;
    EXPECT_TRUE(Contains(f.evidence, "- medium (below 1.9.0): Selector interpreted as HTML")) << f.evidence;
    EXPECT_TRUE(Contains(f.evidence, "(from 1.2.0, below 3.5.0)")) << f.evidence;
    EXPECT_EQ(f.fingerprint.size(), 32u);

    // A second Finish reports only what is new since the first.
    scanner.Finish();
    EXPECT_EQ(out.findings.size(), 1u);
    scanner.InspectScript("https://c.test/lodash.js",
                          "  /** Used as the semantic version number. */\n"
                          "  var VERSION = '4.17.4';\n");
    scanner.Finish();
    ASSERT_EQ(out.findings.size(), 2u);
    const Finding& lodash = out.findings[1];
    EXPECT_EQ(lodash.title, "Lodash 4.17.4 has known vulnerabilities");
    EXPECT_EQ(lodash.severity, Severity::kCritical);  // CVE-2019-10744
    ASSERT_TRUE(lodash.cvss.has_value());
    EXPECT_DOUBLE_EQ(lodash.cvss->score, 9.8);
    EXPECT_NE(std::find(lodash.cve.begin(), lodash.cve.end(), "CVE-2019-10744"), lodash.cve.end());
    EXPECT_NE(lodash.fingerprint, f.fingerprint);
}

TEST(JsLibraryScanner, DifferentVersionsOfOneLibraryAreSeparateFindings) {
    Collected out;
    JsLibraryScanner scanner(Repo(), out.Sink());
    scanner.InspectScript("https://a.test/jquery-1.8.3.js", "");
    scanner.InspectScript("https://a.test/jquery-3.4.1.js", "");
    scanner.Finish();
    ASSERT_EQ(out.findings.size(), 2u);
    EXPECT_NE(out.findings[0].fingerprint, out.findings[1].fingerprint);
    EXPECT_EQ(out.findings[0].title, "jQuery 1.8.3 has known vulnerabilities");
    EXPECT_EQ(out.findings[1].title, "jQuery 3.4.1 has known vulnerabilities");
    EXPECT_EQ(out.findings[1].cve.size(), 2u);  // CVE-2020-11022, CVE-2020-11023
}

TEST(JsLibraryScanner, NoFindingsForCurrentLibraries) {
    Collected out;
    JsLibraryScanner scanner(Repo(), out.Sink());
    scanner.InspectScript("https://a.test/jquery-3.7.1.min.js", "/*! jQuery v3.7.1 | (c) OpenJS Foundation */");
    scanner.InspectScript("https://a.test/bootstrap.min.js", "/*!\n  * Bootstrap v5.3.3 (https://getbootstrap.com/)");
    scanner.InspectScript("https://cdn.jsdelivr.net/npm/lodash@4.18.1/lodash.min.js", "");
    scanner.Finish();
    EXPECT_TRUE(out.findings.empty());
}

TEST(JsLibraryScanner, ConcurrentInspectionDeduplicates) {
    Collected out;
    JsLibraryScanner scanner(Repo(), out.Sink());
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&scanner, t] {
            for (int i = 0; i < 25; ++i) {
                std::string url = "https://t" + std::to_string(t) + ".test/" + std::to_string(i) + "/bootstrap.js";
                scanner.InspectScript(url, "/*!\n * Bootstrap v3.3.7 (http://getbootstrap.com)\n */");
            }
        });
    }
    for (auto& th : threads) th.join();
    scanner.Finish();
    ASSERT_EQ(out.findings.size(), 1u);
    EXPECT_TRUE(Contains(out.findings[0].evidence, "Seen at (200)")) << out.findings[0].evidence;
    EXPECT_TRUE(Contains(out.findings[0].evidence, "and 190 more")) << out.findings[0].evidence;
}

}  // namespace
}  // namespace palisade::scan::web::jslibs

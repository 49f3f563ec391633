// SPDX-License-Identifier: Apache-2.0
// The "web" module end to end against the deliberately vulnerable loopback application (tests/support/webapp):
// every planted vulnerability is reported at its place, no decoy is, and a site that answers 200 to every path
// raises no exposed-file finding.
#include <gtest/gtest.h>

#include <set>

#include "scan/runner/scanner.hpp"
#include "support/webapp/vulnerable_app.hpp"

namespace palisade::scan {
namespace {

using palisade::testing::Reach;
using palisade::testing::VulnerableApp;

std::string PathOf(const std::string& url) {
    std::size_t scheme = url.find("://");
    std::size_t slash = scheme == std::string::npos ? std::string::npos : url.find('/', scheme + 3);
    if (slash == std::string::npos) return "/";
    return url.substr(slash, url.find_first_of("?#", slash) - slash);
}

std::string Lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// A finding matches a table row when it has the row's check and path, and -- for rows that name a parameter --
// its evidence names it: a request parameter quoted ('q' or "q"), a cookie as "name=", a library by its name.
// Findings kept once per site (private addresses, cookies) are located at the origin and name the page in evidence.
bool Matches(const Finding& f, const std::string& check, const std::string& path, const std::string& parameter) {
    if (f.check != check) return false;
    bool at_origin = f.location.find('/', f.location.find("://") + 3) == std::string::npos;
    bool named = f.evidence.find(path + ":") != std::string::npos || f.evidence.find(path + " ") != std::string::npos;
    if (PathOf(f.location) != path && !(at_origin && named)) return false;
    if (parameter.empty()) return true;
    const std::string& e = f.evidence;
    if (check.starts_with("web.cookie.")) return e.find(parameter + "=") != std::string::npos;
    if (check.starts_with("web.js.")) return Lower(e).find(Lower(parameter)) != std::string::npos;
    return e.find("'" + parameter + "'") != std::string::npos || e.find("\"" + parameter + "\"") != std::string::npos;
}

ScanReport Scan(const VulnerableApp& app, bool login) {
    auto targets = ParseTargets({app.Url("/")}, {});
    EXPECT_TRUE(targets.has_value());
    ScanOptions options;
    options.modules = {"web"};
    options.module_budget = std::chrono::seconds(240);
    options.web.max_pages = 400;
    if (login) {
        options.web.login_url = "/login";
        options.web.login_fields = {{"user", app.options().username}, {"pass", app.options().password}};
    }
    StopSource stop;
    auto report = RunScan(*targets, options, {}, stop);
    EXPECT_TRUE(report.has_value());
    return *report;
}

std::string Describe(const std::vector<Finding>& findings) {
    std::string out;
    for (const Finding& f : findings) out += "  " + f.check + " " + f.location + " | " + f.evidence.substr(0, 160) + "\n";
    return out;
}

TEST(WebModule, FindsEveryPlantedVulnerabilityAndFlagsNoDecoy) {
    VulnerableApp app;
    ScanReport report = Scan(app, true);
    ASSERT_TRUE(report.complete) << report.incomplete_reason;
    std::size_t found = 0;
    for (const auto& planted : app.Planted()) {
        bool hit = false;
        for (const Finding& f : report.findings) hit = hit || Matches(f, planted.check, planted.path, planted.parameter);
        EXPECT_TRUE(hit) << "missed " << planted.check << " at " << planted.path << " " << planted.parameter << " ("
                         << planted.note << ")";
        found += hit;
    }
    for (const auto& decoy : app.Decoys()) {
        for (const Finding& f : report.findings) {
            EXPECT_FALSE(Matches(f, decoy.check, decoy.path, decoy.parameter))
                << "decoy flagged: " << decoy.check << " at " << decoy.path << " " << decoy.parameter << " ("
                << decoy.note << "): " << f.evidence;
        }
    }
    std::cout << "planted found: " << found << " of " << app.Planted().size() << "\n" << Describe(report.findings);
}

TEST(WebModule, ASiteThatAnswers200EverywhereRaisesNoExposedFile) {
    VulnerableApp::Options options;
    options.catch_all = true;
    VulnerableApp app(options);
    ScanReport report = Scan(app, false);
    for (const Finding& f : report.findings) {
        EXPECT_FALSE(f.check.starts_with("web.exposed.")) << f.check << " at " << f.location << ": " << f.evidence;
        EXPECT_NE(f.check, "web.http.trace") << f.location;
    }
}

TEST(WebModule, PassiveOnlySendsNoPayload) {
    VulnerableApp app;
    auto targets = ParseTargets({app.Url("/")}, {});
    ASSERT_TRUE(targets.has_value());
    ScanOptions options;
    options.modules = {"web"};
    options.web.active = false;
    StopSource stop;
    auto report = RunScan(*targets, options, {}, stop);
    ASSERT_TRUE(report.has_value());
    for (const auto& r : app.Requests()) {
        EXPECT_TRUE(r.method == "GET" || r.method == "HEAD") << r.method << " " << r.target;
        EXPECT_EQ(r.target.find("%27"), std::string::npos) << r.target;
        EXPECT_EQ(r.target.find("%3C"), std::string::npos) << r.target;
    }
    bool passive = false;
    for (const Finding& f : report->findings) passive = passive || f.check == "web.directory_listing";
    EXPECT_TRUE(passive) << Describe(report->findings);
}

}  // namespace
}  // namespace palisade::scan

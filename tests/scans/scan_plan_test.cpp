// SPDX-License-Identifier: Apache-2.0
#include "scans/scan_plan.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace palisade::scans {
namespace {

namespace json = boost::json;

std::vector<std::string> Fields(const std::vector<server::FieldError>& errors) {
    std::vector<std::string> out;
    for (const auto& e : errors) out.push_back(e.field);
    return out;
}

TEST(ScanPlan, BuiltinProfilesAreValid) {
    ASSERT_EQ(BuiltinProfiles().size(), 3u);
    for (const auto& p : BuiltinProfiles()) {
        std::vector<server::FieldError> errors;
        ValidatePlan(p.modules, p.options, errors);
        EXPECT_TRUE(errors.empty()) << p.name;
        auto options = BuildScanOptions(p.modules, p.options);
        ASSERT_TRUE(options.has_value()) << p.name;
    }
    EXPECT_NE(FindBuiltinProfile("quick"), nullptr);
    EXPECT_EQ(FindBuiltinProfile("Quick"), nullptr);
    EXPECT_EQ(BuildScanOptions(FindBuiltinProfile("quick")->modules, FindBuiltinProfile("quick")->options)
                  ->ports.Count(),
              100u);
    EXPECT_EQ(BuildScanOptions(FindBuiltinProfile("full")->modules, FindBuiltinProfile("full")->options)->ports.Count(),
              65535u);
}

TEST(ScanPlan, ImpliedModulesAndOrder) {
    std::vector<server::FieldError> errors;
    auto modules = ValidatePlan({"tls"}, {}, errors);
    EXPECT_TRUE(errors.empty());
    EXPECT_EQ(modules, (std::vector<std::string>{"ports", "tls"}));
}

TEST(ScanPlan, RejectsEveryBadOption) {
    json::object options = json::parse(R"({
        "ports": "0-5", "timeout_ms": 5, "rate": -1, "concurrency": 1.5, "ca_file": "/etc/shadow",
        "web": {"max_pages": 0, "cookies": "a=1", "active": "yes", "exclude_paths": "x"},
        "templates": {"dirs": ["/tmp"], "severities": ["urgent"]}
    })").as_object();
    std::vector<server::FieldError> errors;
    ValidatePlan({"bogus"}, options, errors);
    auto fields = Fields(errors);
    for (const char* f : {"modules", "options.ports", "options.timeout_ms", "options.rate", "options.concurrency",
                          "options.ca_file", "options.web.max_pages", "options.web.cookies", "options.web.active",
                          "options.web.exclude_paths", "options.templates.dirs", "options.templates.severities"}) {
        EXPECT_NE(std::find(fields.begin(), fields.end(), f), fields.end()) << f;
    }
}

TEST(ScanPlan, MergeAndBuild) {
    json::object base = json::parse(R"({"ports": "top100", "web": {"max_pages": 10, "active": true}})").as_object();
    json::object over = json::parse(R"({"ports": "80,443", "timeout_ms": 700, "web": {"active": false}})").as_object();
    json::object merged = MergeOptions(base, over);
    EXPECT_EQ(json::serialize(merged["web"]), R"({"max_pages":10,"active":false})");
    auto o = BuildScanOptions({"web"}, merged);
    ASSERT_TRUE(o.has_value());
    EXPECT_EQ(o->ports.Count(), 2u);
    EXPECT_TRUE(o->ports_given);
    EXPECT_EQ(o->timeout.count(), 700);
    EXPECT_EQ(o->web.max_pages, 10u);
    EXPECT_FALSE(o->web.active);
    EXPECT_EQ(o->modules, (std::vector<std::string>{"ports", "services", "web"}));
}

TEST(ScanPlan, BuildRefusesInvalidStoredPlan) {
    auto o = BuildScanOptions({"ports"}, json::parse(R"({"timeout_ms": 0})").as_object());
    ASSERT_FALSE(o.has_value());
    EXPECT_EQ(o.error().field, "options.timeout_ms");
}

}  // namespace
}  // namespace palisade::scans

// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "scan/modules/web/jslibs/js_repository.hpp"

namespace palisade::scan::web::jslibs {
namespace {

int Sign(int v) { return v < 0 ? -1 : (v > 0 ? 1 : 0); }

struct Case {
    const char* a;
    const char* b;
    int expected;  // sign of CompareVersions(a, b)
};

// retire.js isAtOrAbove, case by case.
TEST(CompareVersions, FollowsRetireJsRules) {
    const Case cases[] = {
        {"1.8.3", "1.8.3", 0},
        {"1.8.3", "1.9.0", -1},
        {"1.10.0", "1.9.0", 1},  // numeric, not lexical
        {"1.0", "1.0.0", 0},     // missing parts count as 0
        {"1", "1.0.0", 0},
        {"1.0.1", "1.0", 1},
        {"1.0.0", "1.0.0-rc1", 1},  // a number beats a non-number
        {"1.0.0-rc1", "1.0.0", -1},
        {"1.0.0-rc.1", "1.0.0-beta.2", 1},  // labels compare lexically
        {"1.0.0-beta.2", "1.0.0-beta.10", -1},
        {"3.0.0-rc1", "3.0.0-beta1", 1},
        {"3.0.0-alpha1", "3.0.0-beta1", -1},
        {"1.9.0b1", "1.9.0", -1},  // "0b1" is not a number
        {"1.9.0b1", "1.9.1", -1},
        {"4.0.0-alpha.6", "4.0.0-alpha", 1},
        {"4.0.0", "4.0.0-alpha", 1},
        {"2.0.0-alpha", "1.99.0", 1},
        {"1.13.0", "1.13.0-2", -1},  // retire quirk: a numeric pre-release part is just another number
        {"01.2", "1.2", 0},          // parseInt
        {"1.99999999999999999999", "1.99999999999999999998", 1},  // beyond 2^53, still ordered
        {"1.2.3_beta", "1.2.3", -1},
        {"", "0", -1},
        {"", "", 0},
    };
    for (const Case& c : cases) {
        EXPECT_EQ(Sign(CompareVersions(c.a, c.b)), c.expected) << c.a << " vs " << c.b;
        EXPECT_EQ(Sign(CompareVersions(c.b, c.a)), -c.expected) << c.b << " vs " << c.a;
    }
}

TEST(CompareVersions, IsAntisymmetricAndTransitiveOnAMixedSet) {
    const std::vector<std::string> versions = {"0.9",   "1",       "1.0.0-alpha", "1.0.0-beta.1", "1.0.0-rc1", "1.0.0",
                                               "1.0.1", "1.9.0b1", "1.10",        "2.0.0-1",      "2.0.0",     "10.0.0",
                                               "x",     ""};
    for (const auto& a : versions) {
        EXPECT_EQ(CompareVersions(a, a), 0) << a;
        for (const auto& b : versions) {
            EXPECT_EQ(Sign(CompareVersions(a, b)), -Sign(CompareVersions(b, a))) << a << " " << b;
            for (const auto& c : versions) {
                if (CompareVersions(a, b) <= 0 && CompareVersions(b, c) <= 0) {
                    EXPECT_LE(CompareVersions(a, c), 0) << a << " " << b << " " << c;
                }
            }
        }
    }
}

TEST(JsVulnerability, AffectsUsesBelowAtOrAboveAndExcludes) {
    JsVulnerability v;
    v.at_or_above = "1.2.0";
    v.below = "3.5.0";
    v.excludes = {"2.2.4"};
    EXPECT_FALSE(v.Affects("1.1.9"));
    EXPECT_TRUE(v.Affects("1.2.0"));  // atOrAbove is inclusive
    EXPECT_TRUE(v.Affects("3.4.1"));
    EXPECT_FALSE(v.Affects("3.5.0"));     // below is exclusive
    EXPECT_TRUE(v.Affects("3.5.0-rc1"));  // a pre-release of the fix is below it
    EXPECT_FALSE(v.Affects("2.2.4"));     // excluded
    EXPECT_TRUE(v.Affects("2.2.3"));

    JsVulnerability open;  // no bounds: every version
    EXPECT_TRUE(open.Affects("0.0.1"));
    EXPECT_TRUE(open.Affects("999.0.0"));
    JsVulnerability no_fix;
    no_fix.at_or_above = "1.7.0";
    EXPECT_FALSE(no_fix.Affects("1.6.9"));
    EXPECT_TRUE(no_fix.Affects("1.8.3"));
}

}  // namespace
}  // namespace palisade::scan::web::jslibs

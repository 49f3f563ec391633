// SPDX-License-Identifier: Apache-2.0
// The check catalogue: every module's table is well formed, ids are unique across modules, and docs/checks.md
// documents exactly the checks that exist (a heading "### `<id>`" per check).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "scan/runner/scanner.hpp"

namespace palisade::scan {
namespace {

TEST(Catalogue, EveryModuleTableIsWellFormed) {
    for (const auto& module : BuiltinModules()) {
        auto problems = ValidateCheckTable(module->Checks());
        EXPECT_TRUE(problems.empty()) << module->Name() << ": " << ::testing::PrintToString(problems);
        for (const auto& check : module->Checks()) {
            EXPECT_EQ(check.id.substr(0, module->Name().size() + 1), std::string(module->Name()) + ".")
                << check.id << " must start with its module's name";
        }
    }
}

TEST(Catalogue, IdsAreUniqueAcrossModules) {
    auto all = AllChecks();
    EXPECT_TRUE(ValidateCheckTable(all).empty()) << ::testing::PrintToString(ValidateCheckTable(all));
}

TEST(Catalogue, DocsChecksMdDocumentsExactlyTheChecks) {
    std::ifstream in(std::string(PALISADE_SOURCE_DIR) + "/docs/checks.md");
    ASSERT_TRUE(in) << "docs/checks.md is missing";
    std::stringstream text;
    text << in.rdbuf();
    std::set<std::string> documented;
    std::regex heading(R"(^### `([a-z0-9._-]+)`\s*$)");
    std::string line;
    while (std::getline(text, line)) {
        std::smatch m;
        if (std::regex_match(line, m, heading)) documented.insert(m[1]);
    }
    std::set<std::string> existing;
    for (const auto& c : AllChecks()) existing.emplace(c.id);
    for (const auto& id : existing) EXPECT_TRUE(documented.count(id)) << id << " is not documented in docs/checks.md";
    for (const auto& id : documented) EXPECT_TRUE(existing.count(id)) << id << " is documented but no module has it";
}

}  // namespace
}  // namespace palisade::scan

// SPDX-License-Identifier: Apache-2.0
// The built-in template pack (templates/ at the repository root, embedded in the binary): every template loads from
// the embedded copy, carries complete metadata and precise matchers, and has a recorded case in pack/<id>/:
//   response.http  a realistic response of the exposed thing, which must match;
//   decoy.http     a similar but benign response (the product's 404 page, a page about the product...), which must
//                  not match, not even with the status code of response.http.
// Every template must also stay silent on the shared decoys in pack-decoys/ (a single-page application answering
// 200 with the same page for every path, a soft 404, a JSON catch-all and a plain 404). A template without a case,
// or a case without a template, fails the suite.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "recorded_response.hpp"
#include "scan/modules/templates/builtin_pack.hpp"
#include "scan/modules/templates/executor.hpp"

namespace palisade::scan::templates {
namespace {

namespace fs = std::filesystem;

const fs::path kPackSource = fs::path(PALISADE_SOURCE_DIR) / "templates";
const fs::path kCases = fs::path(PALISADE_SOURCE_DIR) / "tests/scan/modules/templates/pack";
const fs::path kSharedDecoys = fs::path(PALISADE_SOURCE_DIR) / "tests/scan/modules/templates/pack-decoys";

// Template ids of the pack, from the source tree (file stem = id, checked below).
std::vector<std::string> PackIds() {
    std::vector<std::string> ids;
    for (const auto& entry : fs::recursive_directory_iterator(kPackSource)) {
        if (entry.is_regular_file() && entry.path().extension() == ".yaml") ids.push_back(entry.path().stem());
    }
    std::sort(ids.begin(), ids.end());
    return ids;
}

const Template* FindInPack(const std::string& id) {
    for (const auto& t : BuiltinPack().templates) {
        if (t->id == id) return t.get();
    }
    return nullptr;
}

// Runs `tmpl` with every request answered by `response`; returns the results.
std::vector<TemplateResult> RunOn(const Template& tmpl, const http::Response& response) {
    http::FunctionClient client([&](const http::Request& request) -> Result<http::Response> {
        http::Response r = response;
        r.url = request.url;
        return r;
    });
    RunOptions options;
    options.random_seed = 11;
    auto run = RunTemplate(tmpl, "http://example.test/", client, CancelToken(), options);
    EXPECT_TRUE(run.has_value()) << (run ? "" : run.error().message);
    return run ? run->results : std::vector<TemplateResult>{};
}

TEST(TemplatePack, EveryFileLoadsFromTheEmbeddedCopy) {
    const TemplatePack& pack = BuiltinPack();
    for (const LoadResult& r : pack.skipped) ADD_FAILURE() << r.path << ": " << r.skip_reason;
    std::vector<std::string> ids = PackIds();
    EXPECT_GE(ids.size(), 30u);
    EXPECT_EQ(pack.templates.size(), ids.size()) << "the embedded pack differs from templates/ (rebuild?)";
    std::set<std::string> unique;
    for (const auto& t : pack.templates) {
        EXPECT_TRUE(unique.insert(t->id).second) << "duplicate id " << t->id;
        EXPECT_TRUE(t->path.starts_with("builtin:")) << t->path;
        EXPECT_TRUE(t->path.ends_with("/" + t->id + ".yaml")) << "file name must be the id: " << t->path;
    }
}

TEST(TemplatePack, EveryCaseDirectoryBelongsToATemplate) {
    std::vector<std::string> ids = PackIds();
    for (const auto& entry : fs::directory_iterator(kCases)) {
        std::string name = entry.path().filename();
        EXPECT_TRUE(std::binary_search(ids.begin(), ids.end(), name)) << "pack/" << name << " has no template";
    }
}

class PackTemplate : public ::testing::TestWithParam<std::string> {};

TEST_P(PackTemplate, HasCompleteMetadataAndPreciseMatchers) {
    const Template* t = FindInPack(GetParam());
    ASSERT_NE(t, nullptr) << "not in the embedded pack";
    EXPECT_FALSE(t->info.name.empty());
    EXPECT_THAT(t->info.authors, ::testing::ElementsAre("palisade"));
    EXPECT_NE(t->info.severity, TemplateSeverity::kUnknown);
    EXPECT_GE(t->info.description.size(), 60u);
    EXPECT_FALSE(t->info.references.empty());
    EXPECT_GE(t->info.tags.size(), 2u);
    EXPECT_FALSE(t->info.remediation.empty());
    EXPECT_FALSE(t->info.classification.cwe_ids.empty());
    if (!t->info.classification.cvss_metrics.empty()) {
        EXPECT_TRUE(t->info.classification.cvss_metrics.starts_with("CVSS:3.1/"));
        EXPECT_TRUE(t->info.classification.cvss_score.has_value());
    }
    ASSERT_FALSE(t->requests.empty());
    for (const HttpRequest& r : t->requests) {
        EXPECT_EQ(r.matchers_condition, Condition::kAnd) << "every condition must hold";
        EXPECT_GE(r.matchers.size(), 2u);
        bool status = false, content = false;
        for (const Matcher& m : r.matchers) {
            status = status || m.type == MatcherType::kStatus;
            content = content || (!m.negative && (m.type == MatcherType::kWord || m.type == MatcherType::kRegex));
        }
        EXPECT_TRUE(status) << "a status matcher";
        EXPECT_TRUE(content) << "a word or regex matcher on the content";
    }
}

TEST_P(PackTemplate, MatchesItsRecordedResponse) {
    const Template* t = FindInPack(GetParam());
    ASSERT_NE(t, nullptr);
    const fs::path response = kCases / GetParam() / "response.http";
    ASSERT_TRUE(fs::exists(response)) << "missing " << response;
    std::vector<TemplateResult> results = RunOn(*t, test_data::ReadResponseFile(response));
    ASSERT_FALSE(results.empty());
    EXPECT_EQ(results.front().template_id, GetParam());
    EXPECT_THAT(results.front().matched_at, ::testing::StartsWith("http://example.test/"));
}

TEST_P(PackTemplate, IgnoresItsDecoyAndTheSharedDecoys) {
    const Template* t = FindInPack(GetParam());
    ASSERT_NE(t, nullptr);
    const fs::path decoy = kCases / GetParam() / "decoy.http";
    ASSERT_TRUE(fs::exists(decoy)) << "missing " << decoy;
    http::Response benign = test_data::ReadResponseFile(decoy);
    EXPECT_THAT(RunOn(*t, benign), ::testing::IsEmpty()) << decoy;
    // The content must tell them apart, not only the status code.
    benign.status = test_data::ReadResponseFile(kCases / GetParam() / "response.http").status;
    EXPECT_THAT(RunOn(*t, benign), ::testing::IsEmpty()) << decoy << " with the status of response.http";
    std::size_t shared = 0;
    for (const auto& entry : fs::directory_iterator(kSharedDecoys)) {
        ++shared;
        EXPECT_THAT(RunOn(*t, test_data::ReadResponseFile(entry.path())), ::testing::IsEmpty()) << entry.path();
    }
    EXPECT_GE(shared, 3u);
}

INSTANTIATE_TEST_SUITE_P(Pack, PackTemplate, ::testing::ValuesIn(PackIds()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                             std::string name = info.param;
                             std::replace(name.begin(), name.end(), '-', '_');
                             return name;
                         });

}  // namespace
}  // namespace palisade::scan::templates

// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "scan/modules/web/jslibs/js_libraries.hpp"
#include "scan/modules/web/jslibs/js_regex.hpp"

namespace palisade::scan::web::jslibs {
namespace {

JsRepository Builtin() {
    auto repo = JsRepository::Builtin();
    EXPECT_TRUE(repo.has_value()) << (repo ? "" : repo.error().message);
    return repo.value_or(JsRepository());
}

JsRepository ParseOk(std::string_view json) {
    auto repo = JsRepository::Parse(json, "user.json");
    EXPECT_TRUE(repo.has_value()) << (repo ? "" : repo.error().message);
    return repo.value_or(JsRepository());
}

std::string ParseError(std::string_view json) {
    auto repo = JsRepository::Parse(json, "user.json");
    EXPECT_FALSE(repo.has_value());
    if (repo) return {};
    EXPECT_EQ(repo.error().code, ErrorCode::kInvalidArgument);
    return repo.error().message;
}

std::string TempFile(const std::string& name, std::string_view content) {
    auto path = std::filesystem::temp_directory_path() /
                ("palisade_jslibs_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" + name);
    std::ofstream(path, std::ios::binary) << content;
    return path.string();
}

TEST(JsRepository, BuiltinCoversTheListedLibrariesWithEveryKindOfExtractor) {
    JsRepository repo = Builtin();
    EXPECT_TRUE(repo.warnings().empty());
    const char* names[] = {"jquery",    "jquery-ui", "jquery-migrate", "bootstrap",  "angularjs", "angular",
                           "react",     "vue",       "lodash",         "underscore", "moment",    "handlebars",
                           "dompurify", "knockout",  "ember",          "backbone",   "d3",        "ckeditor",
                           "ckeditor5", "tinymce"};
    for (const char* name : names) {
        const JsComponent* c = repo.Find(name);
        ASSERT_NE(c, nullptr) << name;
        EXPECT_FALSE(c->uri.empty()) << name;
        EXPECT_FALSE(c->filename.empty()) << name;
        EXPECT_FALSE(c->filecontent.empty()) << name;
        EXPECT_NE(c->display_name, c->name) << name;
        for (const JsVulnerability& v : c->vulnerabilities) {
            EXPECT_FALSE(v.summary.empty()) << name;
            EXPECT_FALSE(v.info.empty()) << name << ": " << v.summary;
            for (const std::string& cve : v.cves) EXPECT_EQ(cve.rfind("CVE-", 0), 0u) << name << ": " << cve;
            if (!v.at_or_above.empty() && !v.below.empty()) {
                EXPECT_LT(CompareVersions(v.at_or_above, v.below), 0) << name << ": " << v.summary;
            }
        }
    }
    EXPECT_EQ(repo.Find("no-such-library"), nullptr);
}

TEST(JsRepository, RejectsInvalidJsonWithItsPosition) {
    std::string message = ParseError("{\n  \"x\": [1,}\n");
    EXPECT_NE(message.find("user.json"), std::string::npos) << message;
    EXPECT_NE(message.find("not valid JSON"), std::string::npos) << message;
    EXPECT_NE(message.find("line 2"), std::string::npos) << message;
    EXPECT_NE(ParseError("[]").find("object of components"), std::string::npos);
    EXPECT_NE(ParseError("").find("not valid JSON"), std::string::npos);
    EXPECT_NE(ParseError("{} trailing").find("not valid JSON"), std::string::npos);
}

TEST(JsRepository, ReportsEveryShapeProblemWithItsPath) {
    std::string message = ParseError(R"js({
      "a": {"vulnerabilities": {}, "extractors": {"uri": "x", "hashes": {"zz": "1.0"}}},
      "b": 5,
      "c": {"vulnerabilities": [{"below": 3, "severity": "severe", "identifiers": {"CVE": "CVE-1"}}, 7],
            "extractors": {"filecontentreplace": ["/no-replacement/"]}}
    })js");
    for (const char* expected :
         {"a.vulnerabilities: expected an array", "a.extractors.uri: expected an array",
          "a.extractors.hashes.zz: expected a SHA-1", "b: expected an object",
          "c.vulnerabilities[0].below: expected a string",
          "c.vulnerabilities[0].severity: expected low, medium, high or critical",
          "c.vulnerabilities[0].identifiers.CVE: expected an array", "c.vulnerabilities[1]: expected an object",
          "c.extractors.filecontentreplace[0]: expected the form /regex/replacement/"}) {
        EXPECT_NE(message.find(expected), std::string::npos) << expected << "\n" << message;
    }
}

TEST(JsRepository, SkipsAFewPatternsThatDoNotCompileAndNamesThem) {
    JsRepository repo = ParseOk(R"js({"mylib": {"vulnerabilities": [],
        "extractors": {"filecontent": ["mylib v(§§version§§)", "broken (unclosed"]}}})js");
    ASSERT_EQ(repo.warnings().size(), 1u);
    EXPECT_NE(repo.warnings()[0].find("mylib.extractors.filecontent[1]"), std::string::npos) << repo.warnings()[0];
    EXPECT_NE(repo.warnings()[0].find("broken (unclosed"), std::string::npos) << repo.warnings()[0];
    ASSERT_NE(repo.Find("mylib"), nullptr);
    EXPECT_EQ(repo.Find("mylib")->filecontent.size(), 1u);  // the good pattern still works
}

TEST(JsRepository, FailsWhenManyPatternsDoNotCompileListingAll) {
    std::string message = ParseError(R"js({
      "one": {"extractors": {"uri": ["a(", "b["]}},
      "two": {"extractors": {"filename": ["c)"], "filecontent": ["(?<=a+)x", "fine (§§version§§)"]}}
    })js");
    EXPECT_NE(message.find("4 patterns do not compile"), std::string::npos) << message;
    for (const char* expected : {"one.extractors.uri[0]: /a(/", "one.extractors.uri[1]: /b[/",
                                 "two.extractors.filename[0]: /c)/", "two.extractors.filecontent[0]: /(?<=a+)x/"}) {
        EXPECT_NE(message.find(expected), std::string::npos) << expected << "\n" << message;
    }
}

TEST(JsRepository, LoadFileReportsMissingAndBadFiles) {
    auto missing = JsRepository::LoadFile("/nonexistent/palisade/jsrepository.json");
    ASSERT_FALSE(missing.has_value());
    EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
    EXPECT_NE(missing.error().message.find("/nonexistent/palisade/jsrepository.json"), std::string::npos);

    std::string bad = TempFile("bad.json", "{\"x\": ");
    auto parsed = JsRepository::LoadFile(bad);
    ASSERT_FALSE(parsed.has_value());
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(parsed.error().message.find(bad), std::string::npos) << parsed.error().message;
    std::filesystem::remove(bad);
}

// A user file in retire.js format: a new library (file name, hashes, stripping of ".min"/"-min") and one more
// advisory for a built-in library, merged into the built-in repository.
constexpr std::string_view kUserRepository = R"js({
  "hello-lib": {
    "vulnerabilities": [
      {"below": "2.0.0", "excludes": ["1.5.0"], "severity": "high", "cwe": ["CWE-79"],
       "identifiers": {"summary": "hello-lib XSS", "CVE": ["CVE-2099-0001"], "githubID": "GHSA-aaaa-bbbb-cccc"},
       "info": ["https://example.test/advisory"]}
    ],
    "extractors": {
      "filename": ["hello-lib-(§§version§§)\\.js"],
      "filecontent": ["hello-lib version (§§version§§)"],
      "hashes": {"85ead9b8ff93b2131ef24ce7348db9e8c15c06ac": "1.0.0"}
    }
  },
  "jquery": {
    "vulnerabilities": [
      {"atOrAbove": "3.7.0", "below": "3.7.2", "severity": "low", "identifiers": {"summary": "local advisory"}}
    ],
    "extractors": {"filecontent": ["/\\*!? jQuery v(§§version§§)", "MyBundledJquery=\"(§§version§§)\""]}
  }
})js";

TEST(JsRepository, MergesAUserFileIntoTheBuiltinOne) {
    std::string path = TempFile("user.json", kUserRepository);
    auto user = JsRepository::LoadFile(path);
    std::filesystem::remove(path);
    ASSERT_TRUE(user.has_value()) << user.error().message;

    JsRepository builtin = Builtin();
    JsRepository merged = builtin;
    merged.Merge(*user);
    EXPECT_EQ(merged.components().size(), builtin.components().size() + 1);
    EXPECT_EQ(builtin.Find("hello-lib"), nullptr);  // copies do not share changes

    EXPECT_TRUE(Vulnerabilities(builtin, "jquery", "3.7.1").empty());
    auto local = Vulnerabilities(merged, "jquery", "3.7.1");
    ASSERT_EQ(local.size(), 1u);
    EXPECT_EQ(local[0].summary, "local advisory");
    EXPECT_EQ(local[0].severity, "low");
    // The jQuery banner pattern was already there; only the new one is added.
    EXPECT_EQ(merged.Find("jquery")->filecontent.size(), builtin.Find("jquery")->filecontent.size() + 1);
    auto bundled = DetectFromContent(merged, "var x;MyBundledJquery=\"3.7.1\";");
    ASSERT_EQ(bundled.size(), 1u);
    EXPECT_EQ(bundled[0].component, "jquery");

    auto hello = Vulnerabilities(merged, "hello-lib", "1.4.0");
    ASSERT_EQ(hello.size(), 1u);
    EXPECT_EQ(hello[0].cves, std::vector<std::string>{"CVE-2099-0001"});
    EXPECT_EQ(hello[0].github_id, "GHSA-aaaa-bbbb-cccc");
    EXPECT_TRUE(Vulnerabilities(merged, "hello-lib", "1.5.0").empty());  // excludes
    EXPECT_TRUE(Vulnerabilities(merged, "hello-lib", "2.0.0").empty());

    // Merging the same file twice adds nothing.
    JsRepository twice = merged;
    twice.Merge(*user);
    EXPECT_EQ(Vulnerabilities(twice, "jquery", "3.7.1").size(), 1u);
    EXPECT_EQ(twice.Find("jquery")->filecontent.size(), merged.Find("jquery")->filecontent.size());
}

TEST(JsRepository, UserExtractorsStripMinAndMatchHashesAfterLineEndNormalisation) {
    JsRepository repo = ParseOk(kUserRepository);
    EXPECT_TRUE(repo.has_hashes());
    for (const char* url : {"https://x.test/hello-lib-1.2.3.min.js", "https://x.test/hello-lib-1.2.3-min.js",
                            "https://x.test/hello-lib-1.2.3.js?v=9"}) {
        auto found = DetectFromUrl(repo, url);
        ASSERT_EQ(found.size(), 1u) << url;
        EXPECT_EQ(found[0].version, "1.2.3") << url;
        EXPECT_EQ(found[0].how, "filename");
    }
    for (const char* content : {"hello-lib v1\n", "hello-lib v1\r\n"}) {  // SHA-1 of the LF form
        auto found = DetectFromContent(repo, content);
        ASSERT_EQ(found.size(), 1u) << content;
        EXPECT_EQ(found[0].component, "hello-lib");
        EXPECT_EQ(found[0].version, "1.0.0");
        EXPECT_EQ(found[0].how, "hash");
    }
    EXPECT_TRUE(DetectFromContent(repo, "hello-lib v2\n").empty());
    // A content match wins over the hash table.
    auto content = DetectFromContent(repo, "/* hello-lib version 1.9.1 */");
    ASSERT_EQ(content.size(), 1u);
    EXPECT_EQ(content[0].version, "1.9.1");
    EXPECT_EQ(content[0].how, "filecontent");
}

TEST(JsRegex, ReplacementExtractorBuildsTheVersion) {
    JsRepository repo = ParseOk(R"js({"tiny": {"extractors": {"filecontentreplace": [
        "/majorVersion:\"(\\d+)\",minorVersion:\"(\\d+\\.\\d+)\"/$1.$2/"]}}})js");
    auto found = DetectFromContent(repo, "e={majorVersion:\"4\",minorVersion:\"7.13\",releaseDate:\"2018\"}");
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].version, "4.7.13");

    RegexMatch m{"whole", {std::string("a"), std::nullopt, std::string("c")}};
    EXPECT_EQ(ExpandReplacement("$1.$3", m), "a.c");
    EXPECT_EQ(ExpandReplacement("$2x", m), "x");  // a group that did not take part is empty
    EXPECT_EQ(ExpandReplacement("$$1 $& $9", m), "$1 whole $9");
    EXPECT_EQ(ExpandReplacement("$13", m), "a3");  // no group 13: $1 then '3'
    EXPECT_EQ(ExpandReplacement("end$", m), "end$");
}

TEST(JsRegex, JavaScriptSyntaxAndSemantics) {
    auto re = JsRegex::Compile("v(§§version§§)$");
    ASSERT_TRUE(re.has_value());
    EXPECT_TRUE((*re)->FindAll("v1.2.3\n", 4).empty());  // JavaScript '$' is the very end
    ASSERT_EQ((*re)->FindAll("v1.2.3", 4).size(), 1u);
    EXPECT_EQ((*re)->FindAll("v1.2.3", 4)[0].groups[0], "1.2.3");

    auto js = JsRegex::Compile("\\u0041([^]{2})(['\"])x\\2");  // \uHHHH, [^] and a back-reference
    ASSERT_TRUE(js.has_value()) << js.error().message;
    auto m = (*js)->FindAll("A\n\n'x'", 4);
    ASSERT_EQ(m.size(), 1u);
    EXPECT_EQ(m[0].groups[0], "\n\n");

    auto empty = JsRegex::Compile("x*");  // empty matches advance by one byte
    ASSERT_TRUE(empty.has_value());
    EXPECT_EQ((*empty)->FindAll("ab", 10).size(), 3u);
    EXPECT_EQ((*empty)->FindAll("xxxxxxxxxx", 3).size(), 2u);  // "xxxxxxxxxx", then "" at the end
    EXPECT_EQ((*empty)->FindAll("abcdef", 2).size(), 2u);      // the cap
}

TEST(JsRegex, CatastrophicBacktrackingStopsAtTheLimit) {
    auto re = JsRegex::Compile("(a+)+$");
    ASSERT_TRUE(re.has_value());
    std::string hostile(100 * 1024, 'a');
    hostile += '!';
    EXPECT_TRUE((*re)->FindAll(hostile, 16).empty());
    auto nested = JsRegex::Compile("((?:a|aa)+)+b");
    ASSERT_TRUE(nested.has_value());
    EXPECT_TRUE((*nested)->FindAll(hostile, 16).empty());
}

}  // namespace
}  // namespace palisade::scan::web::jslibs

// SPDX-License-Identifier: Apache-2.0
// ToJsonl (scan/output/output.hpp): the templates module's results of a ScanReport as nuclei -jsonl lines.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <sstream>

#include "scan/modules/templates/result_json.hpp"
#include "scan/output/output.hpp"

namespace palisade::scan::templates {
namespace {

namespace json = boost::json;

TemplateResult Result(std::string id, std::string matched_at, TemplateSeverity severity) {
    TemplateResult r;
    r.template_id = std::move(id);
    r.template_path = "builtin:exposures/" + r.template_id + ".yaml";
    r.info.name = "Name of " + r.template_id;
    r.info.authors = {"palisade"};
    r.info.severity = severity;
    r.info.tags = {"exposure"};
    r.matched_at = std::move(matched_at);
    r.host = "10.0.0.5";
    r.port = "80";
    r.scheme = "http";
    r.url = "http://10.0.0.5/";
    r.path = "/";
    r.request = "GET /.git/config HTTP/1.1\r\nHost: 10.0.0.5\r\n\r\n";
    r.response = "HTTP/1.1 200 OK\r\n\r\n[core]\n\tbare = false\n\xff";  // a newline and an invalid byte
    return r;
}

// The details JSON the templates module writes (templates_module.hpp), with these results.
std::string Details(const std::vector<TemplateResult>& results) {
    json::array list;
    for (const TemplateResult& r : results) list.emplace_back(ResultToJson(r));
    return json::serialize(json::object{
        {"templates", json::object{{"loaded", 3}}}, {"results", std::move(list)}, {"errors", json::array{}}});
}

std::vector<std::string> Lines(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) lines.push_back(line);
    return lines;
}

TEST(JsonlOutput, OneNucleiLinePerTemplateResultInReportOrder) {
    ScanReport report;
    TargetReport first;
    first.target = "10.0.0.5";
    first.modules.push_back({"ports", ModuleStatus::kDone, 3, {}, {}, "", R"({"results":[{"template-id":"no"}]})"});
    first.modules.push_back({"templates",
                             ModuleStatus::kDone,
                             40,
                             {},
                             {},
                             "",
                             Details({Result("git-config", "http://10.0.0.5/.git/config", TemplateSeverity::kMedium),
                                      Result("dotenv-file", "http://10.0.0.5/.env", TemplateSeverity::kHigh)})});
    TargetReport second;
    second.target = "https://example.test/";
    second.modules.push_back(
        {"templates",
         ModuleStatus::kDone,
         12,
         {},
         {},
         "",
         Details({Result("go-pprof", "https://example.test/debug/pprof/", TemplateSeverity::kMedium)})});
    TargetReport broken;  // details that are not the module's JSON are skipped, not fatal
    broken.target = "10.0.0.9";
    broken.modules.push_back({"templates", ModuleStatus::kFailed, 1, {}, {}, "boom", "not json"});
    broken.modules.push_back({"templates", ModuleStatus::kDone, 1, {}, {}, "", R"({"results":"oops"})"});
    report.targets = {first, broken, second};

    std::string out = output::ToJsonl(report);
    ASSERT_TRUE(out.ends_with("\n"));
    std::vector<std::string> lines = Lines(out);
    ASSERT_EQ(lines.size(), 3u) << out;
    std::vector<std::string> ids;
    for (const std::string& line : lines) {
        boost::system::error_code ec;
        json::value v = json::parse(line, ec);
        ASSERT_FALSE(ec) << line;
        const json::object& o = v.as_object();
        ids.emplace_back(o.at("template-id").as_string());
        EXPECT_EQ(o.begin()->key(), "template-id") << "nuclei's key order";
        EXPECT_EQ(o.at("type").as_string(), "http");
        EXPECT_TRUE(o.at("matcher-status").as_bool());
        EXPECT_EQ(o.at("info").at("author").as_array().at(0).as_string(), "palisade");
        EXPECT_THAT(std::string(o.at("response").as_string()), ::testing::EndsWith("\n\xEF\xBF\xBD"));
    }
    EXPECT_THAT(ids, ::testing::ElementsAre("git-config", "dotenv-file", "go-pprof"));
    json::value first_line = json::parse(lines[0]);
    EXPECT_EQ(first_line.at("matched-at").as_string(), "http://10.0.0.5/.git/config");
    EXPECT_EQ(first_line.at("info").at("severity").as_string(), "medium");
    EXPECT_EQ(json::parse(lines[1]).at("info").at("severity").as_string(), "high");
    EXPECT_EQ(json::parse(lines[2]).at("host").as_string(), "10.0.0.5");
}

TEST(JsonlOutput, NothingWithoutTemplateResults) {
    ScanReport report;
    EXPECT_EQ(output::ToJsonl(report), "");
    TargetReport t;
    t.target = "10.0.0.5";
    t.modules.push_back({"templates", ModuleStatus::kDone, 5, {}, {}, "", Details({})});
    t.modules.push_back({"headers", ModuleStatus::kDone, 5, {}, {}, "", ""});
    report.targets = {t};
    EXPECT_EQ(output::ToJsonl(report), "");
}

}  // namespace
}  // namespace palisade::scan::templates

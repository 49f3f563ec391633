// SPDX-License-Identifier: Apache-2.0
// Data-driven template cases: every directory under cases/ holds
//   template.yaml                       the template under test
//   response.http                       a recorded response served for every request, or
//   response-1.http, response-2.http... one per request, in order (a request beyond the last one fails)
//   expected.json                       what must come out (every key optional except one of matched/skipped):
//     {"target": "http://example.test/",            the URL the template runs against (this is the default)
//      "ip": "192.0.2.10",                           the address the target resolved to (RunOptions::ip)
//      "skipped": "reason substring", "malformed": true,   the template must not load
//      "matched": true,                              some result (false: none)
//      "results": 2,                                 number of results
//      "matcher_names": ["a", "b"],                  matcher names of the results (sorted, empty names dropped)
//      "extractor_names": ["x"],                     extractor names of the results (sorted)
//      "extracted": ["1.2.3"],                       extracted values of all results (sorted, unique)
//      "matched_at": ["http://example.test/x"],      matched-at of each result, in order
//      "requests": ["GET http://example.test/x"],    every request the client was given, in order
//      "request_headers": ["Host: example.test"],    each must be a header ("Name: value") of some request
//      "bodies": ["a=1"]}                            the request bodies, in order
// A response file is "HTTP/1.1 <status> <reason>", header lines, a blank line and the body (LF or CRLF; one final
// newline of the file is not part of the body). The fake client follows redirects itself when a request asks for it
// (as the curl client does), serving the next recorded response for each hop.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "recorded_response.hpp"
#include "scan/modules/headers/web_util.hpp"
#include "scan/modules/templates/executor.hpp"
#include "scan/modules/templates/template.hpp"

namespace palisade::scan::templates {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

const fs::path kCasesDir = PALISADE_TEMPLATE_CASES_DIR;

using test_data::ParseResponse;
using test_data::ReadFile;

std::vector<std::string> Strings(const json::object& o, std::string_view key) {
    std::vector<std::string> out;
    if (const json::value* v = o.if_contains(key)) {
        for (const json::value& item : v->as_array()) out.emplace_back(item.as_string().c_str());
    }
    return out;
}

std::vector<std::string> ListCases() {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(kCasesDir)) {
        if (entry.is_directory()) names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
}

bool IsRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

class TemplateCase : public ::testing::TestWithParam<std::string> {};

TEST_P(TemplateCase, BehavesAsExpected) {
    const fs::path dir = kCasesDir / GetParam();
    json::object expected = json::parse(ReadFile(dir / "expected.json")).as_object();
    LoadResult loaded = LoadTemplateFile(dir / "template.yaml");
    if (const json::value* skipped = expected.if_contains("skipped")) {
        ASSERT_FALSE(loaded.tmpl) << "the template loaded but must be skipped";
        EXPECT_THAT(loaded.skip_reason, ::testing::HasSubstr(std::string(skipped->as_string().c_str())));
        bool malformed = expected.if_contains("malformed") && expected.at("malformed").as_bool();
        EXPECT_EQ(loaded.malformed, malformed) << loaded.skip_reason;
        return;
    }
    ASSERT_TRUE(loaded.tmpl) << loaded.skip_reason;

    std::vector<http::Response> responses;
    if (fs::exists(dir / "response.http")) {
        responses.push_back(ParseResponse(ReadFile(dir / "response.http")));
    } else {
        for (int i = 1; fs::exists(dir / ("response-" + std::to_string(i) + ".http")); ++i) {
            responses.push_back(ParseResponse(ReadFile(dir / ("response-" + std::to_string(i) + ".http"))));
        }
    }
    ASSERT_FALSE(responses.empty()) << "no response.http";
    std::size_t next = 0;
    auto serve = [&]() -> Result<http::Response> {
        if (responses.size() == 1) return responses[0];
        if (next >= responses.size()) return Fail(ErrorCode::kUnavailable, "no recorded response left");
        return responses[next++];
    };
    std::vector<http::Request> sent;
    http::FunctionClient client([&](const http::Request& request) -> Result<http::Response> {
        sent.push_back(request);
        auto response = serve();
        if (!response) return response;
        response->url = request.url;
        int hops = 0;
        while (request.follow_redirects && IsRedirect(response->status) && hops < request.max_redirects) {
            auto location = response->First("location");
            auto base = headers::ParseWebUrl(response->url);
            auto target = location && base ? headers::ResolveWebUrl(*base, *location) : std::nullopt;
            if (!target) break;
            std::vector<std::string> previous = response->redirects;
            previous.push_back(response->url);
            response = serve();
            if (!response) return response;
            response->url = target->href;
            response->redirects = std::move(previous);
            ++hops;
        }
        return response;
    });
    std::string target =
        expected.if_contains("target") ? expected.at("target").as_string().c_str() : "http://example.test/";
    RunOptions options;
    options.random_seed = 7;
    if (const json::value* ip = expected.if_contains("ip")) options.ip = ip->as_string().c_str();
    auto run = RunTemplate(*loaded.tmpl, target, client, CancelToken(), options);
    ASSERT_TRUE(run) << run.error().message;

    std::set<std::string> names, extractor_names, extracted;
    std::vector<std::string> matched_at;
    for (const TemplateResult& r : run->results) {
        if (!r.matcher_name.empty()) names.insert(r.matcher_name);
        if (!r.extractor_name.empty()) extractor_names.insert(r.extractor_name);
        extracted.insert(r.extracted_results.begin(), r.extracted_results.end());
        matched_at.push_back(r.matched_at);
    }
    std::string context = ::testing::PrintToString(run->errors);
    if (const json::value* m = expected.if_contains("matched")) {
        EXPECT_EQ(!run->results.empty(), m->as_bool()) << context;
    }
    if (const json::value* n = expected.if_contains("results")) {
        EXPECT_EQ(run->results.size(), static_cast<std::size_t>(n->as_int64())) << context;
    }
    if (expected.if_contains("matcher_names")) {
        auto want = Strings(expected, "matcher_names");
        EXPECT_EQ(names, std::set<std::string>(want.begin(), want.end()));
    }
    if (expected.if_contains("extractor_names")) {
        auto want = Strings(expected, "extractor_names");
        std::set<std::string> want_set(want.begin(), want.end());
        EXPECT_EQ(extractor_names, want_set);
    }
    if (expected.if_contains("extracted")) {
        auto want = Strings(expected, "extracted");
        EXPECT_EQ(extracted, std::set<std::string>(want.begin(), want.end()));
    }
    if (expected.if_contains("matched_at")) {
        EXPECT_EQ(matched_at, Strings(expected, "matched_at"));
    }
    if (expected.if_contains("requests")) {
        std::vector<std::string> lines;
        for (const http::Request& r : sent) lines.push_back(r.method + " " + r.url);
        EXPECT_EQ(lines, Strings(expected, "requests"));
    }
    for (const std::string& header : Strings(expected, "request_headers")) {
        bool found = false;
        for (const http::Request& r : sent) {
            for (const http::Header& h : r.headers) found = found || h.name + ": " + h.value == header;
        }
        EXPECT_TRUE(found) << "no request has the header " << header;
    }
    if (expected.if_contains("bodies")) {
        std::vector<std::string> bodies;
        for (const http::Request& r : sent) bodies.push_back(r.body);
        EXPECT_EQ(bodies, Strings(expected, "bodies"));
    }
}

INSTANTIATE_TEST_SUITE_P(Cases, TemplateCase, ::testing::ValuesIn(ListCases()),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

TEST(TemplateCases, AtLeastFortyCases) { EXPECT_GE(ListCases().size(), 40u); }

}  // namespace
}  // namespace palisade::scan::templates

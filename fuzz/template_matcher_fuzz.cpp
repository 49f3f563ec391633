// SPDX-License-Identifier: Apache-2.0
// Template matching on arbitrary bytes. The first byte picks the operator, the rest up to the first '\n' is the
// operator's text (a DSL expression, a regex, a word, a target URL) and everything after it is the response body.
// Modes: 0 dsl matcher (compile + evaluate over a response with that body), 1 regex matcher + regex extractor
// (group 1), 2 word matcher (case-insensitive, placeholders rendered), 3 input placeholders of the text as target
// URL, rendered into the body. Invariants: no crash; compiled expressions evaluate to a value or an error; regex
// extraction yields substrings of the body.
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "scan/modules/templates/dsl.hpp"
#include "scan/modules/templates/matchers.hpp"
#include "scan/modules/templates/placeholders.hpp"
#include "scan/modules/templates/text_util.hpp"

namespace {

using namespace palisade::scan::templates;

void Check(bool ok) {
    if (!ok) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1 || size > 64 * 1024) return 0;
    std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
    std::size_t newline = input.find('\n');
    std::string_view text = input.substr(0, newline);
    std::string_view body = newline == std::string_view::npos ? std::string_view() : input.substr(newline + 1);

    palisade::scan::http::Response response;
    response.status = 200;
    response.headers = {
        {"Content-Type", "text/html"}, {"Set-Cookie", "sid=abc; Path=/"}, {"X-Test", std::string(text)}};
    response.body = std::string(body);
    auto first =
        std::make_shared<const Exchange>(MakeExchange(response, "GET / HTTP/1.1\r\n\r\n", "http://h/", "http://h/"));
    Exchange current = MakeExchange(response, "GET /x HTTP/1.1\r\n\r\n", "http://h/x", "http://h/");
    std::map<int, std::shared_ptr<const Exchange>> history = {{1, first}};
    Variables variables = {{"BaseURL", "http://h"}, {"Hostname", "h"}};
    OperatorContext context(current, history, variables);

    switch (data[0] % 4) {
        case 0: {
            auto expression = dsl::Compile(text);
            if (!expression) return 0;
            Matcher m;
            m.type = MatcherType::kDsl;
            m.expressions.push_back(*expression);
            RunMatcher(m, context);
            m.condition = Condition::kAnd;
            m.negative = true;
            RunMatcher(m, context);
            break;
        }
        case 1: {
            std::string error;
            auto re = CompileGoRegex(text, error);
            if (!re) {
                Check(!error.empty());
                return 0;
            }
            Matcher m;
            m.type = MatcherType::kRegex;
            m.part = "all";
            m.regexes.push_back(re);
            m.match_all = true;
            RunMatcher(m, context);
            Extractor e;
            e.type = ExtractorType::kRegex;
            e.group = 1;
            e.regexes.push_back(re);
            for (const std::string& v : RunExtractor(e, context)) Check(ContainsBytes(body, v));
            break;
        }
        case 2: {
            Matcher m;
            m.type = MatcherType::kWord;
            m.part = "all_headers";
            m.case_insensitive = true;
            m.words = {LowerAscii(text), "{{Hostname}}"};
            m.condition = Condition::kAnd;
            RunMatcher(m, context);
            break;
        }
        case 3: {
            auto placeholders = InputPlaceholders(text, !body.empty() && body.front() == '/');
            if (placeholders) RenderWith(body, *placeholders);
            break;
        }
    }
    return 0;
}

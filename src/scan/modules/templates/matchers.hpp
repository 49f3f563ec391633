// SPDX-License-Identifier: Apache-2.0
// Matchers and extractors of nuclei templates, run on one HTTP exchange (nuclei's operators.go, matchers/match.go,
// extractors/extract.go and http/operators.go semantics).
//
// What a part or a variable name reads (nuclei's per-response "event"): body, status_code, header / all_headers
// (status line + headers, as Go dumps them: canonical names, sorted), all (body then headers), response (headers then
// body), request (the request as sent), host (the target URL), matched (the URL that answered), content_length,
// duration (seconds), type ("http"), every response header as lower_snake name (values of repeated headers joined
// with a space), every cookie set by the response by its lower-cased name; "<name>_<N>" reads <name> of the N-th
// response of the request block (1-based), which is how multi-request templates compare responses.
//
// Pure functions over immutable inputs; thread-safe.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "scan/http/http_client.hpp"
#include "scan/modules/templates/dsl.hpp"
#include "scan/modules/templates/template.hpp"

namespace palisade::scan::templates {

using Variables = std::map<std::string, std::string, std::less<>>;

// One request and its response, as the operators see them.
struct Exchange {
    int status = 0;
    std::vector<http::Header> headers;  // as received
    std::string body;
    std::string header_text;    // "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n...\r\n\r\n"
    std::string response_text;  // header_text + body
    std::string request_text;   // the request as sent ("GET /x HTTP/1.1\r\nHost: h\r\n...\r\n\r\nbody")
    std::string matched_url;    // the URL that answered (after redirects)
    std::string input_url;      // the target URL the template runs against
    std::string ip;             // the address the target resolved to (RunOptions::ip, or the host when it is an
                                // address); empty when unknown, and then `ip` is not defined for the operators
    double duration_seconds = 0;
    double content_length = 0;  // Content-Length when the server sent one, else the body size
};

// Builds an Exchange from a client response.
Exchange MakeExchange(const http::Response& response, std::string request_text, std::string matched_url,
                      std::string input_url);

// The names visible to the matchers and extractors of one response, by precedence: values extracted from this
// response, this response's fields, "<name>_<N>" fields of the responses of the block so far, then `variables`
// (input placeholders, template variables, internal values extracted by earlier requests). The referenced objects
// must outlive the context.
class OperatorContext {
  public:
    OperatorContext(const Exchange& current, const std::map<int, std::shared_ptr<const Exchange>>& history,
                    const Variables& variables)
        : current_(current), history_(history), variables_(variables) {}

    std::optional<dsl::Value> Get(std::string_view name) const;
    // The text of a matcher/extractor part, or nullopt when the response has no such part.
    std::optional<dsl::Value> Part(std::string_view part) const;
    // Makes an extractor's values visible to the following operators: `name` = the value when there is one, else
    // the first; name0, name1... each value when there are several.
    void SetExtracted(const std::string& name, const std::vector<std::string>& values);

    const Exchange& current() const { return current_; }

  private:
    const Exchange& current_;
    const std::map<int, std::shared_ptr<const Exchange>>& history_;
    const Variables& variables_;
    Variables extracted_;
};

struct MatcherOutcome {
    bool matched = false;
    std::vector<std::string> snippets;  // the words / regex matches that matched (evidence)
};

// Runs one matcher (negative applied). A missing part fails the matcher, negative or not (nuclei).
MatcherOutcome RunMatcher(const Matcher& matcher, const OperatorContext& context);

// Runs one extractor: unique values in the order found. At most 10 000 regex matches per regex are read.
std::vector<std::string> RunExtractor(const Extractor& extractor, const OperatorContext& context);

// The outcome of all operators of one request on one response (nuclei's operators.Result).
struct OperatorResult {
    bool matched = false;  // the matchers matched (matchers-condition applied)
    bool emit = false;     // nuclei reports a result: matched, or no matchers and something non-internal extracted
    std::vector<std::string> matcher_names;  // named, non-internal matchers that matched, under matchers-condition or
    std::vector<std::pair<std::string, std::vector<std::string>>> named_extracts;  // named non-internal extractors
    std::vector<std::string> extracted;  // every non-internal extracted value, unique, in order
    std::vector<std::pair<std::string, std::vector<std::string>>> dynamic_values;  // internal extractors' values
    std::vector<std::string> snippets;  // what the matchers matched (evidence)
};

// Extractors first (their values become visible to the matchers through `context`), then the matchers.
OperatorResult RunOperators(const HttpRequest& request, OperatorContext& context);

}  // namespace palisade::scan::templates

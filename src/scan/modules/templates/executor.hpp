// SPDX-License-Identifier: Apache-2.0
// Runs a loaded template against one target URL through an http::Client and returns nuclei-style results.
//
// Execution follows nuclei v3's HTTP engine (protocols/http/request.go):
//  * The `http:` blocks run in order; inside a block each `path:` entry, then each `raw:` entry, is one request, sent
//    in order (no parallelism inside a template: callers run templates in parallel).
//  * Requests are rendered with the input placeholders, {{randstr}} values (one per name and run), the template
//    variables (re-evaluated per request, in order) and the values of `internal: true` extractors of earlier
//    requests (the first value of the latest extraction). A request whose placeholders cannot be resolved (an
//    internal extractor found nothing) ends its block, as nuclei's "unresolved variables" rule.
//  * Path requests: "{{BaseURL}}:8080/x" overrides the port; the input's query parameters are added. Raw requests:
//    the request line's path is appended to the input's path unless `disable-path-automerge`; the Host header is
//    the template's (normally {{Hostname}}) or the input's.
//  * Scope: a request to another host than the target's is not sent (recorded as an error).
//  * After each response, extractors then matchers run on it (operators over body_N etc. see the responses of the
//    block so far): this is also nuclei's behaviour for multi-request templates, where a matcher naming a value of a
//    later request ("status_code_2") fails until that request has answered. So matchers that use `_N` values are
//    effectively evaluated after all the requests they name.
//  * Redirects: `redirects: true` lets the client follow (within its scope, `max-redirects`); `host-redirects: true`
//    follows only to the same host:port, by hand. Only the final response is matched (nuclei also matches each
//    earlier hop of the chain, whose bodies are usually empty).
//  * Results: one per matched named matcher (matchers-condition or), else one per named non-internal extractor, else
//    one; `stop-at-first-match` (request level: the rest of that block; template level: the rest of the template)
//    stops after the first response whose matchers matched.
//  * A transport error (refused, timeout) is recorded and the next request is tried.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "scan/engine/cancel.hpp"
#include "scan/http/http_client.hpp"
#include "scan/modules/templates/template.hpp"

namespace palisade::scan::templates {

// One result, carrying exactly what a nuclei JSONL line holds (result_json.hpp builds that line).
struct TemplateResult {
    std::string template_id;
    std::string template_path;
    Info info;
    std::string type = "http";
    std::string matcher_name;    // empty when the result is not per named matcher
    std::string extractor_name;  // set for results of named extractors (no named matcher matched)
    std::vector<std::string> extracted_results;
    std::vector<std::string> matched_snippets;  // words/regex matches (evidence; not part of nuclei's output)
    std::string matched_at;                     // the URL that answered
    std::string request;                        // the request as sent
    std::string response;  // the response text (status line, headers, body), truncated to RunOptions
    std::string host;      // target host name or address (no port)
    std::string port;      // "443"
    std::string scheme;    // "https"
    std::string url;       // the target URL
    std::string path;      // the target URL's path
    std::string ip;        // RunOptions::ip, or the host when it is an address
    TimePoint timestamp;
};

struct RunOptions {
    std::string ip;  // the address the target's host resolved to, for results ("ip"); may be empty
    std::size_t max_response_bytes = 1024 * 1024;  // response text kept per result (nuclei's -rsr default: 1 MB)
    std::optional<std::uint64_t> random_seed;      // fixes the {{randstr}} values (tests)
    const Clock* clock = nullptr;                  // result timestamps; null = system clock
};

struct TemplateRun {
    std::vector<TemplateResult> results;
    std::vector<std::string> errors;  // requests that could not be made or failed ("GET http://h/x: connect failed")
    std::size_t requests_sent = 0;
};

// Runs `tmpl` against `target_url` (absolute http or https URL). Blocks; returns early (with what was found so far)
// when `cancel` stops. Errors: kInvalidArgument when `target_url` is not an absolute http(s) URL. Thread-safe for
// distinct calls (the client must be thread-safe, which http::Client is).
Result<TemplateRun> RunTemplate(const Template& tmpl, std::string_view target_url, http::Client& client,
                                const CancelToken& cancel, const RunOptions& options = {});

}  // namespace palisade::scan::templates

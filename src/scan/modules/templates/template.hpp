// SPDX-License-Identifier: Apache-2.0
// Nuclei HTTP templates: the compiled form and the loader (a compatible subset of nuclei v3's format; see
// docs/checks-templates.md for the supported subset and every skip reason).
//
// A template is loaded once (YAML via yaml-cpp; the trailing "# digest:" signature comment is ignored), every regex
// and DSL expression compiled then, and then run any number of times on any number of targets (executor.hpp). A
// template that uses something this engine does not implement is never half-loaded: LoadTemplate() returns no
// template and a precise skip reason ("dsl function md5 not supported", "protocol dns not supported",
// "regex '(?=x)': invalid perl operator: (?="). Loaded templates are immutable and safe to share between threads.
#pragma once

#include <re2/re2.h>

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "scan/http/http_client.hpp"
#include "scan/modules/templates/dsl.hpp"

namespace palisade::scan::templates {

enum class TemplateSeverity { kInfo, kLow, kMedium, kHigh, kCritical, kUnknown };
std::string_view TemplateSeverityName(TemplateSeverity severity);  // "info" ... "critical", "unknown"

struct Classification {
    std::vector<std::string> cve_ids;  // `cve-id`, string or list, as written ("CVE-2021-41773")
    std::vector<std::string> cwe_ids;  // `cwe-id`, string (comma list) or list ("CWE-22")
    std::string cvss_metrics;          // vector string as written ("CVSS:3.1/AV:N/...")
    std::optional<double> cvss_score;
};

struct Info {
    std::string name;
    std::vector<std::string> authors;  // `author`: comma string or list
    TemplateSeverity severity = TemplateSeverity::kUnknown;
    std::string description;
    std::vector<std::string> references;  // `reference`: string or list
    std::vector<std::string> tags;        // `tags`: comma string or list, trimmed, lower case
    Classification classification;
    std::string remediation;
    std::string impact;
    // `metadata` and other info keys are accepted and ignored.
};

enum class Condition { kOr, kAnd };

enum class MatcherType { kWord, kRegex, kStatus, kSize, kDsl };

struct Matcher {
    MatcherType type = MatcherType::kWord;
    // What the matcher reads: "body" (default), "all_headers" (for `header`), "all" (body + headers), "response",
    // "request", a response header in lower_snake form, a cookie name, "body_2" style names of earlier requests.
    // Empty for dsl matchers.
    std::string part;
    Condition condition = Condition::kOr;  // across this matcher's own words/regexes/expressions
    bool negative = false;
    bool case_insensitive = false;  // words were lower-cased at load; the part is lower-cased when matching
    bool match_all = false;         // collect every matching word/regex instead of stopping at the first
    bool internal = false;          // never reported as a matcher name
    std::string name;
    std::vector<std::string> words;  // hex-decoded when `encoding: hex`; may contain {{placeholders}}
    std::vector<std::shared_ptr<const re2::RE2>> regexes;
    std::vector<int> statuses;
    std::vector<std::size_t> sizes;
    std::vector<std::shared_ptr<const dsl::Expression>> expressions;
};

enum class ExtractorType { kRegex, kKval, kJson, kDsl };

// One step of a json extractor path: .key / .["key"], .[n] (negative = from the end), .[] (every element/value).
struct JsonStep {
    enum class Kind { kKey, kIndex, kIterate } kind = Kind::kKey;
    std::string key;
    long index = 0;
};

struct JsonQuery {
    std::string source;  // as written (".data.items[].name")
    std::vector<JsonStep> steps;
};

struct Extractor {
    ExtractorType type = ExtractorType::kRegex;
    std::string name;
    std::string part = "body";      // as for matchers; kval reads header and cookie names directly
    bool internal = false;          // values become variables of later requests, never printed
    bool case_insensitive = false;  // kval: keys and values lower-cased
    std::vector<std::shared_ptr<const re2::RE2>> regexes;
    int group = 0;                  // regex capture group, 0 = whole match
    std::vector<std::string> kval;  // lower_snake header names or cookie names
    std::vector<JsonQuery> json;
    // dsl: each expression's value (as text) is a result; a missing variable skips the expression, any other
    // evaluation error ends the extractor (nuclei's ExtractDSL).
    std::vector<std::shared_ptr<const dsl::Expression>> expressions;
};

// One entry of the `http:` (or legacy `requests:`) list.
struct HttpRequest {
    std::string method = "GET";
    std::vector<std::string> paths;     // `path:` entries ("{{BaseURL}}/x"), one request each
    std::vector<std::string> raw;       // `raw:` entries (request text with placeholders), one request each
    std::vector<http::Header> headers;  // `headers:` in file order
    std::string body;
    bool redirects = false;       // follow redirects (through the client, within its scope)
    bool host_redirects = false;  // follow redirects to the same host only
    int max_redirects = 10;
    bool stop_at_first_match = false;
    Condition matchers_condition = Condition::kOr;
    std::vector<Matcher> matchers;
    std::vector<Extractor> extractors;
    std::size_t max_size = 0;     // `max-size`: body bytes read, 0 = the client's cap
    bool disable_cookie = false;  // `disable-cookie: true` (cookies are reused by default, as in nuclei v3)
    bool req_condition = false;   // `req-condition: true`, or a dsl/part naming `_N` values (nuclei's detection)
    bool disable_path_automerge = false;
    std::optional<std::chrono::milliseconds> timeout;  // `@timeout:` annotation of raw requests
};

struct Template {
    std::string id;
    std::string path;  // file it was loaded from ("" when loaded from text)
    Info info;
    // `variables:` then `constants:`, in file order; values may contain {{placeholders}} and earlier variables.
    std::vector<std::pair<std::string, std::string>> variables;
    std::vector<HttpRequest> requests;
    bool stop_at_first_match = false;  // template level: the first result ends the template
};

struct LoadResult {
    std::string path;              // the file, or what the caller passed
    std::optional<Template> tmpl;  // set when loaded
    std::string skip_reason;       // why not loaded; empty when loaded
    bool malformed = false;        // the file is broken (bad YAML with line:column, wrong types), not just
                                   // using an unsupported feature
};

// Loads a template from YAML text. Never throws; `path` is recorded in the result and the template.
LoadResult LoadTemplate(std::string_view yaml_text, std::string path = {});

// Reads and loads one file (at most 4 MiB; larger files are skipped as malformed).
LoadResult LoadTemplateFile(const std::filesystem::path& file);

// Loads every *.yaml / *.yml file under `dir`, recursively, in path order (symlinks are not followed into loops);
// hidden files and directories (a name starting with '.': .git/, .github/) are left out.
// Errors: kNotFound when `dir` is not a readable directory. Per-file problems are in the results.
Result<std::vector<LoadResult>> LoadDirectory(const std::filesystem::path& dir);

// A template file (loaded whatever its extension) or a directory (LoadDirectory). Errors: kNotFound when `path` does
// not exist or is neither a regular file nor a directory.
Result<std::vector<LoadResult>> LoadPath(const std::filesystem::path& path);

}  // namespace palisade::scan::templates

// SPDX-License-Identifier: Apache-2.0
// SarifReader: a streaming reader of SARIF 2.1.0 logs over Boost.JSON's SAX parser (basic_parser). The log is fed
// in chunks of any size; only one rule or one result is materialised at a time (at most max_result_bytes of it),
// and each result is handed to the sink as soon as its closing brace is read, so memory does not grow with the
// number of results. Rules (runs[].tool.driver.rules[] and runs[].tool.extensions[].rules[]) are kept per run to
// resolve the results that refer to them (by ruleIndex, rule.index or ruleId).
//
// Refused with kInvalidArgument and a message naming the line: malformed or truncated JSON (invalid UTF-8
// included), a top level that is not an object, a "version" other than "2.1.0" (or none before "runs": the log is
// read in one pass, so the version must come first, as every SARIF producer writes it), nesting deeper than
// max_depth, a rule or result over max_result_bytes, more than max_results results or max_rules rules in a run.
// Results that are not failures (kind pass or notApplicable), are suppressed in source (a suppression accepted or
// without status) or are baselineState "absent" are skipped (counted). Not thread-safe: one reader per log.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace palisade::imports {

// One result as the import needs it, with what its rule says folded in.
struct SarifResult {
    std::string tool;        // runs[].tool.driver.name ("" when absent)
    std::string repository;  // runs[].versionControlProvenance[0].repositoryUri, if any
    std::string rule_id;     // "" when neither the result nor its rule names one
    std::string rule_name;   // the rule's name or short description
    std::string level;       // error | warning | note | none: the result's, else the rule's default, else warning
    std::optional<double> security_severity;  // properties["security-severity"] of the result, else of the rule
    std::string message;                      // message.text with {N} placeholders filled from message.arguments
    std::string uri;                          // locations[0].physicalLocation.artifactLocation.uri
    int start_line = 0;                       // its region.startLine (0 when absent)
    std::vector<std::pair<std::string, std::string>> fingerprints;  // partialFingerprints and fingerprints, sorted
    std::string help;  // the rule's help.text (or full description), cut at 4 KiB
    std::string help_uri;
    std::vector<std::string> cwe;  // "CWE-79" from the rule's tags ("external/cwe/cwe-079", "CWE-79")
};

struct SarifLimits {
    std::size_t max_result_bytes = 1024 * 1024;  // one materialised rule or result (strings plus 16 per value)
    std::uint64_t max_results = 1'000'000;       // results read over every run (skipped ones included)
    std::size_t max_rules = 100'000;             // rules of one run
    std::size_t max_depth = 64;                  // nested arrays and objects
};

class SarifReader {
  public:
    // Receives each result; an error stops the read and is returned by Feed/Finish as it is.
    using ResultSink = std::function<Status(SarifResult&& result)>;

    SarifReader(SarifLimits limits, ResultSink sink);
    ~SarifReader();
    SarifReader(const SarifReader&) = delete;
    SarifReader& operator=(const SarifReader&) = delete;

    // Reads the next bytes of the log. After an error every later call returns the same error.
    Status Feed(std::string_view chunk);
    // The log ended: kInvalidArgument when it is truncated, has no version or no runs.
    Status Finish();

    std::uint64_t results_seen() const;  // results read, skipped ones included
    std::uint64_t skipped() const;       // results that are not failures, suppressed or absent
    std::uint64_t bytes_fed() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace palisade::imports

// SPDX-License-Identifier: Apache-2.0
// The JSON of one SARIF rule or result -> what the import keeps (imports-internal, used by SarifReader). Pure
// functions over an already bounded boost::json value; thread-safe.
#pragma once

#include <boost/json/object.hpp>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "imports/sarif_reader.hpp"

namespace palisade::imports::sarif {

struct Rule {
    std::string id;
    std::string name;   // name, else shortDescription.text
    std::string level;  // defaultConfiguration.level ("" when absent)
    std::optional<double> security_severity;
    std::string help;  // help.text, else fullDescription.text (cut at 4 KiB)
    std::string help_uri;
    std::vector<std::string> cwe;
};

// The rules of the run being read: the driver's and each extension's, in document order.
struct RunRules {
    std::vector<Rule> rules;                           // every rule of the run
    std::vector<std::size_t> driver;                   // driver.rules[i] -> rules index
    std::vector<std::vector<std::size_t>> extensions;  // extensions[k].rules[i] -> rules index
    std::map<std::string, std::size_t> by_id;          // first rule of each id

    // extension < 0: a driver rule.
    void Add(Rule rule, int extension);
    const Rule* Find(const std::string& id) const;
    // index into the driver's (extension < 0) or an extension's rules; null when out of range.
    const Rule* At(long long index, long long extension) const;
};

Rule ToRule(const boost::json::object& rule);

// Why a result is not imported.
enum class Skip { kNone, kNotAFailure, kSuppressed, kAbsent };
Skip SkipReason(const boost::json::object& result);

// The result with its rule folded in (tool and repository left for the caller).
SarifResult ToResult(const boost::json::object& result, const RunRules& rules);

// A "security-severity" property: a number, or a string holding one, within 0..10.
std::optional<double> SeverityScore(const boost::json::value* v);

}  // namespace palisade::imports::sarif

// SPDX-License-Identifier: Apache-2.0
// Shared pieces of the template loader (loader.cpp: top level, info, requests; loader_operators.cpp: matchers and
// extractors). Validation failures are thrown as LoadProblem and caught in LoadTemplate(); nothing here throws past
// the loader.
#pragma once

#include <yaml-cpp/yaml.h>

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "scan/modules/templates/template.hpp"

namespace palisade::scan::templates::loader {

struct LoadProblem {
    std::string reason;
    bool malformed = false;
};

// An unsupported feature: the template is skipped with `reason`.
[[noreturn]] void Unsupported(std::string reason);
// A broken template: wrong types, missing required fields. The YAML position of `node` is added when known.
[[noreturn]] void Malformed(const YAML::Node& node, std::string what);

// Counts converted YAML items; a template over the limit (alias bombs) is malformed.
void Spend(const YAML::Node& node, std::size_t items = 1);

// Typed reads of `node[key]` (callers check presence). Wrong types are malformed.
std::string ReadString(const YAML::Node& node, std::string_view key);
bool ReadBool(const YAML::Node& node, std::string_view key);
long ReadInt(const YAML::Node& node, std::string_view key);
// A scalar or a list of scalars; with `split_commas`, each scalar is split on ',' and trimmed (nuclei StringSlice).
std::vector<std::string> ReadStringList(const YAML::Node& node, std::string_view key, bool split_commas);

// Matchers and extractors of one request (loader_operators.cpp). `req_condition` is set when an expression or part
// names a numbered value ("body_2"), nuclei's rule for evaluating with the earlier responses.
void ParseMatchers(const YAML::Node& list, std::vector<Matcher>& out, bool& req_condition);
void ParseExtractors(const YAML::Node& list, std::vector<Extractor>& out, bool& req_condition);

// Checks the {{markers}} of request text (path, raw, header, body, variable value): OAST markers, helper calls
// other than randstr and names not in `known` (nor built in) make the template unsupported. `where` names the field
// for the reason ("path", "raw request").
void CheckMarkers(std::string_view text, const std::set<std::string, std::less<>>& known, std::string_view where);

// The input placeholders nuclei generates from the target URL (variables.go) that this engine supports.
bool IsInputPlaceholder(std::string_view name);
// randstr, randstr_<N>
bool IsRandstr(std::string_view name);

}  // namespace palisade::scan::templates::loader

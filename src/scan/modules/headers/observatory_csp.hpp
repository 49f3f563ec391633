// SPDX-License-Identifier: Apache-2.0
// The MDN HTTP Observatory's own Content-Security-Policy reading, which is not the W3C algorithm of csp_parser.hpp:
// policies are lower-cased token lists, a repeated directive makes the whole set invalid (report-uri/report-to
// excepted), an empty *-src means 'none', several policies are intersected source by source (with a path-prefix
// rule), and sources are ordered with the "en" collation. Reproduced so scores match the Observatory exactly.
// Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace palisade::scan::headers {

// directive -> sources; both in the Observatory's insertion order (sources unique).
struct ObsCsp {
    std::vector<std::pair<std::string, std::vector<std::string>>> directives;
    std::vector<std::string> duplicate_warnings;  // report-uri / report-to seen twice in one policy

    std::vector<std::string>* Find(std::string_view directive);
    const std::vector<std::string>* Find(std::string_view directive) const;
    void Erase(std::string_view directive);
    bool empty() const { return directives.empty() && duplicate_warnings.empty(); }
    // Map size as the Observatory counts it (directives, plus one entry for duplicate warnings).
    std::size_t size() const { return directives.size() + (duplicate_warnings.empty() ? 0 : 1); }
};

// Parses and intersects a list of serialized policies. Errors (kInvalidArgument): a policy that is empty or
// shorter than 6 characters after removing CR/LF and trimming; a repeated directive other than report-uri/report-to
// in one policy; a malformed percent-escape met while intersecting paths.
Result<ObsCsp> ParseObservatoryCsp(const std::vector<std::string>& policies);

// The same for <meta http-equiv> policies: frame-ancestors, report-uri and sandbox are dropped afterwards.
Result<ObsCsp> ParseObservatoryCspMeta(const std::vector<std::string>& policies);

// The "en" collation order the Observatory sorts sources with (ICU root order for ASCII: punctuation and symbols,
// then digits, then letters; controls ignored). Negative, zero or positive like a comparator.
int CollateEn(std::string_view a, std::string_view b);

}  // namespace palisade::scan::headers

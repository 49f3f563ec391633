// SPDX-License-Identifier: Apache-2.0
// A JavaScript-flavoured regular expression compiled with PCRE2 (8-bit, byte mode, no UTF): the retire.js patterns
// are JavaScript regexes with back-references and look-arounds, which RE2 cannot run. Options follow JavaScript:
// `$` matches only at the very end, `[]`/`[^]` are empty/any classes, \uHHHH escapes, unset back-references match
// the empty string. Matching is bounded so hostile content cannot make it explode: a match limit, a depth limit, a
// heap limit and a cap on the number of matches per search; a search that hits a limit ends without further matches.
// Compiled once, immutable, safe to use from many threads at once.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace palisade::scan::web::jslibs {

// The retire.js token for a version inside patterns, and the class it stands for.
inline constexpr std::string_view kVersionToken = "\xC2\xA7\xC2\xA7version\xC2\xA7\xC2\xA7";  // §§version§§
inline constexpr std::string_view kVersionClass = "[0-9][0-9.a-z_\\-]+";

struct RegexMatch {
    std::string whole;
    // groups[i] is capture group i+1; nullopt when the group did not take part in the match.
    std::vector<std::optional<std::string>> groups;
};

class JsRegex {
  public:
    // Compiles `pattern` after replacing every kVersionToken by kVersionClass. `anchored` wraps it as retire.js does
    // for file names ("^" + pattern + "$"). kInvalidArgument with PCRE2's message and offset when it does not compile.
    static Result<std::shared_ptr<const JsRegex>> Compile(std::string_view pattern, bool anchored = false);

    ~JsRegex();
    JsRegex(const JsRegex&) = delete;
    JsRegex& operator=(const JsRegex&) = delete;

    // Every non-overlapping match, left to right (JavaScript's exec loop with the g flag; an empty match advances
    // by one byte), at most `max_matches`. Stops early, keeping what it found, when a resource limit is hit.
    std::vector<RegexMatch> FindAll(std::string_view text, std::size_t max_matches) const;

    // The pattern as written in the repository (before token replacement).
    const std::string& source() const { return source_; }

    static constexpr std::size_t kMaxPatternBytes = 8192;

  private:
    struct Impl;
    JsRegex(std::string source, std::unique_ptr<Impl> impl);
    std::string source_;
    std::unique_ptr<Impl> impl_;
};

// JavaScript String.prototype.replace expansion of `replacement` for one match: $1..$99 (a group that did not take
// part gives ""), $& (the whole match), $$ ('$'); other '$' sequences are kept as written.
std::string ExpandReplacement(std::string_view replacement, const RegexMatch& match);

}  // namespace palisade::scan::web::jslibs

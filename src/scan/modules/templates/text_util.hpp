// SPDX-License-Identifier: Apache-2.0
// Small byte-string helpers of the template engine. Pure; thread-safe.
#pragma once

#include <re2/re2.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace palisade::scan::templates {

// Substring test in O(n + m) (glibc memmem, two-way algorithm); an empty needle is always found (Go semantics).
bool ContainsBytes(std::string_view haystack, std::string_view needle);

// ASCII lower/upper case copies (nuclei uses Go's Unicode-aware strings.ToLower; non-ASCII letters are kept here).
std::string LowerAscii(std::string_view s);
std::string UpperAscii(std::string_view s);

// A header name as nuclei exposes it to matchers: lower case, '-' -> '_', surrounding spaces trimmed
// ("Content-Type" -> "content_type").
std::string SnakeHeaderName(std::string_view name);

// Go's regexp FindAllString / FindAllStringSubmatch: leftmost-first matches, non-overlapping, an empty match right
// after the previous match skipped, at most `limit` matches. Each match is the list of groups (0 = whole match;
// a group that did not take part is empty).
std::vector<std::vector<std::string_view>> FindAll(const re2::RE2& re, std::string_view text, std::size_t limit);

// Compiles a Go regexp with RE2. Go's "(?<name>" named groups are rewritten to RE2's "(?P<name>". nullptr and
// RE2's message in `error` when RE2 rejects the pattern (look-around, back-references...).
std::shared_ptr<const re2::RE2> CompileGoRegex(std::string_view pattern, std::string& error);

}  // namespace palisade::scan::templates

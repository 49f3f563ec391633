// SPDX-License-Identifier: Apache-2.0
// Just enough JavaScript lexing to tell whether a position in script text is code, inside a string literal, a
// template literal, a comment or a regular expression literal. Used to classify where a reflected marker landed in
// a <script> block or an event-handler attribute, and whether an injected statement would run.
#pragma once

#include <cstddef>
#include <string_view>
#include <utility>
#include <vector>

namespace palisade::scan::web {

enum class JsState {
    kCode,
    kSingleQuoted,  // '...'
    kDoubleQuoted,  // "..."
    kTemplate,      // `...` (outside ${...})
    kLineComment,   // // ...
    kBlockComment,  // /* ... */
    kRegex,         // /.../
};

// The lexical state at the start of every occurrence of `marker` (ASCII case-insensitive, non-empty) in `script`,
// as (offset, state) in order. Escapes, template substitutions (nested), regex character classes and the
// regex-versus-division ambiguity (decided by the previous significant character or keyword) are handled; an
// unterminated string or regex ends at the line end. Linear time; never fails.
std::vector<std::pair<std::size_t, JsState>> JsStatesAt(std::string_view script, std::string_view marker);

// True when some occurrence of `marker` in `script` is in code (not in a string, comment or regex).
bool MarkerInJsCode(std::string_view script, std::string_view marker);

// Offsets of every ASCII case-insensitive occurrence of `needle` (non-empty) in `haystack`, in order.
std::vector<std::size_t> FindAllCaseInsensitive(std::string_view haystack, std::string_view needle);

}  // namespace palisade::scan::web

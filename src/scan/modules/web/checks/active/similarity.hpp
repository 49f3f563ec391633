// SPDX-License-Identifier: Apache-2.0
// Page comparison for differential checks (boolean SQL injection, soft-404 detection): what a user sees of a
// response, with the probe's own reflection taken out, and a similarity ratio between two such texts.
// Pure functions, linear in the input size (plus hashing); thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace palisade::scan::web::active {

// Bodies beyond this many bytes are compared on their first kMaxComparedBytes only.
inline constexpr std::size_t kMaxComparedBytes = 512 * 1024;

// The visible text of a body. When it looks like HTML (a '<' followed by a letter, '/' or '!'), comments, tags and
// the content of <script> and <style> are dropped (a tag ends a word: "a<br>b" gives "a b"); character references
// are decoded (&amp; &lt; &gt; &quot; &apos; &nbsp; and numeric ones; others are kept as written). Other bodies
// (JSON, text) keep their characters. In both cases runs of ASCII whitespace become one space and the result is
// trimmed.
std::string VisibleText(std::string_view body);

// `text` with every occurrence of `needle` replaced by `replacement` (left to right, non-overlapping). An empty
// needle changes nothing.
std::string ReplaceAll(std::string_view text, std::string_view needle, std::string_view replacement);

// The text compared for a response to a request whose parameter was set to `injected` instead of `original`:
// occurrences of `injected` in the body, raw and percent-encoded (form rules and %20 rules), are replaced by
// `original`; then VisibleText; then raw occurrences (now entity-decoded) are replaced again. So a page that echoes
// "You searched for 1 AND 7=7" compares like the page for "1". With injected == original it is VisibleText.
std::string ComparableText(std::string_view body, std::string_view injected, std::string_view original);

// Similarity of two texts in [0, 1]: the Dice coefficient of their word multisets, 2·|A∩B| / (|A| + |B|), where a
// word is a maximal run of ASCII letters and digits or bytes >= 0x80 (case-sensitive) and A∩B counts each word
// min(count in A, count in B) times. 1 for identical word lists (and for two texts without words), 0 when no word
// is shared. Word order is ignored, so reordered rows count as equal.
double SimilarityRatio(std::string_view a, std::string_view b);

}  // namespace palisade::scan::web::active

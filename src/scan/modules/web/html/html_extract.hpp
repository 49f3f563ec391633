// SPDX-License-Identifier: Apache-2.0
// What a crawler and the passive checks need from one HTML document: links, scripts, frames, subresources, the
// meta refresh target, forms with their fields, and the title. HTML5 tree construction (gumbo), so malformed
// markup yields what a browser would see.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scan/modules/web/web_types.hpp"

namespace palisade::scan::web {

// Extracts every field of ExtractedPage from `html` served at `document_url` (an absolute http(s) URL).
// - URLs are resolved against the first <base href> (when it resolves to http(s)) or the document URL; only
//   http(s) results are kept, without fragment, in document order, duplicates removed (per list).
// - links: a/area href, frame/iframe src, the meta refresh target, img/source srcset candidates, GET form actions,
//   and URLs found in inline scripts (quoted absolute http(s) URLs, quoted root-relative paths like "/api/x", and
//   the argument of fetch(), open(), $.get/post(), location = / .href = / .assign() / .replace(), url: "...").
// - forms: action resolved (missing or empty = the document URL; forms whose action is not http(s), such as
//   javascript:, and method=dialog forms are skipped); method GET or POST (anything else counts as GET); enctype one
//   of the three HTML ones (default urlencoded); fields of the form owner (descendants, form="id" references, and
//   the fields a form opened inside a table owns), named and enabled: inputs (type lower-cased, unknown types as
//   "text"; checkbox/radio with their value, "on" by default, one field per radio group holding the checked value;
//   image inputs as name.x and name.y; reset/button inputs skipped), select (the selected or first option's
//   value), textarea (its text), submit buttons. Fields under a disabled fieldset (outside its first legend) are
//   skipped.
// - inline_scripts: the text of <script> elements without src whose type is a JavaScript type (or absent).
// - Template contents are not part of the document and are ignored.
// Never fails; input beyond `max_bytes` (or beyond the BoundHtmlInput work limit) is ignored. Thread-safe.
ExtractedPage ExtractPage(std::string_view html, std::string_view document_url,
                          std::size_t max_bytes = 4 * 1024 * 1024);

// The target of a <meta http-equiv=refresh> content value ("5; url='/next'", "0;URL=/x", "3, /y"), as written
// (unresolved); nullopt when it only reloads the page (no URL part) or is malformed.
std::optional<std::string> ParseMetaRefresh(std::string_view content);

// The URLs of a srcset attribute value, as written (descriptors dropped), per the HTML candidate-string rules.
std::vector<std::string> ParseSrcset(std::string_view srcset);

// True when a <script type> value (trimmed, case-insensitive) names JavaScript: absent/empty, "module", or one of
// the JavaScript MIME type essences (text/javascript, application/ecmascript, ...).
bool IsJavaScriptType(std::optional<std::string_view> type);

// URL-looking strings in script text, as written (unresolved), in order, duplicates removed, at most `max_urls`:
// quoted absolute http(s) or protocol-relative URLs, quoted root-relative paths ("/api/items"), and the argument of
// fetch(), open() / xhr.open(method, url), $.get/post/getJSON/ajax(), axios.get/post/..., location = ...,
// location.href = ..., location.assign/replace(...) and `url: "..."`. JSON-escaped slashes ("\/") are unescaped.
// Strings with spaces, template placeholders or markup are not URLs here.
std::vector<std::string> FindScriptUrls(std::string_view script, std::size_t max_urls = 200);

}  // namespace palisade::scan::web

// SPDX-License-Identifier: Apache-2.0
// Where a reflected marker landed in an HTML response, and whether an injected payload produced something that
// runs. Both read the gumbo tree (HTML5 tree construction, so the verdict matches what a browser builds) together
// with the raw text (source offsets, quote characters, JavaScript lexing). A browser with scripting enabled treats
// <noscript> content as text; gumbo parses it as markup, so the text up to the next "</noscript" after a noscript
// start tag counts as non-executing here.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace palisade::scan::web {

enum class XssContextKind {
    kHtmlText,        // text where markup is parsed: an injected element is created
    kInertText,       // text of a non-executing parent (`tag`): textarea, title, noscript, style, xmp, iframe,
                      // noembed, noframes, template, plaintext, or a <script> that does not run (data type or src)
    kComment,         // inside an HTML comment
    kAttributeValue,  // inside the value of `attribute` of <`tag`>, quoted with `quote` ('"', '\'') or unquoted (0)
    kUrlAttribute,    // at the start of a URL attribute's value (href, src, action, formaction...): javascript: runs
    kAttributeName,   // an attribute name, or elsewhere between a tag's attributes
    kTagName,         // the name of a start or end tag
    kScriptString,    // inside a literal of a running <script>; `quote` is '\'', '"', '`' or '/' (regular expression)
    kScriptCode,      // in the code of a running <script>
    kScriptComment,   // in a comment of a running <script>; `quote` is '/' (line) or '*' (block)
};

// A stable lower-case name for reports: "html-text", "inert-text", "comment", "attribute-value", "url-attribute",
// "attribute-name", "tag-name", "script-string", "script-code", "script-comment".
std::string_view XssContextName(XssContextKind kind);

struct XssContext {
    XssContextKind kind = XssContextKind::kHtmlText;
    std::string tag;         // lower-case element: the attribute's or tag's element, the inert parent, "script"
    std::string attribute;   // lower-case attribute name (attribute-value and url-attribute contexts)
    char quote = 0;          // see XssContextKind
    std::size_t offset = 0;  // byte offset of the marker in the response body
    std::string snippet;     // the body around the marker (up to 40 bytes either side)
};

// Every occurrence of `marker` (ASCII letters and digits, compared case-insensitively) in `html`, in body order,
// each with its context, at most the first 100. Occurrences beyond `max_bytes` (or beyond the parse bound of
// BoundHtmlInput) are not reported. An occurrence in markup the tree does not keep (end tags, ignored start tags)
// is classified from the raw tag; one inside a DOCTYPE, CDATA section or processing instruction is skipped. Never
// fails; thread-safe.
std::vector<XssContext> FindMarkerContexts(std::string_view html, std::string_view marker,
                                           std::size_t max_bytes = 4 * 1024 * 1024);

// What a payload carrying `marker` produced, read from a response that reflected it.
struct XssProof {
    bool executable = false;
    std::string how;      // "element <palisade-abc>", "event handler onmouseover on <img>", "javascript: URL in
                          // <a href>", "script code in <script>"
    std::string snippet;  // the body around it (up to 60 bytes either side of the marker)
};

// Parses `html` and tells whether `marker` appears in a position that runs or creates markup, on an element that
// is part of the live document (not inside <template> contents or <noscript> text):
// - an element whose name contains the marker (any namespace);
// - an event-handler attribute (on*) whose decoded value has the marker in JavaScript code (not inside a string or
//   comment of the handler);
// - a javascript: URL (href, xlink:href, action, formaction, data; src of iframe/frame/embed) whose script has the
//   marker in code;
// - an executable <script> (JavaScript type, no src) whose text has the marker in code, so a breakout such as
//   ';MARKER;// ran past the string it was reflected into (an escaped quote keeps it inside the string).
// Thread-safe.
XssProof ConfirmXssPayload(std::string_view html, std::string_view marker, std::size_t max_bytes = 4 * 1024 * 1024);

}  // namespace palisade::scan::web

// SPDX-License-Identifier: Apache-2.0
#include "scan/modules/web/html/html_parse.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

namespace palisade::scan::web {
namespace {

// About 0.2 s of gumbo work (measured: 20 000 nested <div>s sum to 2e8 and take 1.6 s); a large real page (30 000
// tags at depth 25) sums to under 1e6.
constexpr std::uint64_t kWorkBudget = 20'000'000;

bool IsAsciiWs(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool OneOf(std::string_view name, std::initializer_list<std::string_view> names) {
    for (std::string_view n : names) {
        if (name == n) return true;
    }
    return false;
}

bool EqualsLower(std::string_view s, std::string_view lower) {
    if (s.size() != lower.size()) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (Lower(s[i]) != lower[i]) return false;
    }
    return true;
}

// Elements that never stay open (void) or that the parser closes implicitly before they could nest deeply.
bool KeepsDepth(std::string_view name) {
    return OneOf(name, {"area",     "base",    "br",    "col",  "embed",  "hr",       "img",   "input", "link",
                        "meta",     "source",  "track", "wbr",  "param",  "keygen",   "p",     "li",    "dt",
                        "dd",       "td",      "th",    "tr",   "option", "optgroup", "tbody", "thead", "tfoot",
                        "colgroup", "caption", "html",  "head", "body",   "rb",       "rt",    "rp"});
}

// Elements whose content the tokenizer reads as text up to their end tag.
bool IsRawText(std::string_view name) {
    return OneOf(name, {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"});
}

// Position of the first "</name" (case-insensitive) at or after `from`, or npos.
std::size_t FindEndTag(std::string_view s, std::size_t from, std::string_view name) {
    while (true) {
        std::size_t lt = s.find("</", from);
        if (lt == std::string_view::npos || lt + 2 + name.size() > s.size()) return std::string_view::npos;
        bool match = true;
        for (std::size_t k = 0; k < name.size() && match; ++k) match = Lower(s[lt + 2 + k]) == name[k];
        if (match) return lt;
        from = lt + 2;
    }
}

}  // namespace

std::string_view BoundHtmlInput(std::string_view html, std::size_t max_bytes) {
    if (html.size() > max_bytes) html = html.substr(0, max_bytes);
    const std::size_t n = html.size();
    std::uint64_t work = 0;
    std::uint64_t depth = 0;
    std::size_t i = 0;
    while (i < n) {
        std::size_t lt = html.find('<', i);
        if (lt == std::string_view::npos) break;
        i = lt + 1;
        if (html.compare(i, 3, "!--") == 0) {
            std::size_t end = html.find("-->", i + 3);
            if (end == std::string_view::npos) break;
            i = end + 3;
            continue;
        }
        bool end_tag = i < n && html[i] == '/';
        if (end_tag) ++i;
        if (i >= n || !IsAlpha(html[i])) continue;
        std::array<char, 16> buf{};
        std::size_t len = 0;
        for (; i < n && !IsAsciiWs(html[i]) && html[i] != '/' && html[i] != '>'; ++i) {
            if (len < buf.size()) buf[len] = Lower(html[i]);
            ++len;
        }
        std::string_view name(buf.data(), len <= buf.size() ? len : buf.size());
        // The rest of the tag: count attributes (a non-space after a space), skip quoted values.
        std::uint64_t attributes = 0;
        bool after_space = true;
        char last = 0;
        while (i < n && html[i] != '>') {
            char c = html[i];
            if ((c == '"' || c == '\'') && last == '=') {
                std::size_t close = html.find(c, i + 1);
                i = close == std::string_view::npos ? n : close + 1;
                last = c;
                after_space = false;
                continue;
            }
            if (IsAsciiWs(c)) {
                after_space = true;
            } else {
                if (after_space && c != '/' && c != '=') work += ++attributes;
                after_space = false;
                last = c;
            }
            ++i;
        }
        bool self_closing = last == '/';
        if (i < n) ++i;  // '>'
        if (!end_tag) work += depth;
        if (work > kWorkBudget) return html.substr(0, lt);
        if (end_tag) {
            if (!KeepsDepth(name) && !IsRawText(name) && depth > 0) --depth;
            continue;
        }
        if (name == "plaintext") break;
        if (IsRawText(name)) {
            std::size_t end = FindEndTag(html, i, name);
            if (end == std::string_view::npos) break;
            i = end;
            continue;
        }
        if (!self_closing && !KeepsDepth(name)) ++depth;
    }
    return html;
}

HtmlDocument::HtmlDocument(std::string_view html, std::size_t max_bytes) : input_(BoundHtmlInput(html, max_bytes)) {
    GumboOptions options = kGumboDefaultOptions;
    options.max_errors = 0;  // gumbo copies the open-element stack into every recorded error
    output_ = gumbo_parse_with_options(&options, input_.data(), input_.size());
}

HtmlDocument::~HtmlDocument() {
    if (output_) gumbo_destroy_output(&kGumboDefaultOptions, output_);
}

std::size_t HtmlDocument::OffsetOf(const GumboStringPiece& piece) const {
    if (!piece.data || piece.data < input_.data() || piece.data > input_.data() + input_.size()) {
        return std::string_view::npos;
    }
    return static_cast<std::size_t>(piece.data - input_.data());
}

std::vector<std::pair<std::size_t, std::size_t>> NoscriptTextRanges(const HtmlDocument& doc) {
    std::vector<std::pair<std::size_t, std::size_t>> ranges;
    std::string_view raw = doc.input();
    std::vector<std::size_t> ends;  // every "</noscript", found once
    for (std::size_t at = raw.find("</"); at != std::string_view::npos; at = raw.find("</", at + 2)) {
        if (EqualsLower(raw.substr(at + 2, 8), "noscript")) ends.push_back(at);
    }
    WalkTree(
        doc.root(),
        [&](const GumboNode* node) {
            if (!IsElement(node)) return node->type == GUMBO_NODE_DOCUMENT;
            const GumboElement& el = node->v.element;
            if (el.tag == GUMBO_TAG_NOSCRIPT && el.tag_namespace == GUMBO_NAMESPACE_HTML) {
                std::size_t start = doc.OffsetOf(el.original_tag);
                if (start != std::string_view::npos) {
                    start += el.original_tag.length;
                    auto end = std::lower_bound(ends.begin(), ends.end(), start);
                    ranges.emplace_back(start, end == ends.end() ? raw.size() : *end);
                }
            }
            return true;
        },
        [](const GumboNode*) {});
    return ranges;
}

const GumboVector* Children(const GumboNode* node) {
    if (node->type == GUMBO_NODE_DOCUMENT) return &node->v.document.children;
    if (IsElement(node)) return &node->v.element.children;
    return nullptr;
}

bool IsElement(const GumboNode* node) { return node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE; }

std::string ElementName(const GumboElement& element) {
    if (element.tag != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(element.tag);
    std::string name;
    std::string_view tag(element.original_tag.data ? element.original_tag.data : "", element.original_tag.length);
    if (!tag.empty() && tag.front() == '<') tag.remove_prefix(1);
    for (char c : tag) {
        if (IsAsciiWs(c) || c == '/' || c == '>') break;
        name += Lower(c);
    }
    return name;
}

std::optional<std::string_view> AttributeValue(const GumboElement& element, const char* name) {
    const GumboAttribute* attribute = gumbo_get_attribute(&element.attributes, name);
    if (!attribute) return std::nullopt;
    return std::string_view(attribute->value);
}

std::string TextContent(const GumboNode* node, std::size_t max_bytes) {
    std::string out;
    WalkTree(
        node,
        [&](const GumboNode* n) {
            if (out.size() >= max_bytes) return false;
            if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA || n->type == GUMBO_NODE_WHITESPACE) {
                out += n->v.text.text;
                return false;
            }
            return n->type != GUMBO_NODE_COMMENT;
        },
        [](const GumboNode*) {});
    if (out.size() > max_bytes) out.resize(max_bytes);
    return out;
}

std::string CollapseWhitespace(std::string_view text) {
    std::string out;
    bool space = false;
    for (char c : text) {
        if (IsAsciiWs(c)) {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

}  // namespace palisade::scan::web

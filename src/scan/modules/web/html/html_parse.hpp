// SPDX-License-Identifier: Apache-2.0
// The gumbo layer shared by the HTML extractor and the XSS context finder: a parsed document that owns its gumbo
// output, an input bound that keeps hostile markup from making the parse quadratic, and small tree helpers.
#pragma once

#include <gumbo.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace palisade::scan::web {

// The prefix of `html` that is parsed: at most `max_bytes`, and cut before the tag at which an estimate of
// gumbo's work (the open-element depth summed over start tags, plus attributes compared per tag) exceeds a budget
// that real pages stay far below. gumbo 0.10 scans the open elements for many start tags and compares every
// attribute of a tag with the earlier ones, so 40 000 nested <div>s or one tag with 40 000 attributes would take
// seconds to minutes; no browser-rendered page needs that. Linear time.
std::string_view BoundHtmlInput(std::string_view html, std::size_t max_bytes);

// One parsed document (HTML5 tree construction; parse errors are not recorded). Never fails: an empty or
// unparsable input gives a document with the implied html/head/body elements. Not copyable; not thread-safe to
// share while being destroyed, otherwise read-only.
class HtmlDocument {
  public:
    HtmlDocument(std::string_view html, std::size_t max_bytes);
    ~HtmlDocument();
    HtmlDocument(const HtmlDocument&) = delete;
    HtmlDocument& operator=(const HtmlDocument&) = delete;

    // The document node, or nullptr when gumbo returned nothing.
    const GumboNode* root() const { return output_ ? output_->document : nullptr; }
    // The bytes that were parsed (a prefix of the input); gumbo's original_* pieces point into it.
    std::string_view input() const { return input_; }
    // Byte offset of `piece` in input(), or npos when it does not point into it (implied elements).
    std::size_t OffsetOf(const GumboStringPiece& piece) const;

  private:
    std::string_view input_;
    GumboOutput* output_ = nullptr;
};

// [begin, end) byte ranges of input() that a browser with scripting enabled reads as the text of a <noscript>:
// from the end of each noscript start tag to the next "</noscript" (case-insensitive) or the end of input.
std::vector<std::pair<std::size_t, std::size_t>> NoscriptTextRanges(const HtmlDocument& doc);

// The children of a document, element or template node (empty for text and comments).
const GumboVector* Children(const GumboNode* node);

// True for element and template nodes.
bool IsElement(const GumboNode* node);

// The lower-case tag name: gumbo's for known tags, read from the source tag for unknown ones ("x-foo").
std::string ElementName(const GumboElement& element);

// The (entity-decoded) value of attribute `name`, or nullopt.
std::optional<std::string_view> AttributeValue(const GumboElement& element, const char* name);

// The text of every text/CDATA/whitespace descendant, concatenated in order, capped at `max_bytes`.
std::string TextContent(const GumboNode* node, std::size_t max_bytes = 1024 * 1024);

// ASCII whitespace trimmed and inner runs collapsed to one space (document.title's rule).
std::string CollapseWhitespace(std::string_view text);

// Walks the tree under `root` (included) in document order without recursion. `enter(node)` returns whether to
// descend into the node's children; `leave(node)` runs after the children of every node that was descended into.
template <class Enter, class Leave>
void WalkTree(const GumboNode* root, Enter&& enter, Leave&& leave) {
    struct Frame {
        const GumboNode* node;
        unsigned next;
    };
    if (!root) return;
    std::vector<Frame> stack;
    if (enter(root)) stack.push_back({root, 0});
    while (!stack.empty()) {
        Frame& top = stack.back();
        const GumboVector* children = Children(top.node);
        if (!children || top.next >= children->length) {
            const GumboNode* done = top.node;
            stack.pop_back();
            leave(done);
            continue;
        }
        const auto* child = static_cast<const GumboNode*>(children->data[top.next++]);
        if (enter(child)) stack.push_back({child, 0});
    }
}

}  // namespace palisade::scan::web

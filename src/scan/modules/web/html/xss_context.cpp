// SPDX-License-Identifier: Apache-2.0
#include "scan/modules/web/html/xss_context.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <utility>

#include "scan/modules/web/html/html_extract.hpp"
#include "scan/modules/web/html/html_parse.hpp"
#include "scan/modules/web/html/js_lexer.hpp"

namespace palisade::scan::web {
namespace {

// Each classification may rescan its tag from the start: a page repeating the marker thousands of times inside one
// huge tag must not make this quadratic.
constexpr std::size_t kMaxOccurrences = 100;

bool IsAsciiWs(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

std::string Lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

std::string Snippet(std::string_view text, std::size_t offset, std::size_t length, std::size_t context) {
    std::size_t begin = offset > context ? offset - context : 0;
    return std::string(text.substr(begin, offset - begin + length + context));
}

bool IsUrlAttribute(std::string_view name) {
    for (std::string_view url : {"href", "src", "action", "formaction", "data", "xlink:href", "poster", "background",
                                 "cite", "codebase", "longdesc", "lowsrc", "dynsrc", "ping"}) {
        if (name == url) return true;
    }
    return false;
}

// Elements whose text content the parser never turns into markup.
bool IsRawTextParent(std::string_view name) {
    for (std::string_view raw :
         {"textarea", "title", "style", "xmp", "iframe", "noembed", "noframes", "plaintext", "noscript"}) {
        if (name == raw) return true;
    }
    return false;
}

bool IsScriptElement(const GumboNode* node) {
    const GumboElement& el = node->v.element;
    return el.tag == GUMBO_TAG_SCRIPT &&
           (el.tag_namespace == GUMBO_NAMESPACE_HTML || el.tag_namespace == GUMBO_NAMESPACE_SVG);
}

// A <script> that runs its inline text: a JavaScript type and (in HTML) no src.
bool RunsInlineScript(const GumboNode* node) {
    const GumboElement& el = node->v.element;
    if (el.tag_namespace == GUMBO_NAMESPACE_HTML && AttributeValue(el, "src")) return false;
    return IsJavaScriptType(AttributeValue(el, "type"));
}

// The context of `offset` inside the markup starting at raw[lt] ('<'), by the tokenizer's rules for tags.
XssContext RawTagContext(std::string_view raw, std::size_t lt, std::size_t offset) {
    XssContext ctx;
    std::size_t i = lt + 1;
    if (i < raw.size() && raw[i] == '/') ++i;
    std::size_t name_start = i;
    while (i < raw.size() && !IsAsciiWs(raw[i]) && raw[i] != '/' && raw[i] != '>') ++i;
    ctx.tag = Lower(raw.substr(name_start, i - name_start));
    if (offset < i) {
        ctx.kind = XssContextKind::kTagName;
        return ctx;
    }
    ctx.kind = XssContextKind::kAttributeName;
    while (i < offset) {
        while (i < raw.size() && (IsAsciiWs(raw[i]) || raw[i] == '/')) ++i;
        if (i >= offset || i >= raw.size() || raw[i] == '>') break;
        std::size_t attr_start = i++;  // a name may start with '='
        while (i < raw.size() && !IsAsciiWs(raw[i]) && raw[i] != '/' && raw[i] != '>' && raw[i] != '=') ++i;
        if (offset < i) return ctx;
        std::string name = Lower(raw.substr(attr_start, i - attr_start));
        std::size_t j = i;
        while (j < raw.size() && IsAsciiWs(raw[j])) ++j;
        if (j >= raw.size() || raw[j] != '=') continue;
        ++j;
        while (j < raw.size() && IsAsciiWs(raw[j])) ++j;
        char quote = j < raw.size() && (raw[j] == '"' || raw[j] == '\'') ? raw[j] : 0;
        std::size_t value_start = quote ? j + 1 : j;
        std::size_t value_end = quote ? raw.find(quote, value_start) : raw.find_first_of(" \t\n\r\f>", value_start);
        if (value_end == std::string_view::npos) value_end = raw.size();
        if (offset >= value_start && offset < value_end) {
            ctx.attribute = name;
            ctx.quote = quote;
            std::string_view before = raw.substr(value_start, offset - value_start);
            bool at_start = std::all_of(before.begin(), before.end(), [](char c) { return IsAsciiWs(c); });
            ctx.kind =
                at_start && IsUrlAttribute(name) ? XssContextKind::kUrlAttribute : XssContextKind::kAttributeValue;
            return ctx;
        }
        i = quote ? value_end + 1 : value_end;
    }
    return ctx;
}

struct Span {
    std::size_t begin;
    std::size_t end;
    const GumboNode* node;    // the element (tag spans) or the text/comment node
    const GumboNode* parent;  // text spans: the parent element
    std::string inert;        // text spans: the <template> ancestor's name when inside template contents
};

class ContextFinder {
  public:
    ContextFinder(std::string_view html, std::string_view marker, std::size_t max_bytes)
        : doc_(html, max_bytes), raw_(doc_.input()), marker_(marker) {
        CollectSpans();
    }

    std::vector<XssContext> Run() {
        std::vector<XssContext> out;
        for (std::size_t offset : FindAllCaseInsensitive(raw_, marker_)) {
            if (out.size() >= kMaxOccurrences) break;
            if (auto ctx = Classify(offset)) {
                ctx->offset = offset;
                ctx->snippet = Snippet(raw_, offset, marker_.size(), 40);
                out.push_back(std::move(*ctx));
            }
        }
        return out;
    }

  private:
    void CollectSpans() {
        noscript_ = NoscriptTextRanges(doc_);
        std::vector<const GumboNode*> ancestors;
        std::vector<std::string> templates;
        WalkTree(
            doc_.root(),
            [&](const GumboNode* node) {
                if (IsElement(node)) {
                    std::size_t off = doc_.OffsetOf(node->v.element.original_tag);
                    if (off != std::string_view::npos && node->v.element.original_tag.length > 0) {
                        tags_.push_back({off, off + node->v.element.original_tag.length, node, nullptr, {}});
                    }
                } else if (node->type != GUMBO_NODE_DOCUMENT) {
                    std::size_t off = doc_.OffsetOf(node->v.text.original_text);
                    if (off != std::string_view::npos && !ancestors.empty()) {
                        texts_.push_back({off, off + node->v.text.original_text.length, node, ancestors.back(),
                                          templates.empty() ? std::string() : templates.back()});
                    }
                    return false;
                }
                if (node->type == GUMBO_NODE_TEMPLATE) templates.push_back("template");
                ancestors.push_back(node);
                return true;
            },
            [&](const GumboNode* node) {
                ancestors.pop_back();
                if (node->type == GUMBO_NODE_TEMPLATE) templates.pop_back();
            });
        auto by_begin = [](const Span& a, const Span& b) { return a.begin < b.begin; };
        std::sort(tags_.begin(), tags_.end(), by_begin);
        std::sort(texts_.begin(), texts_.end(), by_begin);
    }

    static const Span* Containing(const std::vector<Span>& spans, std::size_t offset) {
        auto it = std::upper_bound(spans.begin(), spans.end(), offset,
                                   [](std::size_t o, const Span& s) { return o < s.begin; });
        if (it == spans.begin()) return nullptr;
        --it;
        return offset < it->end ? &*it : nullptr;
    }

    std::optional<XssContext> Classify(std::size_t offset) {
        for (const auto& [begin, end] : noscript_) {
            if (offset >= begin && offset < end) {
                return XssContext{XssContextKind::kInertText, "noscript", {}, 0, 0, {}};
            }
        }
        if (const Span* tag = Containing(tags_, offset)) return RawTagContext(raw_, tag->begin, offset);
        if (const Span* text = Containing(texts_, offset)) return TextContext(*text, offset);
        // Markup the tree does not keep (end tags, ignored start tags, doctype) or text outside any node.
        std::size_t lt = raw_.rfind('<', offset);
        std::size_t gt = raw_.rfind('>', offset);
        bool in_markup = lt != std::string_view::npos && (gt == std::string_view::npos || gt < lt);
        if (!in_markup) return XssContext{};
        if (lt + 1 < raw_.size() && (raw_[lt + 1] == '!' || raw_[lt + 1] == '?')) return std::nullopt;
        return RawTagContext(raw_, lt, offset);
    }

    std::optional<XssContext> TextContext(const Span& span, std::size_t offset) {
        XssContext ctx;
        if (span.node->type == GUMBO_NODE_COMMENT) {
            ctx.kind = XssContextKind::kComment;
            return ctx;
        }
        const GumboElement& parent = span.parent->v.element;
        std::string name = IsElement(span.parent) ? ElementName(parent) : std::string();
        bool html = IsElement(span.parent) && parent.tag_namespace == GUMBO_NAMESPACE_HTML;
        if (!span.inert.empty() || (html && IsRawTextParent(name))) {
            ctx.kind = XssContextKind::kInertText;
            ctx.tag = span.inert.empty() ? name : span.inert;
            return ctx;
        }
        if (!IsElement(span.parent) || !IsScriptElement(span.parent)) return ctx;  // kHtmlText
        ctx.tag = "script";
        if (!RunsInlineScript(span.parent)) {
            ctx.kind = XssContextKind::kInertText;
            return ctx;
        }
        auto [it, inserted] = script_states_.try_emplace(span.node);
        if (inserted) {
            const GumboStringPiece& text = span.node->v.text.original_text;
            it->second = JsStatesAt(std::string_view(text.data, text.length), marker_);
        }
        JsState state = JsState::kCode;
        for (const auto& [at, s] : it->second) {
            if (span.begin + at == offset) state = s;
        }
        switch (state) {
            case JsState::kCode:
                ctx.kind = XssContextKind::kScriptCode;
                break;
            case JsState::kSingleQuoted:
                ctx = {XssContextKind::kScriptString, "script", {}, '\'', 0, {}};
                break;
            case JsState::kDoubleQuoted:
                ctx = {XssContextKind::kScriptString, "script", {}, '"', 0, {}};
                break;
            case JsState::kTemplate:
                ctx = {XssContextKind::kScriptString, "script", {}, '`', 0, {}};
                break;
            case JsState::kRegex:
                ctx = {XssContextKind::kScriptString, "script", {}, '/', 0, {}};
                break;
            case JsState::kLineComment:
                ctx = {XssContextKind::kScriptComment, "script", {}, '/', 0, {}};
                break;
            case JsState::kBlockComment:
                ctx = {XssContextKind::kScriptComment, "script", {}, '*', 0, {}};
                break;
        }
        return ctx;
    }

    HtmlDocument doc_;
    std::string_view raw_;
    std::string_view marker_;
    std::vector<Span> tags_;   // element start tags
    std::vector<Span> texts_;  // text, whitespace, CDATA and comment nodes
    std::vector<std::pair<std::size_t, std::size_t>> noscript_;
    std::map<const GumboNode*, std::vector<std::pair<std::size_t, JsState>>> script_states_;
};

}  // namespace

std::string_view XssContextName(XssContextKind kind) {
    switch (kind) {
        case XssContextKind::kHtmlText:
            return "html-text";
        case XssContextKind::kInertText:
            return "inert-text";
        case XssContextKind::kComment:
            return "comment";
        case XssContextKind::kAttributeValue:
            return "attribute-value";
        case XssContextKind::kUrlAttribute:
            return "url-attribute";
        case XssContextKind::kAttributeName:
            return "attribute-name";
        case XssContextKind::kTagName:
            return "tag-name";
        case XssContextKind::kScriptString:
            return "script-string";
        case XssContextKind::kScriptCode:
            return "script-code";
        case XssContextKind::kScriptComment:
            return "script-comment";
    }
    return "unknown";
}

std::vector<XssContext> FindMarkerContexts(std::string_view html, std::string_view marker, std::size_t max_bytes) {
    if (marker.empty()) return {};
    return ContextFinder(html, marker, max_bytes).Run();
}

}  // namespace palisade::scan::web

// SPDX-License-Identifier: Apache-2.0
// ConfirmXssPayload: does the reflected payload create markup or code that runs?
#include <algorithm>

#include "scan/modules/web/html/html_extract.hpp"
#include "scan/modules/web/html/html_parse.hpp"
#include "scan/modules/web/html/js_lexer.hpp"
#include "scan/modules/web/html/xss_context.hpp"

namespace palisade::scan::web {
namespace {

int HexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// The script of a javascript: URL (leading controls/spaces and tabs/newlines removed, percent-decoded, as a
// browser runs it), or nullopt for another scheme.
std::optional<std::string> JavaScriptUrlBody(std::string_view value) {
    std::string url;
    for (char c : value) {
        if (c == '\t' || c == '\n' || c == '\r') continue;
        if (url.empty() && static_cast<unsigned char>(c) <= 0x20) continue;
        url += c;
    }
    constexpr std::string_view kScheme = "javascript:";
    if (url.size() < kScheme.size()) return std::nullopt;
    for (std::size_t i = 0; i < kScheme.size(); ++i) {
        char c = url[i] >= 'A' && url[i] <= 'Z' ? static_cast<char>(url[i] - 'A' + 'a') : url[i];
        if (c != kScheme[i]) return std::nullopt;
    }
    std::string body;
    for (std::size_t i = kScheme.size(); i < url.size(); ++i) {
        if (url[i] == '%' && i + 2 < url.size() && HexValue(url[i + 1]) >= 0 && HexValue(url[i + 2]) >= 0) {
            body += static_cast<char>(HexValue(url[i + 1]) * 16 + HexValue(url[i + 2]));
            i += 2;
        } else {
            body += url[i];
        }
    }
    return body;
}

// Attributes whose javascript: URL runs when followed, submitted or loaded.
bool RunsJavaScriptUrl(std::string_view element, std::string_view attribute) {
    if (attribute == "href" || attribute == "xlink:href" || attribute == "action" || attribute == "formaction" ||
        attribute == "data") {
        return true;
    }
    return attribute == "src" && (element == "iframe" || element == "frame" || element == "embed");
}

class Confirmer {
  public:
    Confirmer(std::string_view html, std::string_view marker, std::size_t max_bytes)
        : doc_(html, max_bytes), marker_(marker), noscript_(NoscriptTextRanges(doc_)) {}

    XssProof Run() {
        WalkTree(
            doc_.root(),
            [this](const GumboNode* node) {
                if (proof_.executable) return false;
                if (node->type == GUMBO_NODE_TEMPLATE) return false;  // inert contents
                if (node->type == GUMBO_NODE_DOCUMENT) return true;
                if (node->type != GUMBO_NODE_ELEMENT) return false;
                Inspect(node);
                return true;
            },
            [](const GumboNode*) {});
        return proof_;
    }

  private:
    bool InNoscriptText(std::size_t offset) const {
        return std::any_of(noscript_.begin(), noscript_.end(),
                           [&](const auto& r) { return offset >= r.first && offset < r.second; });
    }

    void Prove(std::string how, std::size_t from) {
        proof_.executable = true;
        proof_.how = std::move(how);
        std::string_view raw = doc_.input();
        auto hits = FindAllCaseInsensitive(raw.substr(std::min(from, raw.size())), marker_);
        std::size_t at = hits.empty() ? std::min(from, raw.size()) : from + hits.front();
        std::size_t begin = at > 60 ? at - 60 : 0;
        proof_.snippet = std::string(raw.substr(begin, at - begin + marker_.size() + 60));
    }

    void Inspect(const GumboNode* node) {
        const GumboElement& el = node->v.element;
        std::size_t offset = doc_.OffsetOf(el.original_tag);
        if (offset == std::string_view::npos || el.original_tag.length == 0) return;  // implied, not injected
        if (InNoscriptText(offset)) return;
        std::string name = ElementName(el);
        if (!FindAllCaseInsensitive(name, marker_).empty()) {
            Prove("element <" + name + ">", offset);
            return;
        }
        for (unsigned i = 0; i < el.attributes.length; ++i) {
            const auto* attribute = static_cast<const GumboAttribute*>(el.attributes.data[i]);
            std::string attr = attribute->name;
            for (char& c : attr) {
                if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
            }
            std::string_view value = attribute->value;
            if (attr.size() > 2 && attr.starts_with("on") && MarkerInJsCode(value, marker_)) {
                Prove("event handler " + attr + " on <" + name + ">", offset);
                return;
            }
            if (RunsJavaScriptUrl(name, attr)) {
                if (auto body = JavaScriptUrlBody(value); body && MarkerInJsCode(*body, marker_)) {
                    Prove("javascript: URL in <" + name + " " + attr + ">", offset);
                    return;
                }
            }
        }
        if (el.tag == GUMBO_TAG_SCRIPT &&
            (el.tag_namespace == GUMBO_NAMESPACE_HTML || el.tag_namespace == GUMBO_NAMESPACE_SVG)) {
            bool runs = IsJavaScriptType(AttributeValue(el, "type")) &&
                        !(el.tag_namespace == GUMBO_NAMESPACE_HTML && AttributeValue(el, "src"));
            if (runs && MarkerInJsCode(TextContent(node), marker_)) Prove("script code in <script>", offset);
        }
    }

    HtmlDocument doc_;
    std::string_view marker_;
    std::vector<std::pair<std::size_t, std::size_t>> noscript_;
    XssProof proof_;
};

}  // namespace

XssProof ConfirmXssPayload(std::string_view html, std::string_view marker, std::size_t max_bytes) {
    if (marker.empty()) return {};
    return Confirmer(html, marker, max_bytes).Run();
}

}  // namespace palisade::scan::web

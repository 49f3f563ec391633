// SPDX-License-Identifier: Apache-2.0
#include "scan/modules/web/html/html_extract.hpp"

#include <map>
#include <set>

#include "scan/modules/headers/web_util.hpp"
#include "scan/modules/web/html/html_parse.hpp"

// g++ 12 at -O3 reports the strings of an engaged std::optional<WebUrl> as "maybe uninitialized" (a known false
// positive of its inliner, GCC bug 105562); the code only reads them after checking the optional.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

namespace palisade::scan::web {
namespace {

using headers::AsciiLower;
using headers::TrimAscii;

constexpr std::size_t kMaxScriptUrls = 200;  // per inline script

bool IsHtml(const GumboNode* node) { return node->v.element.tag_namespace == GUMBO_NAMESPACE_HTML; }

bool HasTag(const GumboNode* node, GumboTag tag) {
    return IsElement(node) && node->v.element.tag == tag && IsHtml(node);
}

std::string LowerAttribute(const GumboElement& el, const char* name) {
    auto value = AttributeValue(el, name);
    return value ? AsciiLower(TrimAscii(*value)) : std::string();
}

bool HasToken(std::string_view list, std::string_view token) {
    std::size_t pos = 0;
    while (pos < list.size()) {
        std::size_t end = list.find_first_of(" \t\n\r\f", pos);
        if (end == std::string_view::npos) end = list.size();
        if (list.substr(pos, end - pos) == token) return true;
        pos = end + 1;
    }
    return false;
}

std::string InputType(const GumboElement& el) {
    std::string type = LowerAttribute(el, "type");
    for (std::string_view known :
         {"hidden", "text",  "search",         "tel",    "url",   "email", "password", "date",  "month",
          "week",   "time",  "datetime-local", "number", "range", "color", "checkbox", "radio", "file",
          "submit", "image", "reset",          "button"}) {
        if (type == known) return type;
    }
    return "text";
}

// An ordered list without duplicates.
struct UrlList {
    std::vector<std::string>* out;
    std::set<std::string> seen;
    void Add(const std::string& url) {
        if (seen.insert(url).second) out->push_back(url);
    }
};

class Extractor {
  public:
    Extractor(const HtmlDocument& doc, std::string_view document_url)
        : doc_(doc),
          document_(headers::ParseWebUrl(document_url)),
          links_{&page_.links, {}},
          scripts_{&page_.scripts, {}},
          iframes_{&page_.iframes, {}},
          subresources_{&page_.subresources, {}} {
        if (document_ && document_->scheme != "http" && document_->scheme != "https") document_.reset();
        base_ = document_;
    }

    ExtractedPage Run() {
        FirstPass();
        WalkTree(
            doc_.root(),
            [this](const GumboNode* node) {
                if (node->type == GUMBO_NODE_TEMPLATE) return false;  // inert contents
                if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_DOCUMENT) return false;
                if (node->type == GUMBO_NODE_ELEMENT) Visit(node);
                ancestors_.push_back(node);
                return true;
            },
            [this](const GumboNode*) { ancestors_.pop_back(); });
        for (const auto& [node, index] : form_index_) {
            if (index >= 0) page_.forms.push_back(std::move(forms_[static_cast<std::size_t>(index)]));
        }
        return std::move(page_);
    }

  private:
    // Resolves a URL attribute; the absolute http(s) href without fragment, or nullopt.
    std::optional<std::string> Resolve(std::string_view reference) const {
        std::string_view ref = TrimAscii(reference);
        if (ref.empty() || ref.front() == '#') return std::nullopt;
        auto url = base_ ? headers::ResolveWebUrl(*base_, ref) : headers::ParseWebUrl(ref);
        if (!url || (url->scheme != "http" && url->scheme != "https")) return std::nullopt;
        return url->href;
    }

    void AddAttr(const GumboElement& el, const char* name, std::initializer_list<UrlList*> lists) {
        auto value = AttributeValue(el, name);
        if (!value) return;
        if (auto url = Resolve(*value)) {
            for (UrlList* list : lists) list->Add(*url);
        }
    }

    // <base href> and the forms (in document order, so form="id" owners are known before their fields).
    void FirstPass() {
        bool base_seen = false;
        WalkTree(
            doc_.root(),
            [&](const GumboNode* node) {
                if (node->type == GUMBO_NODE_TEMPLATE) return false;
                if (node->type != GUMBO_NODE_ELEMENT) return node->type == GUMBO_NODE_DOCUMENT;
                const GumboElement& el = node->v.element;
                if (HasTag(node, GUMBO_TAG_BASE) && !base_seen) {
                    if (auto href = AttributeValue(el, "href"); href && document_) {
                        base_seen = true;
                        auto base = headers::ResolveWebUrl(*document_, TrimAscii(*href));
                        if (base && (base->scheme == "http" || base->scheme == "https")) base_ = base;
                    }
                } else if (HasTag(node, GUMBO_TAG_FORM)) {
                    AddForm(node);
                }
                return true;
            },
            [](const GumboNode*) {});
        // Form actions resolve against the final base, which may come after a form in the source.
        for (auto& [node, index] : form_index_) {
            if (index >= 0 && !ResolveAction(node, forms_[static_cast<std::size_t>(index)])) index = -1;
        }
    }

    void AddForm(const GumboNode* node) {
        const GumboElement& el = node->v.element;
        Form form;
        form.page_url = document_ ? document_->href : std::string();
        std::string method = LowerAttribute(el, "method");
        form.method = method == "post" ? "POST" : "GET";
        std::string enctype = LowerAttribute(el, "enctype");
        if (enctype == "multipart/form-data" || enctype == "text/plain") form.enctype = enctype;
        int index = method == "dialog" ? -1 : static_cast<int>(forms_.size());
        if (index >= 0) forms_.push_back(std::move(form));
        index_of_.emplace(node, form_index_.size());
        form_index_.emplace_back(node, index);
        if (auto id = AttributeValue(el, "id"); id && !id->empty()) forms_by_id_.emplace(std::string(*id), index);
    }

    bool ResolveAction(const GumboNode* node, Form& form) {
        auto action = AttributeValue(node->v.element, "action");
        if (!action || TrimAscii(*action).empty()) {
            if (!document_) return false;
            form.action = document_->href;
        } else {
            auto url = Resolve(*action);
            if (!url) return false;
            form.action = *url;
        }
        return true;
    }

    void Visit(const GumboNode* node) {
        const GumboElement& el = node->v.element;
        if (!IsHtml(node)) return;
        switch (el.tag) {
            case GUMBO_TAG_A:
            case GUMBO_TAG_AREA:
                AddAttr(el, "href", {&links_});
                break;
            case GUMBO_TAG_FRAME:
            case GUMBO_TAG_IFRAME:
                AddAttr(el, "src", {&links_, &iframes_, &subresources_});
                break;
            case GUMBO_TAG_META:
                VisitMeta(el);
                break;
            case GUMBO_TAG_IMG:
            case GUMBO_TAG_SOURCE:
                AddAttr(el, "src", {&subresources_});
                AddSrcset(el);
                break;
            case GUMBO_TAG_VIDEO:
                AddAttr(el, "poster", {&subresources_});
                [[fallthrough]];
            case GUMBO_TAG_AUDIO:
            case GUMBO_TAG_TRACK:
            case GUMBO_TAG_EMBED:
                AddAttr(el, "src", {&subresources_});
                break;
            case GUMBO_TAG_OBJECT:
                AddAttr(el, "data", {&subresources_});
                break;
            case GUMBO_TAG_LINK:
                VisitLink(el);
                break;
            case GUMBO_TAG_FORM:
                if (int index = IndexOf(node); index >= 0 && forms_[static_cast<std::size_t>(index)].method == "GET") {
                    links_.Add(forms_[static_cast<std::size_t>(index)].action);
                }
                break;
            case GUMBO_TAG_SCRIPT:
                VisitScript(node);
                break;
            case GUMBO_TAG_TITLE:
                if (!title_seen_) page_.title = CollapseWhitespace(TextContent(node));
                title_seen_ = true;
                break;
            case GUMBO_TAG_INPUT:
            case GUMBO_TAG_SELECT:
            case GUMBO_TAG_TEXTAREA:
            case GUMBO_TAG_BUTTON:
                VisitField(node);
                break;
            default:
                break;
        }
    }

    void VisitMeta(const GumboElement& el) {
        if (LowerAttribute(el, "http-equiv") != "refresh") return;
        auto content = AttributeValue(el, "content");
        if (!content) return;
        auto target = ParseMetaRefresh(*content);
        if (!target) return;
        if (auto url = Resolve(*target)) {
            if (!page_.meta_refresh) page_.meta_refresh = *url;
            links_.Add(*url);
        }
    }

    void AddSrcset(const GumboElement& el) {
        auto srcset = AttributeValue(el, "srcset");
        if (!srcset) return;
        for (const std::string& candidate : ParseSrcset(*srcset)) {
            if (auto url = Resolve(candidate)) {
                links_.Add(*url);
                subresources_.Add(*url);
            }
        }
    }

    void VisitLink(const GumboElement& el) {
        std::string rel = LowerAttribute(el, "rel");
        for (std::string_view loads :
             {"stylesheet", "icon", "preload", "modulepreload", "apple-touch-icon", "manifest"}) {
            if (HasToken(rel, loads)) {
                AddAttr(el, "href", {&subresources_});
                return;
            }
        }
    }

    void VisitScript(const GumboNode* node) {
        const GumboElement& el = node->v.element;
        if (AttributeValue(el, "src")) {
            AddAttr(el, "src", {&scripts_, &subresources_});
            return;
        }
        if (!IsJavaScriptType(AttributeValue(el, "type"))) return;
        std::string text = TextContent(node);
        for (const std::string& found : FindScriptUrls(text, kMaxScriptUrls)) {
            if (auto url = Resolve(found)) links_.Add(*url);
        }
        page_.inline_scripts.push_back(std::move(text));
    }

    // The form a field belongs to (index into forms_), or -1.
    int FormOwner(const GumboElement& el) const {
        if (auto ref = AttributeValue(el, "form")) {
            auto it = forms_by_id_.find(std::string(*ref));
            return it == forms_by_id_.end() ? -1 : it->second;
        }
        for (auto a = ancestors_.rbegin(); a != ancestors_.rend(); ++a) {
            if (HasTag(*a, GUMBO_TAG_FORM)) return IndexOf(*a);
            if (HasTag(*a, GUMBO_TAG_TABLE)) {
                // A <form> opened in table context is inserted empty, as a child of the table (or of its row
                // group/row), and owns the table's later fields through the parser's form element pointer.
                if (int owner = TableForm(*a); owner != -2) return owner;
            }
        }
        return -1;
    }

    // The empty form a table holds (its index), or -2 when it has none. Cached per table.
    int TableForm(const GumboNode* table) const {
        auto [cached, inserted] = table_forms_.emplace(table, -2);
        if (inserted) cached->second = FindTableForm(table);
        return cached->second;
    }

    int FindTableForm(const GumboNode* table) const {
        std::vector<const GumboNode*> stack{table};
        while (!stack.empty()) {
            const GumboNode* n = stack.back();
            stack.pop_back();
            const GumboVector* children = Children(n);
            for (unsigned i = 0; children && i < children->length; ++i) {
                const auto* child = static_cast<const GumboNode*>(children->data[i]);
                if (HasTag(child, GUMBO_TAG_FORM) && child->v.element.children.length == 0) return IndexOf(child);
                if (HasTag(child, GUMBO_TAG_TBODY) || HasTag(child, GUMBO_TAG_THEAD) ||
                    HasTag(child, GUMBO_TAG_TFOOT) || HasTag(child, GUMBO_TAG_TR)) {
                    stack.push_back(child);
                }
            }
        }
        return -2;
    }

    int IndexOf(const GumboNode* form) const {
        auto it = index_of_.find(form);
        return it == index_of_.end() ? -1 : form_index_[it->second].second;
    }

    // Disabled itself, or inside a disabled fieldset but not inside that fieldset's first legend.
    bool Disabled(const GumboElement& el) const {
        if (AttributeValue(el, "disabled")) return true;
        for (std::size_t i = 0; i < ancestors_.size(); ++i) {
            const GumboNode* a = ancestors_[i];
            if (!HasTag(a, GUMBO_TAG_FIELDSET) || !AttributeValue(a->v.element, "disabled")) continue;
            const GumboNode* legend = nullptr;
            const GumboVector& children = a->v.element.children;
            for (unsigned k = 0; k < children.length && !legend; ++k) {
                const auto* child = static_cast<const GumboNode*>(children.data[k]);
                if (HasTag(child, GUMBO_TAG_LEGEND)) legend = child;
            }
            if (!legend || i + 1 >= ancestors_.size() || ancestors_[i + 1] != legend) return true;
        }
        return false;
    }

    void VisitField(const GumboNode* node) {
        const GumboElement& el = node->v.element;
        int owner = FormOwner(el);
        if (owner < 0) return;
        Form& form = forms_[static_cast<std::size_t>(owner)];
        if (el.tag == GUMBO_TAG_INPUT && InputType(el) == "password") form.has_password = true;
        if (Disabled(el)) return;
        std::string name(AttributeValue(el, "name").value_or(""));
        std::string value(AttributeValue(el, "value").value_or(""));
        FormField field{name, "text", value};
        if (el.tag == GUMBO_TAG_INPUT) {
            field.type = InputType(el);
            if (field.type == "reset" || field.type == "button") return;
            if (field.type == "image") {
                if (name.empty()) return;
                form.fields.push_back({name + ".x", "image", "0"});
                form.fields.push_back({name + ".y", "image", "0"});
                return;
            }
            if ((field.type == "checkbox" || field.type == "radio") && !AttributeValue(el, "value")) {
                field.value = "on";
            }
        } else if (el.tag == GUMBO_TAG_SELECT) {
            field.type = "select";
            field.value = SelectValue(node);
        } else if (el.tag == GUMBO_TAG_TEXTAREA) {
            field.type = "textarea";
            field.value = TextContent(node);
        } else {
            std::string type = LowerAttribute(el, "type");
            if (type == "button" || type == "reset") return;
            field.type = "submit";
        }
        if (name.empty()) return;
        if (field.type == "radio") {
            auto key = std::make_pair(owner, name);
            auto it = radios_.find(key);
            if (it != radios_.end()) {
                if (AttributeValue(el, "checked")) form.fields[it->second].value = field.value;
                return;
            }
            radios_.emplace(key, form.fields.size());
        }
        form.fields.push_back(std::move(field));
    }

    // The value of the first selected option, else of the first enabled one.
    static std::string SelectValue(const GumboNode* select) {
        std::optional<std::string> first;
        std::optional<std::string> selected;
        WalkTree(
            select,
            [&](const GumboNode* n) {
                if (selected || !IsElement(n)) return false;
                if (!HasTag(n, GUMBO_TAG_OPTION)) return true;
                const GumboElement& option = n->v.element;
                auto value = AttributeValue(option, "value");
                std::string v = value ? std::string(*value) : CollapseWhitespace(TextContent(n));
                if (AttributeValue(option, "selected")) {
                    selected = v;
                } else if (!first && !AttributeValue(option, "disabled")) {
                    first = v;
                }
                return false;
            },
            [](const GumboNode*) {});
        return selected ? *selected : first.value_or("");
    }

    const HtmlDocument& doc_;
    std::optional<headers::WebUrl> document_;
    std::optional<headers::WebUrl> base_;
    ExtractedPage page_;
    UrlList links_, scripts_, iframes_, subresources_;
    bool title_seen_ = false;
    std::vector<Form> forms_;
    std::vector<std::pair<const GumboNode*, int>> form_index_;  // every <form> in document order; -1 = skipped
    std::map<const GumboNode*, std::size_t> index_of_;          // <form> node -> position in form_index_
    mutable std::map<const GumboNode*, int> table_forms_;
    std::map<std::string, int> forms_by_id_;
    std::map<std::pair<int, std::string>, std::size_t> radios_;  // (form, name) -> field index
    std::vector<const GumboNode*> ancestors_;
};

}  // namespace

ExtractedPage ExtractPage(std::string_view html, std::string_view document_url, std::size_t max_bytes) {
    HtmlDocument doc(html, max_bytes);
    return Extractor(doc, document_url).Run();
}

}  // namespace palisade::scan::web

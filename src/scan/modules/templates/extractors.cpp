// SPDX-License-Identifier: Apache-2.0
// Extractors: regex (capture group), kval (header and cookie values), json (the jq path subset of the loader), dsl
// (expression values).
#include <boost/json.hpp>
#include <set>

#include "scan/modules/templates/matchers.hpp"
#include "scan/modules/templates/text_util.hpp"

namespace palisade::scan::templates {
namespace {

namespace json = boost::json;

constexpr std::size_t kMaxMatches = 10000;

class Collector {
  public:
    void Add(std::string value) {
        if (values_.size() < kMaxMatches && seen_.insert(value).second) values_.push_back(std::move(value));
    }
    std::vector<std::string> Take() { return std::move(values_); }

  private:
    std::set<std::string> seen_;
    std::vector<std::string> values_;
};

// gojq's output of a value as nuclei prints it: strings as they are, numbers without exponent, booleans, and
// objects/arrays as compact JSON. Null produces nothing (nuclei would print an empty string).
std::optional<std::string> JsonText(const json::value& v) {
    switch (v.kind()) {
        case json::kind::null:
            return std::nullopt;
        case json::kind::string:
            return std::string(v.get_string());
        case json::kind::bool_:
            return v.get_bool() ? "true" : "false";
        case json::kind::int64:
            return std::to_string(v.get_int64());
        case json::kind::uint64:
            return std::to_string(v.get_uint64());
        case json::kind::double_:
            return dsl::FormatNumber(v.get_double());
        default:
            return json::serialize(v);
    }
}

// Walks `steps` from `v` depth first, like gojq's iterator: the first type error ends the query, keeping what was
// produced before it.
bool Walk(const json::value& v, const std::vector<JsonStep>& steps, std::size_t i, Collector& out) {
    static const json::value kNull;
    if (i == steps.size()) {
        if (auto text = JsonText(v)) out.Add(std::move(*text));
        return true;
    }
    const JsonStep& step = steps[i];
    switch (step.kind) {
        case JsonStep::Kind::kKey:
            if (v.is_null()) return Walk(kNull, steps, i + 1, out);
            if (!v.is_object()) return false;
            if (const json::value* child = v.get_object().if_contains(step.key)) return Walk(*child, steps, i + 1, out);
            return Walk(kNull, steps, i + 1, out);
        case JsonStep::Kind::kIndex: {
            if (v.is_null()) return Walk(kNull, steps, i + 1, out);
            if (!v.is_array()) return false;
            const json::array& a = v.get_array();
            long index = step.index < 0 ? static_cast<long>(a.size()) + step.index : step.index;
            if (index < 0 || index >= static_cast<long>(a.size())) return Walk(kNull, steps, i + 1, out);
            return Walk(a[static_cast<std::size_t>(index)], steps, i + 1, out);
        }
        case JsonStep::Kind::kIterate:
            if (v.is_array()) {
                for (const json::value& child : v.get_array()) {
                    if (!Walk(child, steps, i + 1, out)) return false;
                }
                return true;
            }
            if (v.is_object()) {
                for (const auto& kv : v.get_object()) {
                    if (!Walk(kv.value(), steps, i + 1, out)) return false;
                }
                return true;
            }
            return false;
    }
    return false;
}

}  // namespace

std::vector<std::string> RunExtractor(const Extractor& e, const OperatorContext& context) {
    Collector out;
    switch (e.type) {
        case ExtractorType::kRegex: {
            auto part = context.Part(e.part);
            if (!part || e.group < 0) break;
            std::string_view corpus = part->AsString();
            for (const auto& re : e.regexes) {
                for (const auto& groups : FindAll(*re, corpus, kMaxMatches)) {
                    if (static_cast<std::size_t>(e.group) < groups.size()) out.Add(std::string(groups[e.group]));
                }
            }
            break;
        }
        case ExtractorType::kKval:
            for (const std::string& key : e.kval) {
                auto value = context.Get(key);
                if (!value) continue;
                out.Add(e.case_insensitive ? LowerAscii(value->ToString()) : value->ToString());
            }
            break;
        case ExtractorType::kJson: {
            auto part = context.Part(e.part);
            if (!part) break;
            boost::system::error_code ec;
            json::value doc = json::parse(json::string_view(part->AsString().data(), part->AsString().size()), ec);
            if (ec) break;
            for (const JsonQuery& q : e.json) Walk(doc, q.steps, 0, out);
            break;
        }
        case ExtractorType::kDsl: {
            dsl::Lookup lookup = [&context](std::string_view name) { return context.Get(name); };
            for (const auto& expression : e.expressions) {
                auto value = dsl::Evaluate(*expression, lookup);
                if (!value) {
                    // nuclei's ExtractDSL: a missing variable skips the expression, another error ends the extractor.
                    if (value.error().message.starts_with("No parameter")) continue;
                    break;
                }
                std::string text = value->ToString();
                if (!text.empty()) out.Add(std::move(text));
            }
            break;
        }
    }
    return out.Take();
}

}  // namespace palisade::scan::templates

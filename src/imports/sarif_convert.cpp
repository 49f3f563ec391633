// SPDX-License-Identifier: Apache-2.0
#include "imports/sarif_convert.hpp"

#include <algorithm>
#include <boost/json/value.hpp>
#include <charconv>
#include <cmath>
#include <cstdlib>

namespace palisade::imports::sarif {

namespace json = boost::json;

namespace {

constexpr std::size_t kMaxHelpBytes = 4096;
constexpr std::size_t kMaxMessageBytes = 64 * 1024;
constexpr std::size_t kMaxExtensions = 1024;
constexpr std::size_t kMaxCwes = 16;  // per rule

const json::object* Obj(const json::object& o, std::string_view key) {
    const json::value* v = o.if_contains(key);
    return v != nullptr && v->is_object() ? &v->get_object() : nullptr;
}

const json::array* Arr(const json::object& o, std::string_view key) {
    const json::value* v = o.if_contains(key);
    return v != nullptr && v->is_array() ? &v->get_array() : nullptr;
}

std::string Str(const json::object* o, std::string_view key) {
    if (o == nullptr) return {};
    const json::value* v = o->if_contains(key);
    return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

// message-like objects ({text}) under `key`.
std::string Text(const json::object& o, std::string_view key) { return Str(Obj(o, key), "text"); }

std::optional<long long> Int(const json::object* o, std::string_view key) {
    if (o == nullptr) return std::nullopt;
    const json::value* v = o->if_contains(key);
    if (v == nullptr) return std::nullopt;
    if (v->is_int64()) return v->get_int64();
    if (v->is_uint64() && v->get_uint64() <= static_cast<std::uint64_t>(INT32_MAX)) {
        return static_cast<long long>(v->get_uint64());
    }
    return std::nullopt;
}

// Cut at `max` bytes, before a UTF-8 continuation byte.
std::string Cut(std::string s, std::size_t max) {
    if (s.size() <= max) return s;
    std::size_t n = max;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
    s.resize(n);
    return s;
}

bool KnownLevel(const std::string& level) {
    return level == "error" || level == "warning" || level == "note" || level == "none";
}

// "external/cwe/cwe-079" or "CWE-79" -> "CWE-79"; "" for other tags.
std::string CweOfTag(std::string_view tag) {
    std::string lower;
    for (char c : tag) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    std::string_view rest = lower;
    if (rest.rfind("external/cwe/", 0) == 0) rest.remove_prefix(13);
    if (rest.rfind("cwe-", 0) != 0) return {};
    rest.remove_prefix(4);
    unsigned n = 0;
    auto [p, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), n);
    if (ec != std::errc() || p != rest.data() + rest.size() || rest.empty() || n == 0) return {};
    return "CWE-" + std::to_string(n);
}

// "{0} flows to {1}" with message.arguments filled in.
std::string FillArguments(const std::string& text, const json::array* args) {
    if (args == nullptr || text.find('{') == std::string::npos) return text;
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const std::size_t close = text[i] == '{' ? text.find('}', i) : std::string::npos;
        if (close != std::string::npos && close > i + 1 && close - i <= 4) {
            unsigned n = 0;
            auto [p, ec] = std::from_chars(text.data() + i + 1, text.data() + close, n);
            if (ec == std::errc() && p == text.data() + close && n < args->size() && (*args)[n].is_string()) {
                out += std::string((*args)[n].get_string());
                i = close;
                continue;
            }
        }
        out += text[i];
        if (out.size() > kMaxMessageBytes) break;
    }
    return out;
}

}  // namespace

void RunRules::Add(Rule rule, int extension) {
    const std::size_t index = rules.size();
    if (!rule.id.empty()) by_id.emplace(rule.id, index);
    rules.push_back(std::move(rule));
    if (extension < 0) {
        driver.push_back(index);
        return;
    }
    // Extensions past the first kMaxExtensions are found by id only (an index table for millions of empty
    // extensions would cost more than the file).
    const auto k = static_cast<std::size_t>(extension);
    if (k >= kMaxExtensions) return;
    if (extensions.size() <= k) extensions.resize(k + 1);
    extensions[k].push_back(index);
}

const Rule* RunRules::Find(const std::string& id) const {
    auto it = by_id.find(id);
    return it != by_id.end() ? &rules[it->second] : nullptr;
}

const Rule* RunRules::At(long long index, long long extension) const {
    const std::vector<std::size_t>* list = &driver;
    if (extension >= 0) {
        if (static_cast<std::size_t>(extension) >= extensions.size()) return nullptr;
        list = &extensions[static_cast<std::size_t>(extension)];
    }
    if (index < 0 || static_cast<std::size_t>(index) >= list->size()) return nullptr;
    return &rules[(*list)[static_cast<std::size_t>(index)]];
}

std::optional<double> SeverityScore(const json::value* v) {
    if (v == nullptr) return std::nullopt;
    double d = 0;
    if (v->is_double()) {
        d = v->get_double();
    } else if (v->is_int64()) {
        d = static_cast<double>(v->get_int64());
    } else if (v->is_uint64()) {
        d = static_cast<double>(v->get_uint64());
    } else if (v->is_string()) {
        const std::string s(v->get_string());
        char* end = nullptr;
        d = std::strtod(s.c_str(), &end);
        if (s.empty() || end != s.c_str() + s.size()) return std::nullopt;
    } else {
        return std::nullopt;
    }
    if (!std::isfinite(d) || d < 0 || d > 10) return std::nullopt;
    return d;
}

Rule ToRule(const json::object& o) {
    Rule r;
    r.id = Str(&o, "id");
    r.name = Str(&o, "name");
    if (r.name.empty()) r.name = Text(o, "shortDescription");
    r.name = Cut(r.name, 512);
    r.level = Str(Obj(o, "defaultConfiguration"), "level");
    if (!KnownLevel(r.level)) r.level.clear();
    r.help = Text(o, "help");
    if (r.help.empty()) r.help = Text(o, "fullDescription");
    r.help = Cut(r.help, kMaxHelpBytes);
    r.help_uri = Cut(Str(&o, "helpUri"), 2048);
    if (const json::object* props = Obj(o, "properties")) {
        r.security_severity = SeverityScore(props->if_contains("security-severity"));
        if (const json::array* tags = Arr(*props, "tags")) {
            for (const auto& t : *tags) {
                if (r.cwe.size() >= kMaxCwes) break;
                if (!t.is_string()) continue;
                std::string cwe = CweOfTag(t.get_string());
                if (!cwe.empty() && std::find(r.cwe.begin(), r.cwe.end(), cwe) == r.cwe.end()) r.cwe.push_back(cwe);
            }
        }
    }
    return r;
}

Skip SkipReason(const json::object& o) {
    const std::string kind = Str(&o, "kind");
    if (kind == "pass" || kind == "notApplicable") return Skip::kNotAFailure;
    if (Str(&o, "baselineState") == "absent") return Skip::kAbsent;
    if (const json::array* suppressions = Arr(o, "suppressions")) {
        for (const auto& s : *suppressions) {
            if (!s.is_object()) continue;
            const std::string status = Str(&s.get_object(), "status");
            if (status.empty() || status == "accepted") return Skip::kSuppressed;
        }
    }
    return Skip::kNone;
}

SarifResult ToResult(const json::object& o, const RunRules& rules) {
    SarifResult r;
    r.rule_id = Str(&o, "ruleId");
    const json::object* ref = Obj(o, "rule");
    if (r.rule_id.empty()) r.rule_id = Str(ref, "id");
    const Rule* rule = nullptr;
    const long long extension = ref != nullptr ? Int(Obj(*ref, "toolComponent"), "index").value_or(-1) : -1;
    if (auto index = Int(&o, "ruleIndex")) rule = rules.At(*index, -1);
    if (rule == nullptr && ref != nullptr) {
        if (auto index = Int(ref, "index")) rule = rules.At(*index, extension);
    }
    if (rule == nullptr && !r.rule_id.empty()) rule = rules.Find(r.rule_id);
    if (rule != nullptr && r.rule_id.empty()) r.rule_id = rule->id;
    r.rule_id = Cut(r.rule_id, 256);

    r.level = Str(&o, "level");
    if (!KnownLevel(r.level)) r.level = rule != nullptr && !rule->level.empty() ? rule->level : "warning";
    const json::object* props = Obj(o, "properties");
    r.security_severity = SeverityScore(props != nullptr ? props->if_contains("security-severity") : nullptr);
    if (!r.security_severity && rule != nullptr) r.security_severity = rule->security_severity;

    const json::object* message = Obj(o, "message");
    r.message = Cut(FillArguments(Str(message, "text"), message != nullptr ? Arr(*message, "arguments") : nullptr),
                    kMaxMessageBytes);
    if (rule != nullptr) {
        r.rule_name = rule->name;
        r.help = rule->help;
        r.help_uri = rule->help_uri;
        r.cwe = rule->cwe;
    }
    if (r.message.empty()) r.message = !r.rule_name.empty() ? r.rule_name : r.rule_id;

    if (const json::array* locations = Arr(o, "locations"); locations != nullptr && !locations->empty()) {
        const json::object* loc = (*locations)[0].is_object() ? &(*locations)[0].get_object() : nullptr;
        const json::object* physical = loc != nullptr ? Obj(*loc, "physicalLocation") : nullptr;
        if (physical != nullptr) {
            r.uri = Cut(Str(Obj(*physical, "artifactLocation"), "uri"), 2048);
            const long long line = Int(Obj(*physical, "region"), "startLine").value_or(0);
            r.start_line = line > 0 && line <= INT32_MAX ? static_cast<int>(line) : 0;
        }
    }
    for (const char* key : {"partialFingerprints", "fingerprints"}) {
        const json::object* fps = Obj(o, key);
        if (fps == nullptr) continue;
        for (const auto& kv : *fps) {
            if (kv.value().is_string()) {
                r.fingerprints.emplace_back(Cut(std::string(kv.key()), 256),
                                            Cut(std::string(kv.value().get_string()), 1024));
            }
        }
    }
    std::sort(r.fingerprints.begin(), r.fingerprints.end());
    return r;
}

}  // namespace palisade::imports::sarif

// SPDX-License-Identifier: Apache-2.0
#include "scans/scan_plan.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <set>

#include "scan/engine/port_spec.hpp"
#include "scan/engine/finding.hpp"
#include "scan/runner/scanner.hpp"

namespace palisade::scans {

namespace json = boost::json;

namespace {

constexpr std::size_t kMaxListItems = 100;
constexpr std::size_t kMaxItemChars = 200;

// One numeric option: its key, bounds and whether it must be an integer.
struct NumberRule {
    const char* key;
    double min;
    double max;
    bool integer;
};

constexpr NumberRule kTopNumbers[] = {
    {"timeout_ms", 10, 60000, true},        {"rate", 0, 100000, false},
    {"concurrency", 1, 4096, true},         {"module_budget_s", 1, 3600, true},
    {"observatory_version", 4, 6, true},
};
constexpr NumberRule kWebNumbers[] = {
    {"max_depth", 0, 20, true},   {"max_pages", 1, 5000, true}, {"crawl_budget_s", 1, 3600, true},
    {"rps", 0, 1000, false},      {"concurrency", 1, 64, true},
};
constexpr const char* kWebBools[] = {"active", "time_based_sqli"};
constexpr const char* kWebLists[] = {"scope_paths", "exclude_paths"};
constexpr const char* kTemplateLists[] = {"tags", "ids", "severities"};

std::optional<double> Number(const json::value& v) {
    if (v.is_int64()) return static_cast<double>(v.as_int64());
    if (v.is_uint64()) return static_cast<double>(v.as_uint64());
    if (v.is_double()) return v.as_double();
    return std::nullopt;
}

void CheckNumber(const json::value& v, const NumberRule& rule, const std::string& field,
                 std::vector<server::FieldError>& errors) {
    auto n = Number(v);
    const std::string range = std::to_string(static_cast<long long>(rule.min)) + " and " +
                              std::to_string(static_cast<long long>(rule.max));
    if (!n || (rule.integer && std::floor(*n) != *n)) {
        errors.push_back({field, rule.integer ? "must be an integer between " + range : "must be a number between " + range});
    } else if (*n < rule.min || *n > rule.max) {
        errors.push_back({field, "must be between " + range});
    }
}

bool IsPrintable(const std::string& s) {
    return std::none_of(s.begin(), s.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; });
}

void CheckStringList(const json::value& v, const std::string& field, std::vector<server::FieldError>& errors) {
    if (!v.is_array()) {
        errors.push_back({field, "must be an array of strings"});
        return;
    }
    if (v.as_array().size() > kMaxListItems) {
        errors.push_back({field, "must have at most 100 entries"});
        return;
    }
    for (const auto& item : v.as_array()) {
        if (!item.is_string() || item.as_string().size() > kMaxItemChars ||
            !IsPrintable(std::string(item.as_string()))) {
            errors.push_back({field, "must be an array of strings of at most 200 printable characters"});
            return;
        }
    }
}

template <std::size_t N>
bool Contains(const char* const (&keys)[N], std::string_view key) {
    return std::any_of(std::begin(keys), std::end(keys), [&](const char* k) { return key == k; });
}

void CheckWeb(const json::value& v, std::vector<server::FieldError>& errors) {
    if (!v.is_object()) {
        errors.push_back({"options.web", "must be an object"});
        return;
    }
    for (const auto& [key, value] : v.as_object()) {
        const std::string field = "options.web." + std::string(key);
        auto rule = std::find_if(std::begin(kWebNumbers), std::end(kWebNumbers),
                                 [&](const NumberRule& r) { return key == r.key; });
        if (rule != std::end(kWebNumbers)) {
            CheckNumber(value, *rule, field, errors);
        } else if (Contains(kWebBools, key)) {
            if (!value.is_bool()) errors.push_back({field, "must be a boolean"});
        } else if (Contains(kWebLists, key)) {
            CheckStringList(value, field, errors);
        } else {
            errors.push_back({field, "is not a known option (target credentials cannot be given through the API)"});
        }
    }
}

void CheckTemplates(const json::value& v, std::vector<server::FieldError>& errors) {
    if (!v.is_object()) {
        errors.push_back({"options.templates", "must be an object"});
        return;
    }
    for (const auto& [key, value] : v.as_object()) {
        const std::string field = "options.templates." + std::string(key);
        if (!Contains(kTemplateLists, key)) {
            errors.push_back({field, "is not a known option (server template folders cannot be named through the API)"});
            continue;
        }
        CheckStringList(value, field, errors);
        if (key == "severities" && value.is_array()) {
            for (const auto& s : value.as_array()) {
                if (s.is_string() && !scan::ParseSeverity(std::string(s.as_string()))) {
                    errors.push_back({field, "must list info, low, medium, high or critical"});
                    break;
                }
            }
        }
    }
}

std::vector<std::string> Strings(const json::object& o, std::string_view key) {
    std::vector<std::string> out;
    if (const auto* v = o.if_contains(key); v && v->is_array()) {
        for (const auto& s : v->as_array()) {
            if (s.is_string()) out.emplace_back(s.as_string());
        }
    }
    return out;
}

double NumberOr(const json::object& o, std::string_view key, double fallback) {
    if (const auto* v = o.if_contains(key)) {
        if (auto n = Number(*v)) return *n;
    }
    return fallback;
}

BuiltinProfile Profile(std::string name, std::string description, std::vector<std::string> modules,
                       std::string_view options) {
    return BuiltinProfile{std::move(name), std::move(description), std::move(modules), json::parse(options).as_object()};
}

}  // namespace

const std::vector<BuiltinProfile>& BuiltinProfiles() {
    static const std::vector<BuiltinProfile> kProfiles = {
        Profile("quick", "The 100 most common TCP ports and what answers on them.", {"ports", "services"},
                R"({"ports": "top100", "timeout_ms": 1500})"),
        Profile("standard", "The 1,000 most common TCP ports, services, TLS and HTTP security headers.",
                {"ports", "services", "tls", "headers"}, R"({"ports": "top1000"})"),
        Profile("full",
                "Every TCP port, services, TLS, HTTP headers, web-application checks and the built-in templates.",
                {"ports", "services", "tls", "headers", "web", "templates"}, R"({"ports": "all"})"),
    };
    return kProfiles;
}

const BuiltinProfile* FindBuiltinProfile(const std::string& name) {
    for (const auto& p : BuiltinProfiles()) {
        if (p.name == name) return &p;
    }
    return nullptr;
}

std::vector<std::string> ValidatePlan(const std::vector<std::string>& modules, const json::object& options,
                                      std::vector<server::FieldError>& errors) {
    std::vector<std::string> ordered;
    if (modules.empty()) {
        errors.push_back({"modules", "must name at least one module"});
    } else {
        auto selected = scan::SelectModules(modules);
        if (!selected) {
            errors.push_back({"modules", selected.error().message});
        } else {
            ordered = *selected;
        }
    }
    for (const auto& [key, value] : options) {
        const std::string field = "options." + std::string(key);
        auto rule = std::find_if(std::begin(kTopNumbers), std::end(kTopNumbers),
                                 [&](const NumberRule& r) { return key == r.key; });
        if (rule != std::end(kTopNumbers)) {
            CheckNumber(value, *rule, field, errors);
        } else if (key == "ports") {
            if (!value.is_string() || value.as_string().size() > 4000) {
                errors.push_back({field, "must be a string such as top100, top1000, all or 22,80,8000-8100"});
            } else if (auto ports = scan::ParsePorts(std::string(value.as_string())); !ports) {
                errors.push_back({field, ports.error().message});
            }
        } else if (key == "web") {
            CheckWeb(value, errors);
        } else if (key == "templates") {
            CheckTemplates(value, errors);
        } else {
            errors.push_back({field, "is not a known option"});
        }
    }
    return ordered;
}

json::object MergeOptions(const json::object& base, const json::object& overrides) {
    json::object out = base;
    for (const auto& [key, value] : overrides) {
        if ((key == "web" || key == "templates") && value.is_object() && out.contains(key) && out[key].is_object()) {
            for (const auto& [k, v] : value.as_object()) out[key].as_object()[k] = v;
        } else {
            out[key] = value;
        }
    }
    return out;
}

Result<scan::ScanOptions> BuildScanOptions(const std::vector<std::string>& modules, const json::object& options) {
    std::vector<server::FieldError> errors;
    auto ordered = ValidatePlan(modules, options, errors);
    if (!errors.empty()) return FailField(errors.front().field, errors.front().message);
    scan::ScanOptions o;
    o.modules = ordered;
    const json::value* ports_value = options.if_contains("ports");
    const std::string ports = ports_value && ports_value->is_string() ? std::string(ports_value->as_string()) : "top100";
    auto port_set = scan::ParsePorts(ports);
    if (!port_set) return FailField("options.ports", port_set.error().message);
    o.ports = *port_set;
    o.ports_given = ports_value != nullptr;
    o.timeout = std::chrono::milliseconds(static_cast<long long>(NumberOr(options, "timeout_ms", 3000)));
    o.rate = NumberOr(options, "rate", 0);
    o.concurrency = static_cast<int>(NumberOr(options, "concurrency", 512));
    o.host_concurrency = o.concurrency;
    o.module_budget = std::chrono::seconds(static_cast<long long>(NumberOr(options, "module_budget_s", 300)));
    o.observatory_version = static_cast<int>(NumberOr(options, "observatory_version", 4));
    if (const auto* web = options.if_contains("web"); web && web->is_object()) {
        const json::object& w = web->as_object();
        o.web.max_depth = static_cast<int>(NumberOr(w, "max_depth", o.web.max_depth));
        o.web.max_pages = static_cast<std::size_t>(NumberOr(w, "max_pages", static_cast<double>(o.web.max_pages)));
        o.web.crawl_budget = std::chrono::seconds(
            static_cast<long long>(NumberOr(w, "crawl_budget_s", static_cast<double>(o.web.crawl_budget.count()))));
        o.web.requests_per_second = NumberOr(w, "rps", 0);
        o.web.concurrency = static_cast<int>(NumberOr(w, "concurrency", o.web.concurrency));
        if (const auto* v = w.if_contains("active"); v && v->is_bool()) o.web.active = v->as_bool();
        if (const auto* v = w.if_contains("time_based_sqli"); v && v->is_bool()) o.web.time_based_sqli = v->as_bool();
        o.web.scope_paths = Strings(w, "scope_paths");
        o.web.exclude_paths = Strings(w, "exclude_paths");
    }
    if (const auto* t = options.if_contains("templates"); t && t->is_object()) {
        o.templates.tags = Strings(t->as_object(), "tags");
        o.templates.ids = Strings(t->as_object(), "ids");
        o.templates.severities = Strings(t->as_object(), "severities");
    }
    return o;
}

}  // namespace palisade::scans

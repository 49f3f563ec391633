// SPDX-License-Identifier: Apache-2.0
#include "scan/engine/finding.hpp"
#include "scan/engine/report.hpp"

#include <cmath>
#include <map>
#include <set>

#include "core/crypto.hpp"
#include "core/strings.hpp"

namespace palisade::scan {
namespace {

constexpr std::size_t kMaxEvidence = 2048;

std::vector<std::string> SplitList(std::string_view text, char sep) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto end = text.find(sep, start);
        if (end == std::string_view::npos) end = text.size();
        auto item = text.substr(start, end - start);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        if (!item.empty()) out.emplace_back(item);
        start = end + 1;
    }
    return out;
}

// CVSS v3.1 Appendix A rounding, float-safe.
double RoundUp(double x) {
    long long i = std::llround(x * 100000.0);
    if (i % 10000 == 0) return static_cast<double>(i) / 100000.0;
    return (std::floor(static_cast<double>(i) / 10000.0) + 1) / 10.0;
}

std::string CleanEvidence(std::string_view text) {
    std::string clean = SanitizeUtf8(text.substr(0, kMaxEvidence + 4));
    std::string out;
    out.reserve(clean.size());
    for (unsigned char c : clean) {
        if (c < 0x20 && c != '\n' && c != '\t') {
            static const char* hex = "0123456789abcdef";
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 15];
        } else if (c == 0x7f) {
            out += "\\x7f";
        } else {
            out += static_cast<char>(c);
        }
    }
    if (out.size() > kMaxEvidence) {
        out.resize(kMaxEvidence);
        out = SanitizeUtf8(out) + "…";
    }
    return out;
}

}  // namespace

std::string_view SeverityName(Severity severity) {
    switch (severity) {
        case Severity::kInfo: return "info";
        case Severity::kLow: return "low";
        case Severity::kMedium: return "medium";
        case Severity::kHigh: return "high";
        case Severity::kCritical: return "critical";
    }
    return "info";
}

std::optional<Severity> ParseSeverity(std::string_view text) {
    std::string lower = ToLower(text);
    for (Severity s : {Severity::kInfo, Severity::kLow, Severity::kMedium, Severity::kHigh, Severity::kCritical}) {
        if (lower == SeverityName(s)) return s;
    }
    return std::nullopt;
}

std::optional<double> CvssBaseScore(std::string_view vector) {
    constexpr std::string_view kPrefix = "CVSS:3.1/";
    if (vector.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
    std::map<std::string, std::string> metrics;
    for (const auto& part : SplitList(vector.substr(kPrefix.size()), '/')) {
        auto colon = part.find(':');
        if (colon == std::string::npos || colon == 0 || colon + 1 == part.size()) return std::nullopt;
        if (!metrics.emplace(part.substr(0, colon), part.substr(colon + 1)).second) return std::nullopt;
    }
    static const std::map<std::string, std::map<std::string, double>> kWeights = {
        {"AV", {{"N", 0.85}, {"A", 0.62}, {"L", 0.55}, {"P", 0.2}}},
        {"AC", {{"L", 0.77}, {"H", 0.44}}},
        {"UI", {{"N", 0.85}, {"R", 0.62}}},
        {"C", {{"H", 0.56}, {"L", 0.22}, {"N", 0}}},
        {"I", {{"H", 0.56}, {"L", 0.22}, {"N", 0}}},
        {"A", {{"H", 0.56}, {"L", 0.22}, {"N", 0}}},
    };
    if (metrics.size() != 8 || !metrics.count("S") || !metrics.count("PR")) return std::nullopt;
    std::map<std::string, double> w;
    for (const auto& [name, values] : kWeights) {
        auto m = metrics.find(name);
        if (m == metrics.end()) return std::nullopt;
        auto v = values.find(m->second);
        if (v == values.end()) return std::nullopt;
        w[name] = v->second;
    }
    const std::string& scope = metrics["S"];
    if (scope != "U" && scope != "C") return std::nullopt;
    bool changed = scope == "C";
    const std::string& pr = metrics["PR"];
    double pr_weight = 0;
    if (pr == "N") pr_weight = 0.85;
    else if (pr == "L") pr_weight = changed ? 0.68 : 0.62;
    else if (pr == "H") pr_weight = changed ? 0.5 : 0.27;
    else return std::nullopt;
    double iss = 1 - (1 - w["C"]) * (1 - w["I"]) * (1 - w["A"]);
    double impact = changed ? 7.52 * (iss - 0.029) - 3.25 * std::pow(iss - 0.02, 15) : 6.42 * iss;
    double exploitability = 8.22 * w["AV"] * w["AC"] * pr_weight * w["UI"];
    if (impact <= 0) return 0.0;
    double base = changed ? RoundUp(std::min(1.08 * (impact + exploitability), 10.0))
                          : RoundUp(std::min(impact + exploitability, 10.0));
    return base;
}

Finding MakeFinding(const CheckInfo& check, std::string location, std::string evidence, std::string_view detail,
                    std::vector<std::string> cve, std::string_view title) {
    Finding f;
    f.check = std::string(check.id);
    f.title = std::string(title.empty() ? check.title : title);
    f.severity = check.severity;
    if (!check.cvss_vector.empty()) {
        if (auto score = CvssBaseScore(check.cvss_vector)) {
            f.cvss = Cvss{"3.1", std::string(check.cvss_vector), *score};
        }
    }
    f.cwe = SplitList(check.cwe, ',');
    f.cve = std::move(cve);
    f.evidence = CleanEvidence(evidence);
    f.recommendation = std::string(check.recommendation);
    f.references = SplitList(check.references, ' ');
    std::string key = f.check;
    key += '\n';
    key += location;
    key += '\n';
    key += detail;
    f.fingerprint = Sha256Hex(key).substr(0, 32);
    f.location = std::move(location);
    return f;
}

std::vector<std::string> ValidateCheckTable(std::span<const CheckInfo> checks) {
    std::vector<std::string> problems;
    std::set<std::string_view> seen;
    for (const auto& c : checks) {
        std::string id(c.id);
        if (!seen.insert(c.id).second) problems.push_back(id + ": duplicate id");
        if (id.empty() || id.find('.') == std::string::npos) problems.push_back(id + ": id must be dotted");
        for (char ch : id) {
            if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '-')) {
                problems.push_back(id + ": id must be lower case [a-z0-9._-]");
                break;
            }
        }
        if (c.title.empty()) problems.push_back(id + ": no title");
        if (c.recommendation.empty()) problems.push_back(id + ": no recommendation");
        if (!c.cvss_vector.empty() && !CvssBaseScore(c.cvss_vector)) problems.push_back(id + ": bad CVSS vector");
        if (c.severity != Severity::kInfo && c.cvss_vector.empty()) problems.push_back(id + ": no CVSS vector");
        for (const auto& cwe : SplitList(c.cwe, ',')) {
            if (cwe.rfind("CWE-", 0) != 0) problems.push_back(id + ": bad CWE '" + cwe + "'");
        }
    }
    return problems;
}

}  // namespace palisade::scan

namespace palisade::scan {

std::string_view ModuleStatusName(ModuleStatus status) {
    switch (status) {
        case ModuleStatus::kDone: return "done";
        case ModuleStatus::kFailed: return "failed";
        case ModuleStatus::kTimedOut: return "timed_out";
        case ModuleStatus::kCancelled: return "cancelled";
        case ModuleStatus::kSkipped: return "skipped";
    }
    return "done";
}

}  // namespace palisade::scan

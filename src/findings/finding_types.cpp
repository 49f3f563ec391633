// SPDX-License-Identifier: Apache-2.0
#include "findings/finding_types.hpp"

#include <algorithm>
#include <cmath>

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/time.hpp"

namespace palisade::findings {

namespace {

constexpr std::array<std::string_view, 5> kStatusNames = {"open", "triaged", "fixed", "accepted_risk",
                                                          "false_positive"};
constexpr std::array<std::string_view, 5> kSeverityNames = {"info", "low", "medium", "high", "critical"};

}  // namespace

std::string_view StatusName(FindingStatus status) { return kStatusNames[static_cast<std::size_t>(status)]; }

std::optional<FindingStatus> ParseStatus(std::string_view text) {
    for (std::size_t i = 0; i < kStatusNames.size(); ++i) {
        if (kStatusNames[i] == text) return static_cast<FindingStatus>(i);
    }
    return std::nullopt;
}

bool IsActive(std::string_view status) { return status == "open" || status == "triaged"; }

bool TransitionAllowed(FindingStatus from, FindingStatus to) {
    if (from == to) return false;
    const bool from_active = from == FindingStatus::kOpen || from == FindingStatus::kTriaged;
    // Active findings may move to any other state (triage first is usual, not required); a closed finding can
    // only be reopened.
    return from_active || to == FindingStatus::kOpen;
}

std::optional<int> SeverityRank(std::string_view severity) {
    for (std::size_t i = 0; i < kSeverityNames.size(); ++i) {
        if (kSeverityNames[i] == severity) return static_cast<int>(i);
    }
    return std::nullopt;
}

std::string_view SeverityNameOfRank(int rank) {
    return kSeverityNames[static_cast<std::size_t>(std::clamp(rank, 0, 4))];
}

std::string ModuleOfCheck(std::string_view check_id) {
    const std::string_view first = check_id.substr(0, check_id.find('.'));
    if (first == "template" || first == "templates") return "templates";
    return std::string(first);
}

std::optional<int> SlaPolicy::DaysFor(int severity_rank) const {
    switch (severity_rank) {
        case 4: return critical;
        case 3: return high;
        case 2: return medium;
        case 1: return low;
        default: return info;
    }
}

SlaPolicy PolicyFromRecord(const store::SlaPolicyRecord& record) {
    SlaPolicy p;
    p.critical = record.critical_days;
    p.high = record.high_days;
    p.medium = record.medium_days;
    p.low = record.low_days;
    p.info = record.info_days;
    p.is_default = false;
    p.updated_at = record.updated_at;
    p.updated_by = record.updated_by;
    return p;
}

std::optional<FindingSort> ParseSort(std::string_view text) {
    FindingSort sort;
    sort.descending = !text.empty() && text.front() == '-';
    if (sort.descending || (!text.empty() && text.front() == '+')) text.remove_prefix(1);
    if (text == "severity") {
        sort.key = store::FindingSortKey::kSeverity;
    } else if (text == "last_seen") {
        sort.key = store::FindingSortKey::kLastSeen;
    } else if (text == "first_seen") {
        sort.key = store::FindingSortKey::kFirstSeen;
    } else if (text == "sla_due_at") {
        sort.key = store::FindingSortKey::kSlaDueAt;
    } else {
        return std::nullopt;
    }
    return sort;
}

std::string SortName(const FindingSort& sort) {
    std::string name = sort.descending ? "-" : "";
    switch (sort.key) {
        case store::FindingSortKey::kSeverity: return name + "severity";
        case store::FindingSortKey::kLastSeen: return name + "last_seen";
        case store::FindingSortKey::kFirstSeen: return name + "first_seen";
        case store::FindingSortKey::kSlaDueAt: return name + "sla_due_at";
    }
    return name + "severity";
}

std::string JsonStringArray(const std::vector<std::string>& items) {
    boost::json::array a;
    a.reserve(items.size());
    for (const auto& s : items) a.emplace_back(s);
    return boost::json::serialize(a);
}

std::vector<std::string> ParseStringArray(std::string_view json_text) {
    std::vector<std::string> out;
    boost::system::error_code ec;
    const boost::json::value v = boost::json::parse(json_text, ec);
    if (ec || !v.is_array()) return out;
    for (const auto& item : v.get_array()) {
        if (item.is_string()) out.emplace_back(item.get_string());
    }
    return out;
}

bool IsAssetType(std::string_view type) {
    return type == "host" || type == "web" || type == "domain" || type == "other";
}

bool IsCriticality(std::string_view c) { return c == "low" || c == "medium" || c == "high" || c == "critical"; }

int RiskScore(const std::array<long long, 5>& open_by_rank, std::string_view criticality) {
    constexpr std::array<double, 5> kWeight = {0, 2, 8, 20, 40};  // info, low, medium, high, critical
    double sum = 0;
    for (std::size_t i = 0; i < kWeight.size(); ++i) sum += kWeight[i] * static_cast<double>(open_by_rank[i]);
    double factor = 1.0;
    if (criticality == "low") factor = 0.5;
    if (criticality == "high") factor = 1.5;
    if (criticality == "critical") factor = 2.0;
    return static_cast<int>(std::min(100.0, std::round(sum * factor)));
}

std::optional<std::string> NormalizeTime(std::string_view text) {
    // "YYYY-MM-DDTHH:MM:SS" up front: ParseTime alone would also take "26-1-2T3:4:5Z".
    constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:dd";
    if (text.size() <= kShape.size()) return std::nullopt;
    for (std::size_t i = 0; i < kShape.size(); ++i) {
        const bool ok = kShape[i] == 'd' ? (text[i] >= '0' && text[i] <= '9') : text[i] == kShape[i];
        if (!ok) return std::nullopt;
    }
    auto t = ParseTime(text);
    if (!t) return std::nullopt;
    return FormatTime(*t);
}

}  // namespace palisade::findings

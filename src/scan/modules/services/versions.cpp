// SPDX-License-Identifier: Apache-2.0
// Version ordering and advisory ranges of the services module (which banner versions an advisory covers).
#include "scan/modules/services/service_rules.hpp"

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "core/strings.hpp"

namespace palisade::scan::services {
namespace {

// Splits a version into parts: numbers (as digit strings without leading zeros) and lower-case words.
struct VersionPart {
    bool number = false;
    std::string text;
};

std::vector<VersionPart> SplitVersion(std::string_view v) {
    std::vector<VersionPart> parts;
    std::size_t i = 0;
    while (i < v.size()) {
        unsigned char c = static_cast<unsigned char>(v[i]);
        if (std::isdigit(c)) {
            std::size_t j = i;
            while (j < v.size() && std::isdigit(static_cast<unsigned char>(v[j]))) ++j;
            std::string digits(v.substr(i, j - i));
            auto nz = digits.find_first_not_of('0');
            parts.push_back({true, nz == std::string::npos ? "0" : digits.substr(nz)});
            i = j;
        } else if (std::isalpha(c)) {
            std::size_t j = i;
            while (j < v.size() && std::isalpha(static_cast<unsigned char>(v[j]))) ++j;
            parts.push_back({false, ToLower(v.substr(i, j - i))});
            i = j;
        } else {
            ++i;
        }
    }
    return parts;
}

bool IsPreRelease(const std::string& word) {
    return word == "alpha" || word == "beta" || word == "pre" || word == "rc" || word == "dev";
}

// Rank of a part against a missing part: pre-release words -1, missing 0, anything else 1.
int RankVsMissing(const VersionPart& p) { return (!p.number && IsPreRelease(p.text)) ? -1 : 1; }

}  // namespace

int CompareVersions(std::string_view a, std::string_view b) {
    auto pa = SplitVersion(a);
    auto pb = SplitVersion(b);
    std::size_t n = std::max(pa.size(), pb.size());
    for (std::size_t i = 0; i < n; ++i) {
        if (i >= pa.size()) return RankVsMissing(pb[i]) > 0 ? -1 : 1;
        if (i >= pb.size()) return RankVsMissing(pa[i]) > 0 ? 1 : -1;
        const auto& x = pa[i];
        const auto& y = pb[i];
        if (x.number && y.number) {
            if (x.text.size() != y.text.size()) return x.text.size() < y.text.size() ? -1 : 1;
            if (x.text != y.text) return x.text < y.text ? -1 : 1;
            continue;
        }
        if (x.number != y.number) return x.number ? 1 : -1;  // a word sorts below a number
        if (x.text != y.text) {
            bool xp = IsPreRelease(x.text), yp = IsPreRelease(y.text);
            if (xp != yp) return xp ? -1 : 1;
            return x.text < y.text ? -1 : 1;
        }
    }
    return 0;
}

bool IsAffected(const Advisory& advisory, std::string_view version) {
    if (SplitVersion(version).empty()) return false;
    for (const auto& range : advisory.affected) {
        bool all = !range.empty();
        for (const auto& bound : range) {
            int c = CompareVersions(version, bound.version);
            bool ok = false;
            switch (bound.op) {
                case VersionBound::Op::kLess: ok = c < 0; break;
                case VersionBound::Op::kLessEqual: ok = c <= 0; break;
                case VersionBound::Op::kGreater: ok = c > 0; break;
                case VersionBound::Op::kGreaterEqual: ok = c >= 0; break;
                case VersionBound::Op::kEqual: ok = c == 0; break;
            }
            if (!ok) {
                all = false;
                break;
            }
        }
        if (all) return true;
    }
    return false;
}

std::vector<const Advisory*> FindAdvisories(const ServiceRules& rules, std::string_view product,
                                            std::string_view version) {
    std::vector<const Advisory*> out;
    if (product.empty() || version.empty()) return out;
    for (const auto& adv : rules.advisories) {
        if (IEquals(adv.product, product) && IsAffected(adv, version)) out.push_back(&adv);
    }
    return out;
}

}  // namespace palisade::scan::services

// SPDX-License-Identifier: Apache-2.0
#include "scan/runner/score.hpp"

#include <algorithm>

namespace palisade::scan {
namespace {

// A module grade caps the target's score at the top of the band below: a TLS endpoint graded F by the SSL Labs
// rules cannot leave the target above F, and so on. T (untrusted certificate) and M (name mismatch) cap like E.
std::optional<int> CapForModuleGrade(const std::string& grade) {
    if (grade.empty()) return std::nullopt;
    switch (grade.front()) {
        case 'A': return std::nullopt;
        case 'B': return 89;
        case 'C': return 79;
        case 'D': return 69;
        case 'E': return 59;
        case 'T':
        case 'M': return 59;
        case 'F': return 49;
        default: return std::nullopt;
    }
}

}  // namespace

std::string GradeForScore(int score) {
    if (score >= 90) return "A";
    if (score >= 80) return "B";
    if (score >= 70) return "C";
    if (score >= 60) return "D";
    if (score >= 50) return "E";
    return "F";
}

TargetScore ScoreTarget(const std::vector<const Finding*>& findings, const std::vector<ModuleReport>& modules) {
    int penalty = 0;
    int worst_cap = 100;
    for (const Finding* f : findings) {
        switch (f->severity) {
            case Severity::kCritical:
                penalty += 40;
                worst_cap = std::min(worst_cap, 49);  // any critical finding: F
                break;
            case Severity::kHigh:
                penalty += 20;
                worst_cap = std::min(worst_cap, 69);  // any high finding: D at best
                break;
            case Severity::kMedium: penalty += 8; break;
            case Severity::kLow: penalty += 2; break;
            case Severity::kInfo: break;
        }
    }
    int score = std::max(0, 100 - penalty);
    for (const auto& m : modules) {
        if (m.status != ModuleStatus::kDone) continue;
        if (m.score) score = std::min(score, std::clamp(*m.score, 0, 100));
        if (m.grade) {
            if (auto cap = CapForModuleGrade(*m.grade)) worst_cap = std::min(worst_cap, *cap);
        }
    }
    score = std::min(score, worst_cap);
    return TargetScore{score, GradeForScore(score)};
}

}  // namespace palisade::scan

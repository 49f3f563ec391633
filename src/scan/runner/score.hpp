// SPDX-License-Identifier: Apache-2.0
// The score (0-100) and grade of one target, from its findings and its modules' grades. Defined in
// docs/checks.md ("Target score"); the tests in tests/scan/runner/score_test.cpp pin every rule.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "scan/engine/finding.hpp"
#include "scan/engine/report.hpp"

namespace palisade::scan {

struct TargetScore {
    int score = 100;
    std::string grade;  // A, B, C, D, E, F
};

TargetScore ScoreTarget(const std::vector<const Finding*>& findings, const std::vector<ModuleReport>& modules);
std::string GradeForScore(int score);

}  // namespace palisade::scan

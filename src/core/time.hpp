// SPDX-License-Identifier: Apache-2.0
// UTC time as text. The stored form is fixed-width "YYYY-MM-DDTHH:MM:SS.mmmZ", so text order is time order
// in both SQLite and PostgreSQL.
#pragma once

#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace palisade {

std::string FormatTime(TimePoint t);                   // "2026-01-02T03:04:05.678Z"
Result<TimePoint> ParseTime(std::string_view text);    // accepts the form above, with or without millis
std::int64_t ToUnixSeconds(TimePoint t);
TimePoint FromUnixSeconds(std::int64_t s);

}  // namespace palisade

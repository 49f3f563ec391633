// SPDX-License-Identifier: Apache-2.0
// Cron expressions of scan schedules: the five classic fields (minute hour day-of-month month day-of-week) and the
// @macros, evaluated in an IANA time zone. Pure functions over the system tz database (/usr/share/zoneinfo, read
// once per process through Howard Hinnant's date library); thread-safe.
//
// Syntax (docs/fragments/schedules.md "Cron expressions"):
//  - each field is a comma-separated list of `*`, `N`, `N-M`, each optionally followed by `/STEP`; `N/STEP` means
//    `N-<field max>/STEP` (cronie). Ranges go upwards (`5-1` is an error).
//  - minute 0-59, hour 0-23, day-of-month 1-31, month 1-12 or JAN-DEC, day-of-week 0-7 or SUN-SAT (0 and 7 are
//    both Sunday); names are case-insensitive and may bound ranges (MON-FRI).
//  - @hourly, @daily (@midnight), @weekly, @monthly, @yearly (@annually).
//  - day-of-month and day-of-week combine as in Vixie cron: when both fields are restricted a day matches if
//    EITHER matches; a field whose text begins with `*` (also `*/2`) counts as unrestricted, and then the day must
//    match both.
//
// Time zones and daylight saving time (NextRun):
//  - a local time that does not exist (clocks spring forward) is skipped: `30 2 * * *` in Europe/Paris does not run
//    on the last Sunday of March.
//  - a local time that happens twice (clocks fall back) runs once, at its first occurrence.
//  - the system tz files cover transitions up to 2037; later instants use the zone's last known offset.
#pragma once

#include <bitset>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace palisade::scans {

// Longest accepted cron text and time zone name, in bytes.
inline constexpr std::size_t kMaxCronChars = 200;
inline constexpr std::size_t kMaxTimeZoneChars = 64;
// NextRun looks this many years ahead; a spec with no run in that window is refused when a schedule is saved.
inline constexpr int kCronHorizonYears = 50;

// A parsed expression: the set of values of each field.
struct CronSpec {
    std::bitset<60> minutes;
    std::bitset<24> hours;
    std::bitset<32> days_of_month;  // bits 1..31
    std::bitset<13> months;         // bits 1..12
    std::bitset<7> days_of_week;    // bits 0..6, 0 = Sunday
    bool dom_star = false;          // the day-of-month field began with '*' (Vixie's DOM_STAR)
    bool dow_star = false;          // the day-of-week field began with '*'
};

// Parses `text` (surrounding white space ignored; fields separated by spaces or tabs). Never throws; safe on any
// input. Errors: kInvalidArgument with field "cron" and a message naming the cron field at fault, e.g.
// "minute field: \"61\" is out of range 0-59", "day-of-week field: unknown name \"FUN\"",
// "expected 5 fields (minute hour day-of-month month day-of-week), got 6", "day-of-month field: no chosen day
// exists in the chosen months" (such as `0 0 31 2 *`).
Result<CronSpec> ParseCron(std::string_view text);

// Checks an IANA time zone name ("UTC", "Europe/Paris"). kInvalidArgument with field "timezone" when the name is
// empty, too long or not in the tz database. "UTC" is always accepted, even without a tz database.
Status ValidateTimeZone(std::string_view tz);

// Whether a local calendar day (month 1..12, day 1..31, weekday 0..6 with 0 = Sunday) can run `spec` (month field
// and the day-of-month / day-of-week rule above). False for values out of range.
bool DayMatches(const CronSpec& spec, unsigned month, unsigned day, unsigned weekday);

// The first minute matching `spec` strictly after `after`, reading the fields as local time in `tz` (DST rules
// above). nullopt when `tz` is not a known zone, or when nothing matches within kCronHorizonYears (or before
// the year 2200).
std::optional<TimePoint> NextRun(const CronSpec& spec, const std::string& tz, TimePoint after);

}  // namespace palisade::scans

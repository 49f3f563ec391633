// SPDX-License-Identifier: Apache-2.0
#include "scans/cron.hpp"

#include <array>
#include <cstdint>
#include <exception>
#include <vector>

#include <date/date.h>
#include <date/tz.h>

namespace palisade::scans {

namespace {

constexpr std::array<const char*, 12> kMonthNames = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                     "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
constexpr std::array<const char*, 7> kDayNames = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};
// Longest each month can be (February 29 exists in leap years).
constexpr std::array<unsigned, 13> kMaxDays = {0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

struct FieldDef {
    const char* name;
    int min;
    int max;
    const char* const* names = nullptr;  // three-letter names of min, min + 1, ...
    std::size_t name_count = 0;
};

constexpr FieldDef kFields[5] = {
    {"minute", 0, 59},
    {"hour", 0, 23},
    {"day-of-month", 1, 31},
    {"month", 1, 12, kMonthNames.data(), kMonthNames.size()},
    {"day-of-week", 0, 7, kDayNames.data(), kDayNames.size()},
};

struct Macro {
    const char* name;
    const char* expansion;
};
constexpr Macro kMacros[] = {
    {"@yearly", "0 0 1 1 *"},  {"@annually", "0 0 1 1 *"}, {"@monthly", "0 0 1 * *"}, {"@weekly", "0 0 * * 0"},
    {"@daily", "0 0 * * *"},   {"@midnight", "0 0 * * *"}, {"@hourly", "0 * * * *"},
};

char Upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsSpace(char c) { return c == ' ' || c == '\t'; }

bool IEqualsAscii(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (Upper(a[i]) != Upper(b[i])) return false;
    }
    return true;
}

// Input text quoted for an error message, cut so that a long input cannot make a long message.
std::string Quote(std::string_view s) {
    constexpr std::size_t kMax = 20;
    return "\"" + std::string(s.substr(0, kMax)) + (s.size() > kMax ? "...\"" : "\"");
}

tl::unexpected<Error> FieldError(const FieldDef& def, const std::string& message) {
    return FailField("cron", std::string(def.name) + " field: " + message);
}

// A value of the field: a number (at most 3 digits, so no overflow) or, where the field has them, a name.
Result<int> ParseValue(std::string_view s, const FieldDef& def) {
    if (s.empty()) return FieldError(def, "a range bound is missing");
    if (IsDigit(s.front())) {
        for (char c : s) {
            if (!IsDigit(c)) return FieldError(def, Quote(s) + " is not a number");
        }
        int v = 0;
        for (char c : s.substr(0, 4)) v = v * 10 + (c - '0');  // 4 digits are enough to be out of range
        if (s.size() > 4 || v < def.min || v > def.max) {
            return FieldError(def, Quote(s) + " is out of range " + std::to_string(def.min) + "-" +
                                       std::to_string(def.max));
        }
        return v;
    }
    if (def.names == nullptr) return FieldError(def, Quote(s) + " is not a number");
    for (std::size_t i = 0; i < def.name_count; ++i) {
        if (IEqualsAscii(s, def.names[i])) return def.min + static_cast<int>(i);
    }
    return FieldError(def, "unknown name " + Quote(s));
}

// One list entry: `*`, `N`, `N-M`, optionally `/STEP`. Sets the bits of its values in `mask`.
Status ParseEntry(std::string_view entry, const FieldDef& def, std::uint64_t& mask) {
    if (entry.empty()) return FieldError(def, "empty list entry");
    std::string_view base = entry;
    std::optional<int> step;
    if (const auto slash = entry.find('/'); slash != std::string_view::npos) {
        base = entry.substr(0, slash);
        const std::string_view s = entry.substr(slash + 1);
        const int span = def.max - def.min + 1;
        bool ok = !s.empty() && s.size() <= 3;
        int v = 0;
        for (char c : s) {
            ok = ok && IsDigit(c);
            if (ok) v = v * 10 + (c - '0');
        }
        if (!ok || v < 1 || v > span) {
            return FieldError(def, "step " + Quote(s) + " must be a number from 1 to " + std::to_string(span));
        }
        step = v;
    }
    int lo = def.min;
    int hi = def.max;
    if (base != "*") {
        const auto dash = base.find('-');
        auto first = ParseValue(base.substr(0, dash), def);
        if (!first) return tl::unexpected<Error>(first.error());
        lo = *first;
        hi = step ? def.max : lo;  // "N/STEP" runs from N to the end of the field (cronie)
        if (dash != std::string_view::npos) {
            auto last = ParseValue(base.substr(dash + 1), def);
            if (!last) return tl::unexpected<Error>(last.error());
            hi = *last;
            if (lo > hi) {
                return FieldError(def, "range " + Quote(base) + " must go upwards (its start is after its end)");
            }
        }
    }
    for (int v = lo; v <= hi; v += step.value_or(1)) mask |= std::uint64_t{1} << v;
    return Ok();
}

Status ParseField(std::string_view text, const FieldDef& def, std::uint64_t& mask) {
    std::size_t start = 0;
    while (true) {
        const auto comma = text.find(',', start);
        const std::string_view entry = text.substr(start, comma == std::string_view::npos ? text.npos : comma - start);
        if (auto s = ParseEntry(entry, def, mask); !s) return s;
        if (comma == std::string_view::npos) return Ok();
        start = comma + 1;
    }
}

// `0 0 31 2 *` can never run; refuse it rather than save a schedule that never fires. Only when the day must
// match the day-of-month field alone (the day-of-week field is unrestricted or ANDed in): with the OR rule any
// chosen weekday occurs in every month.
Status CheckDaysExist(const CronSpec& spec) {
    if (spec.dom_star || !spec.dow_star) return Ok();
    for (unsigned m = 1; m <= 12; ++m) {
        if (!spec.months[m]) continue;
        for (unsigned d = 1; d <= kMaxDays[m]; ++d) {
            if (spec.days_of_month[d]) return Ok();
        }
    }
    return FieldError(kFields[2], "no chosen day exists in the chosen months");
}

Result<CronSpec> ParseFields(std::string_view text) {
    std::vector<std::string_view> fields;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && IsSpace(text[i])) ++i;
        const std::size_t start = i;
        while (i < text.size() && !IsSpace(text[i])) ++i;
        if (i > start) fields.push_back(text.substr(start, i - start));
        if (fields.size() > 5) break;
    }
    if (fields.size() != 5) {
        return FailField("cron", "expected 5 fields (minute hour day-of-month month day-of-week), got " +
                                     std::string(fields.size() > 5 ? "more" : std::to_string(fields.size())));
    }
    std::uint64_t masks[5] = {0, 0, 0, 0, 0};
    for (std::size_t f = 0; f < 5; ++f) {
        if (auto s = ParseField(fields[f], kFields[f], masks[f]); !s) return tl::unexpected<Error>(s.error());
    }
    CronSpec spec;
    spec.minutes = std::bitset<60>(masks[0]);
    spec.hours = std::bitset<24>(masks[1]);
    spec.days_of_month = std::bitset<32>(masks[2]);
    spec.months = std::bitset<13>(masks[3]);
    spec.days_of_week = std::bitset<7>(masks[4] & 0x7f);
    if (masks[4] & (std::uint64_t{1} << 7)) spec.days_of_week.set(0);  // 7 is Sunday too
    spec.dom_star = fields[2].front() == '*';
    spec.dow_star = fields[4].front() == '*';
    if (auto s = CheckDaysExist(spec); !s) return tl::unexpected<Error>(s.error());
    return spec;
}

// The zone of `tz`, or null when unknown (or when the tz database cannot be read).
const date::time_zone* FindZone(std::string_view tz) {
    if (tz.empty() || tz.size() > kMaxTimeZoneChars) return nullptr;
    try {
        return date::locate_zone(tz);
    } catch (const std::exception&) {
        return nullptr;
    }
}

std::vector<int> Values(std::uint64_t mask, int count) {
    std::vector<int> out;
    for (int v = 0; v < count; ++v) {
        if (mask & (std::uint64_t{1} << v)) out.push_back(v);
    }
    return out;
}

// The earliest instant of local time `lt` in `zone` (null = UTC); nullopt when it does not exist (DST gap).
std::optional<date::sys_seconds> ToSys(const date::time_zone* zone, date::local_seconds lt) {
    if (zone == nullptr) return date::sys_seconds(lt.time_since_epoch());
    const date::local_info info = zone->get_info(lt);
    if (info.result == date::local_info::nonexistent) return std::nullopt;
    return date::sys_seconds(lt.time_since_epoch() - info.first.offset);  // ambiguous: the first occurrence
}

std::optional<TimePoint> Search(const CronSpec& spec, const date::time_zone* zone, TimePoint after) {
    using std::chrono::hours;
    using std::chrono::minutes;
    const date::sys_seconds limit = date::sys_days(date::year{2200} / 1 / 1);
    const auto after_s = date::floor<std::chrono::seconds>(after);
    if (after_s >= limit) return std::nullopt;
    const date::local_seconds after_local =
        zone != nullptr ? zone->to_local(after_s) : date::local_seconds(after_s.time_since_epoch());
    // A day early: the local date of `after` may differ from the date whose times come first after it.
    date::local_days day = date::floor<date::days>(after_local) - date::days{1};
    const date::local_days end = day + date::days{366 * kCronHorizonYears};
    const std::vector<int> hour_list = Values(spec.hours.to_ullong(), 24);
    const std::vector<int> minute_list = Values(spec.minutes.to_ullong(), 60);
    while (day <= end) {
        const date::year_month_day ymd{day};
        const unsigned month = static_cast<unsigned>(ymd.month());
        if (!spec.months[month]) {
            day = date::local_days{(date::year_month{ymd.year(), ymd.month()} + date::months{1}) / 1};
            continue;
        }
        const unsigned weekday = date::weekday{day}.c_encoding();
        if (DayMatches(spec, month, static_cast<unsigned>(ymd.day()), weekday)) {
            for (int h : hour_list) {
                for (int m : minute_list) {
                    const auto at = ToSys(zone, date::local_seconds(day) + hours{h} + minutes{m});
                    if (!at || *at <= after_s) continue;
                    if (*at >= limit) return std::nullopt;
                    return std::chrono::time_point_cast<TimePoint::duration>(*at);
                }
            }
        }
        day += date::days{1};
    }
    return std::nullopt;
}

}  // namespace

Result<CronSpec> ParseCron(std::string_view text) {
    if (text.size() > kMaxCronChars) {
        return FailField("cron", "must be at most " + std::to_string(kMaxCronChars) + " characters");
    }
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x7f || (u < 0x20 && c != '\t')) return FailField("cron", "must be printable ASCII text");
    }
    std::size_t b = 0;
    std::size_t e = text.size();
    while (b < e && IsSpace(text[b])) ++b;
    while (e > b && IsSpace(text[e - 1])) --e;
    text = text.substr(b, e - b);
    if (text.empty()) return FailField("cron", "is required");
    if (text.front() == '@') {
        for (const Macro& m : kMacros) {
            if (IEqualsAscii(text, m.name)) return ParseFields(m.expansion);
        }
        return FailField("cron", "unknown macro " + Quote(text) +
                                     " (use @hourly, @daily, @weekly, @monthly or @yearly)");
    }
    return ParseFields(text);
}

Status ValidateTimeZone(std::string_view tz) {
    if (tz.empty()) return FailField("timezone", "is required (an IANA time zone such as UTC or Europe/Paris)");
    if (tz.size() > kMaxTimeZoneChars) {
        return FailField("timezone", "must be at most " + std::to_string(kMaxTimeZoneChars) + " characters");
    }
    if (tz == "UTC" || FindZone(tz) != nullptr) return Ok();
    return FailField("timezone", "is not a known IANA time zone (names are case-sensitive, such as Europe/Paris)");
}

bool DayMatches(const CronSpec& spec, unsigned month, unsigned day, unsigned weekday) {
    if (month > 12 || day > 31 || weekday > 6 || !spec.months[month]) return false;
    const bool dom = spec.days_of_month[day];
    const bool dow = spec.days_of_week[weekday];
    // Vixie cron: a '*'-led field does not restrict, and then both must hold; two restricted fields are ORed.
    return (spec.dom_star || spec.dow_star) ? (dom && dow) : (dom || dow);
}

std::optional<TimePoint> NextRun(const CronSpec& spec, const std::string& tz, TimePoint after) {
    const date::time_zone* zone = nullptr;
    if (tz != "UTC") {
        zone = FindZone(tz);
        if (zone == nullptr) return std::nullopt;
    }
    try {
        return Search(spec, zone, after);
    } catch (const std::exception&) {
        return std::nullopt;  // a zone file that could not be read
    }
}

}  // namespace palisade::scans

// SPDX-License-Identifier: Apache-2.0
#include "core/time.hpp"

#include <cstdio>
#include <ctime>

namespace palisade {

std::string FormatTime(TimePoint t) {
    using namespace std::chrono;
    const auto ms_total = duration_cast<milliseconds>(t.time_since_epoch()).count();
    std::int64_t secs = ms_total / 1000;
    std::int64_t ms = ms_total % 1000;
    if (ms < 0) {
        ms += 1000;
        secs -= 1;
    }
    const std::time_t tt = static_cast<std::time_t>(secs);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
    return buf;
}

Result<TimePoint> ParseTime(std::string_view text) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, ms = 0;
    const std::string str(text);
    int consumed = 0;
    if (std::sscanf(str.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &s, &consumed) != 6) {
        return Fail(ErrorCode::kInvalidArgument, "not an RFC 3339 UTC time");
    }
    std::string_view rest = text.substr(static_cast<std::size_t>(consumed));
    if (!rest.empty() && rest.front() == '.') {
        rest.remove_prefix(1);
        int digits = 0;
        while (!rest.empty() && rest.front() >= '0' && rest.front() <= '9') {
            if (digits < 3) ms = ms * 10 + (rest.front() - '0');
            ++digits;
            rest.remove_prefix(1);
        }
        if (digits == 0) return Fail(ErrorCode::kInvalidArgument, "not an RFC 3339 UTC time");
        for (int i = digits; i < 3; ++i) ms *= 10;
    }
    if (rest != "Z" || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) {
        return Fail(ErrorCode::kInvalidArgument, "not an RFC 3339 UTC time");
    }
    std::tm tm{};
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = s;
    const std::time_t secs = timegm(&tm);
    return TimePoint(std::chrono::seconds(secs)) + std::chrono::milliseconds(ms);
}

std::int64_t ToUnixSeconds(TimePoint t) {
    return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

TimePoint FromUnixSeconds(std::int64_t s) { return TimePoint(std::chrono::seconds(s)); }

}  // namespace palisade

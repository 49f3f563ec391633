// SPDX-License-Identifier: Apache-2.0
#include "scans/cron.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <random>
#include <string>

#include "core/time.hpp"

namespace palisade::scans {
namespace {

using std::chrono::minutes;

TimePoint At(const std::string& text) {
    auto t = ParseTime(text);
    EXPECT_TRUE(t.has_value()) << text;
    return t.value_or(TimePoint{});
}

CronSpec Spec(const std::string& text) {
    auto spec = ParseCron(text);
    EXPECT_TRUE(spec.has_value()) << text << ": " << (spec ? "" : spec.error().message);
    return spec.value_or(CronSpec{});
}

// The next run as UTC text ("" when there is none).
std::string Next(const std::string& cron, const std::string& tz, const std::string& after) {
    auto next = NextRun(Spec(cron), tz, At(after));
    return next ? FormatTime(*next) : "";
}

// The message of the parse error of `text` (fails the test when it parses).
std::string ParseError(const std::string& text) {
    auto spec = ParseCron(text);
    EXPECT_FALSE(spec.has_value()) << text;
    if (spec) return "";
    EXPECT_EQ(spec.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(spec.error().field, "cron");
    return spec.error().message;
}

bool StartsWith(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

TEST(ParseCron, ReadsListsRangesStepsAndNames) {
    CronSpec s = Spec("*/15 1-5/2 1,15,31 jan-MAR,Dec mon-FRI");
    EXPECT_EQ(s.minutes.count(), 4u);
    EXPECT_TRUE(s.minutes[0] && s.minutes[15] && s.minutes[30] && s.minutes[45]);
    EXPECT_EQ(s.hours.count(), 3u);
    EXPECT_TRUE(s.hours[1] && s.hours[3] && s.hours[5]);
    EXPECT_TRUE(s.days_of_month[1] && s.days_of_month[15] && s.days_of_month[31]);
    EXPECT_EQ(s.days_of_month.count(), 3u);
    EXPECT_TRUE(s.months[1] && s.months[2] && s.months[3] && s.months[12]);
    EXPECT_EQ(s.months.count(), 4u);
    EXPECT_EQ(s.days_of_week.count(), 5u);
    EXPECT_FALSE(s.days_of_week[0] || s.days_of_week[6]);
    EXPECT_FALSE(s.dom_star || s.dow_star);

    CronSpec t = Spec("  5/20\t0 * * *  ");
    EXPECT_EQ(t.minutes.count(), 3u);
    EXPECT_TRUE(t.minutes[5] && t.minutes[25] && t.minutes[45]);
    EXPECT_TRUE(t.dom_star && t.dow_star);
}

TEST(ParseCron, TreatsZeroAndSevenAsSunday) {
    EXPECT_EQ(Spec("0 0 * * 7").days_of_week, Spec("0 0 * * 0").days_of_week);
    EXPECT_EQ(Spec("0 0 * * SUN").days_of_week, Spec("0 0 * * 7").days_of_week);
    CronSpec weekend = Spec("0 0 * * 6-7");
    EXPECT_TRUE(weekend.days_of_week[6] && weekend.days_of_week[0]);
    EXPECT_EQ(weekend.days_of_week.count(), 2u);
    EXPECT_EQ(Spec("0 0 * * *").days_of_week.count(), 7u);
}

TEST(ParseCron, ExpandsMacros) {
    auto same = [](const std::string& macro, const std::string& fields) {
        CronSpec a = Spec(macro);
        CronSpec b = Spec(fields);
        EXPECT_EQ(a.minutes, b.minutes) << macro;
        EXPECT_EQ(a.hours, b.hours) << macro;
        EXPECT_EQ(a.days_of_month, b.days_of_month) << macro;
        EXPECT_EQ(a.months, b.months) << macro;
        EXPECT_EQ(a.days_of_week, b.days_of_week) << macro;
        EXPECT_EQ(a.dom_star, b.dom_star) << macro;
        EXPECT_EQ(a.dow_star, b.dow_star) << macro;
    };
    same("@hourly", "0 * * * *");
    same("@daily", "0 0 * * *");
    same("@MIDNIGHT", "0 0 * * *");
    same("@weekly", "0 0 * * 0");
    same("@monthly", "0 0 1 * *");
    same("@yearly", "0 0 1 1 *");
    same("@Annually", "0 0 1 1 *");
}

TEST(ParseCron, NamesTheFieldAtFault) {
    EXPECT_EQ(ParseError("61 * * * *"), "minute field: \"61\" is out of range 0-59");
    EXPECT_EQ(ParseError("* 24 * * *"), "hour field: \"24\" is out of range 0-23");
    EXPECT_EQ(ParseError("* * 0 * *"), "day-of-month field: \"0\" is out of range 1-31");
    EXPECT_EQ(ParseError("* * * 13 *"), "month field: \"13\" is out of range 1-12");
    EXPECT_EQ(ParseError("* * * * 8"), "day-of-week field: \"8\" is out of range 0-7");
    EXPECT_EQ(ParseError("* * * FOO *"), "month field: unknown name \"FOO\"");
    EXPECT_EQ(ParseError("* * * * FUN"), "day-of-week field: unknown name \"FUN\"");
    EXPECT_EQ(ParseError("MON * * * *"), "minute field: \"MON\" is not a number");
    EXPECT_EQ(ParseError("1x * * * *"), "minute field: \"1x\" is not a number");
    EXPECT_EQ(ParseError("99999999999999999999 * * * *"),
              "minute field: \"99999999999999999999\" is out of range 0-59");
    EXPECT_TRUE(StartsWith(ParseError("*/0 * * * *"), "minute field: step \"0\" must be a number from 1 to 60"));
    EXPECT_TRUE(StartsWith(ParseError("* */25 * * *"), "hour field: step \"25\""));
    EXPECT_TRUE(StartsWith(ParseError("* * * * 5-1"), "day-of-week field: range \"5-1\" must go upwards"));
    EXPECT_TRUE(StartsWith(ParseError("* * * * SAT-SUN"), "day-of-week field: range"));
    EXPECT_EQ(ParseError("1,,2 * * * *"), "minute field: empty list entry");
    EXPECT_EQ(ParseError("* 1- * * *"), "hour field: a range bound is missing");
    EXPECT_EQ(ParseError("* * * *"), "expected 5 fields (minute hour day-of-month month day-of-week), got 4");
    EXPECT_EQ(ParseError("* * * * * *"), "expected 5 fields (minute hour day-of-month month day-of-week), got more");
    EXPECT_EQ(ParseError("   "), "is required");
    EXPECT_TRUE(StartsWith(ParseError("@reboot"), "unknown macro \"@reboot\""));
    EXPECT_EQ(ParseError("0 0 31 2 *"), "day-of-month field: no chosen day exists in the chosen months");
    EXPECT_EQ(ParseError("0 0 31 4,6,9,11 *"), "day-of-month field: no chosen day exists in the chosen months");
    EXPECT_EQ(ParseError("0 0 * * *\n"), "must be printable ASCII text");
    EXPECT_EQ(ParseError("0 0 * * \xc3\xa9"), "must be printable ASCII text");
    EXPECT_TRUE(StartsWith(ParseError(std::string(300, '*')), "must be at most 200 characters"));
}

TEST(ParseCron, AcceptsDaysThatExistOnlySometimes) {
    EXPECT_TRUE(ParseCron("0 0 29 2 *").has_value());   // leap years
    EXPECT_TRUE(ParseCron("0 0 31 2 1").has_value());   // restricted weekday: any Monday of February
    EXPECT_TRUE(ParseCron("0 0 30,31 2,3 *").has_value());
}

TEST(ParseCron, IsSafeOnArbitraryInput) {
    // A deterministic storm of inputs drawn from cron's own alphabet: every one parses or fails cleanly.
    const std::string alphabet = "0123456789*/-, \tJANFEBMONSUNxyz@#";
    std::mt19937 rng(12345);
    for (int i = 0; i < 20000; ++i) {
        std::string text;
        const int n = static_cast<int>(rng() % 40);
        for (int k = 0; k < n; ++k) text += alphabet[rng() % alphabet.size()];
        auto spec = ParseCron(text);
        if (spec) {
            EXPECT_TRUE(spec->minutes.any() && spec->hours.any() && spec->months.any()) << text;
        } else {
            EXPECT_EQ(spec.error().field, "cron");
            EXPECT_FALSE(spec.error().message.empty());
        }
    }
}

TEST(ValidateTimeZone, AcceptsIanaNamesOnly) {
    EXPECT_TRUE(ValidateTimeZone("UTC").has_value());
    EXPECT_TRUE(ValidateTimeZone("Europe/Paris").has_value());
    EXPECT_TRUE(ValidateTimeZone("America/New_York").has_value());
    for (const char* bad : {"", "europe/paris", "Mars/Olympus", "../../etc/passwd", "Europe/Paris\n"}) {
        auto s = ValidateTimeZone(bad);
        ASSERT_FALSE(s.has_value()) << bad;
        EXPECT_EQ(s.error().field, "timezone");
    }
    EXPECT_FALSE(ValidateTimeZone(std::string(100, 'A')).has_value());
    EXPECT_FALSE(NextRun(Spec("* * * * *"), "Mars/Olympus", At("2026-01-01T00:00:00Z")).has_value());
}

TEST(NextRun, IsStrictlyAfter) {
    EXPECT_EQ(Next("0 * * * *", "UTC", "2026-01-01T10:00:00Z"), "2026-01-01T11:00:00.000Z");
    EXPECT_EQ(Next("0 * * * *", "UTC", "2026-01-01T09:59:59.999Z"), "2026-01-01T10:00:00.000Z");
    EXPECT_EQ(Next("* * * * *", "UTC", "2026-01-01T10:00:00.500Z"), "2026-01-01T10:01:00.000Z");
}

TEST(NextRun, CrossesMonthAndYearEnds) {
    EXPECT_EQ(Next("0 0 31 * *", "UTC", "2026-01-31T00:00:00Z"), "2026-03-31T00:00:00.000Z");
    EXPECT_EQ(Next("0 0 1 * *", "UTC", "2026-12-15T08:00:00Z"), "2027-01-01T00:00:00.000Z");
    EXPECT_EQ(Next("59 23 31 12 *", "UTC", "2026-12-31T23:59:00Z"), "2027-12-31T23:59:00.000Z");
    EXPECT_EQ(Next("0 0 30 * *", "UTC", "2026-01-30T12:00:00Z"), "2026-03-30T00:00:00.000Z");
}

TEST(NextRun, FindsFebruary29InLeapYears) {
    EXPECT_EQ(Next("0 0 29 2 *", "UTC", "2026-01-01T00:00:00Z"), "2028-02-29T00:00:00.000Z");
    EXPECT_EQ(Next("0 0 29 2 *", "UTC", "2028-02-29T00:00:00Z"), "2032-02-29T00:00:00.000Z");
    EXPECT_EQ(Next("0 0 29 2 *", "UTC", "2096-03-01T00:00:00Z"), "2104-02-29T00:00:00.000Z");  // 2100 is not leap
    // February 29 that is also a Sunday ('*/7' is Sunday and '*'-led, so both fields must match): 40 years apart.
    EXPECT_EQ(Next("0 0 29 2 */7", "UTC", "2026-01-01T00:00:00Z"), "2032-02-29T00:00:00.000Z");
    EXPECT_EQ(Next("0 0 29 2 */7", "UTC", "2088-03-01T00:00:00Z"), "2128-02-29T00:00:00.000Z");
}

TEST(NextRun, OrsRestrictedDayOfMonthAndDayOfWeek) {
    // The 10th or any Friday (2026-02-01 is a Sunday).
    EXPECT_EQ(Next("0 0 10 * 5", "UTC", "2026-02-01T00:00:00Z"), "2026-02-06T00:00:00.000Z");
    EXPECT_EQ(Next("0 0 10 * 5", "UTC", "2026-02-06T00:00:00Z"), "2026-02-10T00:00:00.000Z");
    EXPECT_EQ(Next("0 0 10 * 5", "UTC", "2026-02-10T00:00:00Z"), "2026-02-13T00:00:00.000Z");
    // A '*'-led day-of-month field is unrestricted for the rule (Vixie): odd days that are Mondays.
    EXPECT_EQ(Next("0 0 */2 * 1", "UTC", "2026-02-01T00:00:00Z"), "2026-02-09T00:00:00.000Z");
    // The same days written as a range restrict: odd days or Mondays.
    EXPECT_EQ(Next("0 0 1-31/2 * 1", "UTC", "2026-02-01T00:00:00Z"), "2026-02-02T00:00:00.000Z");
    // Only one restricted: it alone decides.
    EXPECT_EQ(Next("0 0 * * 5", "UTC", "2026-02-01T00:00:00Z"), "2026-02-06T00:00:00.000Z");
    EXPECT_EQ(Next("0 0 10 * *", "UTC", "2026-02-01T00:00:00Z"), "2026-02-10T00:00:00.000Z");
}

TEST(NextRun, StepsAndNames) {
    EXPECT_EQ(Next("*/15 * * * *", "UTC", "2026-01-01T10:07:00Z"), "2026-01-01T10:15:00.000Z");
    EXPECT_EQ(Next("*/15 * * * *", "UTC", "2026-01-01T10:45:00Z"), "2026-01-01T11:00:00.000Z");
    EXPECT_EQ(Next("0 9-17/4 * * *", "UTC", "2026-01-01T09:00:00Z"), "2026-01-01T13:00:00.000Z");
    EXPECT_EQ(Next("0 9-17/4 * * *", "UTC", "2026-01-01T17:00:00Z"), "2026-01-02T09:00:00.000Z");
    // 2026-01-30 is a Friday: after its 09:00, the next weekday 08:00 is Monday.
    EXPECT_EQ(Next("0 8 * * MON-FRI", "UTC", "2026-01-30T09:00:00Z"), "2026-02-02T08:00:00.000Z");
    EXPECT_EQ(Next("0 0 1 jan,JUL *", "UTC", "2026-01-01T00:00:00Z"), "2026-07-01T00:00:00.000Z");
}

TEST(NextRun, Macros) {
    const std::string after = "2026-02-04T10:30:00Z";  // a Wednesday
    EXPECT_EQ(Next("@hourly", "UTC", after), "2026-02-04T11:00:00.000Z");
    EXPECT_EQ(Next("@daily", "UTC", after), "2026-02-05T00:00:00.000Z");
    EXPECT_EQ(Next("@weekly", "UTC", after), "2026-02-08T00:00:00.000Z");
    EXPECT_EQ(Next("@monthly", "UTC", after), "2026-03-01T00:00:00.000Z");
    EXPECT_EQ(Next("@yearly", "UTC", after), "2027-01-01T00:00:00.000Z");
}

TEST(NextRun, ReadsFieldsInTheTimeZone) {
    // 09:00 in Paris is 08:00 UTC in winter and 07:00 UTC in summer.
    EXPECT_EQ(Next("0 9 * * *", "Europe/Paris", "2026-01-15T12:00:00Z"), "2026-01-16T08:00:00.000Z");
    EXPECT_EQ(Next("0 9 * * *", "Europe/Paris", "2026-07-15T12:00:00Z"), "2026-07-16T07:00:00.000Z");
    // Midnight of the 1st in New York is still the previous day in UTC.
    EXPECT_EQ(Next("0 0 1 * *", "America/New_York", "2026-01-15T00:00:00Z"), "2026-02-01T05:00:00.000Z");
}

TEST(NextRun, SkipsLocalTimesThatDoNotExist) {
    // Paris springs forward on 2026-03-29 at 02:00 (to 03:00): 02:30 does not exist that day.
    EXPECT_EQ(Next("30 2 * * *", "Europe/Paris", "2026-03-28T12:00:00Z"), "2026-03-30T00:30:00.000Z");
    // An hourly run goes from 01:00 CET to 03:00 CEST, one real hour later.
    EXPECT_EQ(Next("0 * * * *", "Europe/Paris", "2026-03-29T00:30:00Z"), "2026-03-29T01:00:00.000Z");
    // New York springs forward on 2026-03-08 at 02:00.
    EXPECT_EQ(Next("30 2 * * *", "America/New_York", "2026-03-07T12:00:00Z"), "2026-03-09T06:30:00.000Z");
    EXPECT_EQ(Next("*/30 * * * *", "America/New_York", "2026-03-08T06:45:00Z"), "2026-03-08T07:00:00.000Z");
}

TEST(NextRun, RunsRepeatedLocalTimesOnce) {
    // Paris falls back on 2026-10-25 at 03:00 CEST (to 02:00 CET): 02:30 happens twice and runs at the first.
    EXPECT_EQ(Next("30 2 * * *", "Europe/Paris", "2026-10-24T12:00:00Z"), "2026-10-25T00:30:00.000Z");
    EXPECT_EQ(Next("30 2 * * *", "Europe/Paris", "2026-10-25T00:30:00Z"), "2026-10-26T01:30:00.000Z");
    // Hourly: 02:00 CEST (00:00Z), then 03:00 CET (02:00Z); the second 02:00 (01:00Z) does not run.
    EXPECT_EQ(Next("0 * * * *", "Europe/Paris", "2026-10-25T00:00:00Z"), "2026-10-25T02:00:00.000Z");
    // New York falls back on 2026-11-01 at 02:00 EDT (to 01:00 EST).
    EXPECT_EQ(Next("30 1 * * *", "America/New_York", "2026-10-31T12:00:00Z"), "2026-11-01T05:30:00.000Z");
    EXPECT_EQ(Next("30 1 * * *", "America/New_York", "2026-11-01T05:30:00Z"), "2026-11-02T06:30:00.000Z");
    EXPECT_EQ(Next("*/15 * * * *", "America/New_York", "2026-11-01T05:45:00Z"), "2026-11-01T07:00:00.000Z");
}

TEST(NextRun, AgreesWithAMinuteByMinuteSearchInUtc) {
    const char* specs[] = {"*/7 */5 * * *", "0 0 10 * 5", "15 3 */3 * 1-5", "0 12 * FEB,AUG SUN", "@weekly",
                           "5,10 1-3 13 * *", "0 0 1-7 * 1"};
    const TimePoint start = At("2026-01-30T22:17:00Z");
    for (const char* text : specs) {
        CronSpec spec = Spec(text);
        auto next = NextRun(spec, "UTC", start);
        ASSERT_TRUE(next.has_value()) << text;
        // Every minute between start and next does not match; next does.
        auto matches = [&](TimePoint t) {
            const std::time_t tt = std::chrono::system_clock::to_time_t(t);
            std::tm tm{};
            gmtime_r(&tt, &tm);
            return DayMatches(spec, static_cast<unsigned>(tm.tm_mon + 1), static_cast<unsigned>(tm.tm_mday),
                              static_cast<unsigned>(tm.tm_wday)) &&
                   spec.hours[static_cast<std::size_t>(tm.tm_hour)] &&
                   spec.minutes[static_cast<std::size_t>(tm.tm_min)];
        };
        EXPECT_TRUE(matches(*next)) << text;
        for (TimePoint t = start + minutes(1); t < *next; t += minutes(1)) {
            ASSERT_FALSE(matches(t)) << text << " at " << FormatTime(t);
        }
    }
}

TEST(NextRun, HasNoRunPastTheHorizon) {
    EXPECT_FALSE(NextRun(Spec("* * * * *"), "UTC", At("2201-01-01T00:00:00Z")).has_value());
}

}  // namespace
}  // namespace palisade::scans

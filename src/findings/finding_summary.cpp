// SPDX-License-Identifier: Apache-2.0
// FindingService::Summary: the dashboard's counts, from three grouped queries.
#include <chrono>
#include <cstdio>

#include "core/time.hpp"
#include "findings/finding_service.hpp"
#include "findings/service_support.hpp"
#include "store/findings/finding_repository.hpp"
#include "store/store.hpp"

namespace palisade::findings {

namespace {

using std::chrono::days;
using std::chrono::sys_days;

// "YYYY-MM-DD" of a day.
std::string DayText(sys_days day) {
    const std::chrono::year_month_day ymd(day);
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return text;
}

// The day of a "YYYY-MM-DD..." text; nullopt when it is not one.
std::optional<sys_days> ParseDay(const std::string& text) {
    int y = 0;
    unsigned m = 0, d = 0;
    if (text.size() < 10 || std::sscanf(text.c_str(), "%4d-%2u-%2u", &y, &m, &d) != 3) return std::nullopt;
    const std::chrono::year_month_day ymd{std::chrono::year(y), std::chrono::month(m), std::chrono::day(d)};
    if (!ymd.ok()) return std::nullopt;
    return sys_days(ymd);
}

}  // namespace

Result<FindingSummary> FindingService::Summary(int weeks, const RequestContext& ctx) const {
    auto p = RequirePrincipal(ctx);
    if (!p) return tl::unexpected<Error>(p.error());
    if (weeks < 1 || weeks > kMaxSummaryWeeks) {
        Error e{ErrorCode::kInvalidArgument, "must be an integer between 1 and " + std::to_string(kMaxSummaryWeeks)};
        e.field = "weeks";
        return tl::unexpected<Error>(std::move(e));
    }
    const TimePoint now = clock_.Now();
    const sys_days today = std::chrono::floor<days>(now);
    const sys_days this_monday = today - (std::chrono::weekday(today) - std::chrono::Monday);
    const sys_days first_monday = this_monday - days(7 * (weeks - 1));
    const std::string since = FormatTime(first_monday);
    const std::string soon = FormatTime(now + days(kSlaDueSoonDays));
    return store_.Read([&](store::Tx& tx) -> Result<FindingSummary> {
        FindingSummary out;
        long long active = 0;
        for (const auto& row : store::findings::CountByStatusSeverity(tx, p->org_id)) {
            for (std::size_t i = 0; i < std::size(kSummaryStatuses); ++i) {
                if (row.status == kSummaryStatuses[i]) out.by_status[i] += row.count;
            }
            if ((row.status == "open" || row.status == "triaged") && row.severity_rank >= 0 && row.severity_rank < 5) {
                out.active_by_severity[static_cast<std::size_t>(row.severity_rank)] += row.count;
                active += row.count;
            }
        }
        const store::findings::SlaCounts sla = store::findings::CountSla(tx, p->org_id, soon);
        out.sla_breached = sla.breached;
        out.sla_due_soon = sla.due_soon;
        out.sla_on_track = sla.with_due - sla.breached - sla.due_soon;
        out.sla_none = active - sla.with_due;
        out.weeks.resize(static_cast<std::size_t>(weeks));
        for (int i = 0; i < weeks; ++i) out.weeks[static_cast<std::size_t>(i)].start = DayText(first_monday + days(7 * i));
        const auto add = [&](store::findings::DayColumn column, long long FindingSummary::Week::*field) {
            for (const auto& [text, count] : store::findings::CountByDay(tx, p->org_id, column, since)) {
                const auto day = ParseDay(text);
                if (!day || *day < first_monday) continue;
                const auto week = static_cast<std::size_t>((*day - first_monday).count() / 7);
                if (week < out.weeks.size()) out.weeks[week].*field += count;  // a future date lands nowhere
            }
        };
        add(store::findings::DayColumn::kFirstSeen, &FindingSummary::Week::opened);
        add(store::findings::DayColumn::kFixedAt, &FindingSummary::Week::fixed);
        return out;
    });
}

}  // namespace palisade::findings

// SPDX-License-Identifier: Apache-2.0
// Time-based blind SQL injection (web.sqli.time): DBMS delay functions, each confirmed by a second, longer delay
// and a zero-delay control against the baseline's own response times. Only run when CheckContext::time_based_sqli
// is set: every confirmed probe holds one of the site's workers for seconds.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "scan/modules/web/checks/active/active_checks.hpp"
#include "scan/modules/web/checks/active/active_internal.hpp"
#include "scan/modules/web/checks/active/similarity.hpp"

namespace palisade::scan::web::active {
namespace {

using std::chrono::milliseconds;

// A delay payload. "{V}" is the original value, "{N}" the delay argument, "{R}" a random number, "{A}" a random
// alias. `exact`: the delay is N seconds (sleep functions); otherwise it only grows with N (SQLite has no sleep:
// RANDOMBLOB(N x 25 MB) is hex-encoded and upper-cased, which takes time proportional to N, as sqlmap does).
struct DelayPayload {
    std::string_view dbms;
    std::string_view text;
    bool exact = true;
    bool numeric = false;  // only for integer original values
};

constexpr DelayPayload kPayloads[] = {
    {"MySQL/MariaDB SLEEP", "{V} AND (SELECT {R} FROM (SELECT(SLEEP({N}))){A})", true, true},
    {"MySQL/MariaDB SLEEP", "{V}' AND (SELECT {R} FROM (SELECT(SLEEP({N}))){A}) AND '{R}'='{R}", true, false},
    {"MySQL/MariaDB SLEEP", "{V}\" AND (SELECT {R} FROM (SELECT(SLEEP({N}))){A}) AND \"{R}\"=\"{R}", true, false},
    {"PostgreSQL pg_sleep", "{V} AND {R}=(SELECT {R} FROM PG_SLEEP({N}))", true, true},
    {"PostgreSQL pg_sleep", "{V}' AND {R}=(SELECT {R} FROM PG_SLEEP({N})) AND '{R}'='{R}", true, false},
    {"SQL Server WAITFOR DELAY", "{V}; WAITFOR DELAY '0:0:{N}'--", true, true},
    {"SQL Server WAITFOR DELAY", "{V}'; WAITFOR DELAY '0:0:{N}'--", true, false},
    {"Oracle DBMS_PIPE.RECEIVE_MESSAGE", "{V} AND {R}=DBMS_PIPE.RECEIVE_MESSAGE(CHR(80),{N})", true, true},
    {"Oracle DBMS_PIPE.RECEIVE_MESSAGE", "{V}' AND {R}=DBMS_PIPE.RECEIVE_MESSAGE(CHR(80),{N}) AND '{R}'='{R}", true,
     false},
    {"SQLite RANDOMBLOB", "{V} AND {R}=LIKE('ABCDEFG',UPPER(HEX(RANDOMBLOB({N}*25000000))))", false, true},
    {"SQLite RANDOMBLOB", "{V}' AND {R}=LIKE('ABCDEFG',UPPER(HEX(RANDOMBLOB({N}*25000000)))) AND '{R}'='{R}", false,
     false},
};

constexpr int kShortDelay = 2;  // seconds (exact) or units (proportional)
constexpr int kLongDelay = 4;
constexpr milliseconds kMaxBaseline{5000};  // slower pages cannot be timed reliably
constexpr milliseconds kMinProportionalDelay{500};

std::string Render(const DelayPayload& p, const std::string& value, int n, int r, const std::string& alias) {
    std::string out(p.text);
    out = ReplaceAll(out, "{V}", value);
    out = ReplaceAll(out, "{N}", std::to_string(n));
    out = ReplaceAll(out, "{R}", std::to_string(r));
    return ReplaceAll(out, "{A}", alias);
}

// The time the request took: the response's own duration, or the timeout when it timed out (the site is still
// answering: the timeout is the delay we asked for, capped). nullopt when stopped or on another error.
std::optional<milliseconds> Timed(CheckContext& ctx, http::Request request, milliseconds timeout) {
    if (ctx.cancel.Stopped()) return std::nullopt;
    request.timeout = timeout;
    auto response = ctx.client.Send(request);
    if (ctx.cancel.Stopped()) return std::nullopt;
    if (!response) {
        if (response.error().code == ErrorCode::kTimeout) return timeout;
        return std::nullopt;
    }
    return response->duration;
}

std::string Seconds(milliseconds d) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f s", static_cast<double>(d.count()) / 1000.0);
    return buf;
}

}  // namespace

bool IsIntegerText(std::string_view v) {
    if (!v.empty() && v.front() == '-') v.remove_prefix(1);
    return !v.empty() && v.size() <= 18 && std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
}

void CheckSqlTimeBased(CheckContext& ctx, const InjectionPoint& point, const std::string& where,
                       const std::string& detail) {
    const std::string& v = point.original();
    milliseconds timeout = kMaxBaseline + std::chrono::seconds(kLongDelay + 5);
    milliseconds base_max{0};
    for (int i = 0; i < 3; ++i) {
        auto d = Timed(ctx, BuildInjection(point, v), timeout);
        if (!d) return;
        base_max = std::max(base_max, *d);
    }
    if (base_max > kMaxBaseline) return;
    bool numeric = IsIntegerText(v);
    for (const DelayPayload& p : kPayloads) {
        if (p.numeric && !numeric) continue;
        int r = RandomInt(10, 9999);
        std::string alias = RandomAlnum(4);
        auto probe = [&](int n) { return Timed(ctx, BuildInjection(point, Render(p, v, n, r, alias)), timeout); };
        auto d1 = probe(kShortDelay);
        if (!d1) return;
        milliseconds extra1 = *d1 - base_max;
        if (p.exact ? extra1 < milliseconds(kShortDelay * 800) : extra1 < kMinProportionalDelay) continue;
        // Zero delay must be fast again (the site is not just slow right now), and the long delay must take
        // proportionally longer.
        auto d0 = probe(0);
        if (!d0) return;
        milliseconds extra0 = *d0 - base_max;
        if (p.exact ? extra0 >= milliseconds(kShortDelay * 400) : extra0 * 2 >= extra1) continue;
        auto d2 = probe(kLongDelay);
        if (!d2) return;
        milliseconds extra2 = *d2 - base_max;
        if (p.exact ? extra2 < milliseconds(kLongDelay * 800) : extra2 * 2 < extra1 * 3) continue;
        std::string unit = p.exact ? " s" : " units";
        std::string evidence = std::string(p.dbms) + " in " + where + ": baseline up to " + Seconds(base_max) +
                               "; delay " + std::to_string(kShortDelay) + unit + " took " + Seconds(*d1) +
                               ", delay 0 took " + Seconds(*d0) + ", delay " + std::to_string(kLongDelay) + unit +
                               " took " + Seconds(*d2) + "; payload " +
                               OneLine(Render(p, v, kShortDelay, r, alias), 100);
        ctx.report(MakeFinding(Check("web.sqli.time"), point.url, std::move(evidence), detail));
        return;
    }
}

}  // namespace palisade::scan::web::active

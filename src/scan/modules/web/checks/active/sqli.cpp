// SPDX-License-Identifier: Apache-2.0
// SQL injection, error-based and boolean-based (the time-based part is in sqli_time.cpp). The rules are those of
// docs/checks.md (web.sqli.error, web.sqli.boolean); the reasoning behind each guard is given where it is applied.
#include <algorithm>
#include <cstdio>
#include <memory>
#include <vector>

#include "scan/modules/web/checks/active/active_checks.hpp"
#include "scan/modules/web/checks/active/active_internal.hpp"
#include "scan/modules/web/checks/active/similarity.hpp"

namespace palisade::scan::web {
namespace {

using active::Check;
using active::ComparableText;
using active::SimilarityRatio;

// Error messages that only a database (or its driver) produces, one alternation per DBMS. Generic phrases that a
// page may carry in prose ("SQL syntax", "database error") are deliberately absent; and a signature also found in
// the unmodified response never counts.
struct DbmsErrors {
    std::string_view dbms;
    std::string_view pattern;
};

constexpr DbmsErrors kDbmsErrors[] = {
    {"SQLite",
     R"((SQLITE_ERROR|sqlite3\.OperationalError|SQLite3::(?:query|exec)\(\)|System\.Data\.SQLite\.SQLiteException|)"
     R"(org\.sqlite\.SQLiteException|SQLiteException|unrecognized token: "[^"\n]{0,80}"|)"
     R"(near "[^"\n]{0,80}": syntax error|\[SQLITE_ERROR\]|SQLITE_CANTOPEN))"},
    {"MySQL/MariaDB", R"((You have an error in your SQL syntax[^\n<]{0,120}|)"
                      R"(check the manual that (?:corresponds to|fits) your (?:MySQL|MariaDB) server version|)"
                      R"(com\.mysql\.jdbc\.exceptions|MySqlClient\.MySqlException|MySQLSyntaxErrorException|)"
                      R"(SQLSTATE\[42000\]: Syntax error or access violation: 1064|Warning: mysqli?_[a-z_]+\(\)|)"
                      R"(valid MySQL result|Unknown column '[^'\n]{0,80}' in '[^'\n]{0,40}'))"},
    {"PostgreSQL",
     R"((PG::SyntaxError|ERROR:\s+syntax error at or near "[^"\n]{0,80}"|ERROR:\s+syntax error at or near|)"
     R"(unterminated quoted string at or near "[^\n]{0,80}|unterminated quoted identifier at or near|)"
     R"(org\.postgresql\.util\.PSQLException|psycopg2\.(?:errors\.)?[A-Za-z]*Error|Npgsql\.PostgresException|)"
     R"(pg_query\(\): Query failed|invalid input syntax for (?:type )?integer))"},
    {"Microsoft SQL Server",
     R"((Unclosed quotation mark after the character string[^\n<]{0,80}|Incorrect syntax near [^\n<]{0,60}|)"
     R"(\[Microsoft\]\[ODBC SQL Server Driver\]|\[Microsoft\]\[SQL Server Native Client|)"
     R"(System\.Data\.SqlClient\.SqlException|Microsoft\.Data\.SqlClient\.SqlException|)"
     R"(Microsoft OLE DB Provider for SQL Server|com\.microsoft\.sqlserver\.jdbc\.SQLServerException))"},
    {"Oracle",
     R"((ORA-0[0-9]{4}: [^\n<]{0,80}|quoted string not properly terminated|oracle\.jdbc\.[A-Za-z.]*Exception|)"
     R"(Oracle\.DataAccess\.Client\.OracleException|Oracle\.ManagedDataAccess\.Client\.OracleException))"},
    {"SQL (framework)",
     R"((sqlalchemy\.exc\.[A-Za-z]*Error|django\.db\.utils\.[A-Za-z]*Error|ActiveRecord::StatementInvalid|)"
     R"(org\.hibernate\.exception\.SQLGrammarException|SequelizeDatabaseError|)"
     R"(PDOException: SQLSTATE\[[0-9A-Z]{5}\]|SQLSTATE\[[0-9A-Z]{5}\]: Syntax error))"},
};

struct CompiledDbms {
    std::string_view dbms;
    std::unique_ptr<re2::RE2> re;
};

const std::vector<CompiledDbms>& DbmsSignatures() {
    static const std::vector<CompiledDbms> compiled = [] {
        std::vector<CompiledDbms> out;
        for (const auto& d : kDbmsErrors) out.push_back({d.dbms, active::CompileSignature(d.pattern)});
        return out;
    }();
    return compiled;
}

// The text with the character references an error page typically escapes decoded (&quot; &#39; &#x27; &apos;
// &lt; &gt; &amp;): applications often HTML-escape the database's message, quotes included.
std::string DecodeCommonEntities(std::string_view text) {
    static constexpr std::pair<std::string_view, char> kEntities[] = {
        {"&quot;", '"'}, {"&#34;", '"'}, {"&#x22;", '"'}, {"&#39;", '\''}, {"&#x27;", '\''}, {"&apos;", '\''},
        {"&lt;", '<'},   {"&gt;", '>'},  {"&amp;", '&'}};
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        bool replaced = false;
        if (text[i] == '&') {
            for (const auto& [entity, c] : kEntities) {
                if (text.substr(i, entity.size()) == entity) {
                    out += c;
                    i += entity.size() - 1;
                    replaced = true;
                    break;
                }
            }
        }
        if (!replaced) out += text[i];
    }
    return out;
}

// Error-based: true when reported.
bool CheckErrorBased(CheckContext& ctx, const InjectionPoint& point, const http::Response& baseline) {
    const std::string& v = point.original();
    // Quote breakers for string contexts ('"( leaves an odd number of both quotes and an open parenthesis), the
    // same behind 0xBF (a lone GBK lead byte swallows an escaping backslash), and an unbalanced ')' for numeric
    // contexts where quotes are stripped. None of them can form a complete statement.
    const std::string payloads[] = {v + "'\"(", v + ")", v + "\xbf'\"("};
    const std::string baseline_text = DecodeCommonEntities(baseline.body);
    for (const std::string& payload : payloads) {
        auto response = active::Send(ctx, BuildInjection(point, payload));
        if (!response) return false;
        const std::string body = DecodeCommonEntities(response->body);
        for (const auto& sig : DbmsSignatures()) {
            auto match = active::FirstMatch(*sig.re, body);
            if (!match) continue;
            if (active::FirstMatch(*sig.re, baseline_text)) continue;  // the page always says so: not our doing
            std::string evidence = "DBMS: " + std::string(sig.dbms) + "; error: " + active::OneLine(*match) + "; " +
                                   active::PointWhere(point) + " = " + active::OneLine(payload, 60) + " (status " +
                                   std::to_string(response->status) + ")";
            ctx.report(
                MakeFinding(Check("web.sqli.error"), point.url, std::move(evidence), active::PointDetail(point)));
            return true;
        }
    }
    return false;
}

// What a differential probe keeps of a response.
struct Probe {
    int status = 0;
    std::string text;
};

std::optional<Probe> Fetch(CheckContext& ctx, const InjectionPoint& point, const std::string& value) {
    auto response = active::Send(ctx, BuildInjection(point, value));
    if (!response) return std::nullopt;
    return Probe{response->status, ComparableText(response->body, value, point.original())};
}

bool Unusable(int status) { return status == 429 || status == 503 || status == 0; }

// Comparison against the baseline with a tolerance derived from the baseline's own noise (see docs): `tol` is
// max(2 x (1 - similarity of the two baseline fetches), 0.005). A probe *matches* when the status is the same and
// the similarity is at least 1 - tol; it *differs* when the status differs or the similarity is below 1 - 2 x tol.
// Between the two bands it is neither, which makes the family inconclusive.
struct Comparator {
    Probe base;
    double tol = 0.005;

    double Ratio(const Probe& p) const { return SimilarityRatio(p.text, base.text); }
    bool Matches(const Probe& p) const { return p.status == base.status && Ratio(p) >= 1.0 - tol; }
    bool Differs(const Probe& p) const {
        if (Unusable(p.status)) return false;
        return p.status != base.status || Ratio(p) < 1.0 - 2.0 * tol;
    }
};

std::string Fixed2(double value) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.2f", value);
    return buf;
}

// One payload family: how a condition "x = y" is appended to the original value.
struct Family {
    std::string_view name;
    std::string_view quote;  // "" for numeric contexts
};

// The condition x = y appended to the original value. The quoted families leave the closing quote to the
// application's own one: x' AND '7'='7 becomes 'x' AND '7'='7'.
std::string Condition(const std::string& original, std::string_view quote, int x, int y) {
    std::string q(quote);
    return original + q + " AND " + q + std::to_string(x) + q + "=" + q + std::to_string(y);
}

// Runs one family; returns the evidence when every rule holds.
std::optional<std::string> RunFamily(CheckContext& ctx, const InjectionPoint& point, const Comparator& cmp,
                                     const Family& family) {
    const std::string& v = point.original();
    std::vector<int> used;
    auto fresh = [&used] {
        int n = 0;
        do {
            n = active::RandomInt(10, 99999);
        } while (std::find(used.begin(), used.end(), n) != used.end());
        used.push_back(n);
        return n;
    };
    std::vector<Probe> falses;
    std::string evidence;
    for (int pair = 0; pair < 2; ++pair) {
        int a = fresh();
        int b = fresh();
        std::string t = Condition(v, family.quote, a, a);
        std::string f = Condition(v, family.quote, a, b);
        auto true_probe = Fetch(ctx, point, t);
        if (!true_probe || !cmp.Matches(*true_probe)) return std::nullopt;
        auto false_probe = Fetch(ctx, point, f);
        if (!false_probe || !cmp.Differs(*false_probe)) return std::nullopt;
        if (pair == 0) {
            evidence = "TRUE " + active::OneLine(t, 60) + " matched the original page (similarity " +
                       Fixed2(cmp.Ratio(*true_probe)) + "); FALSE " + active::OneLine(f, 60) +
                       " differed (similarity " + Fixed2(cmp.Ratio(*false_probe)) + ", status " +
                       std::to_string(false_probe->status) + ")";
        }
        falses.push_back(std::move(*false_probe));
    }
    // The two FALSE answers must be the same page: a false condition gives the same "no row" page whatever the
    // numbers, while noise or a value-dependent page does not.
    Comparator false_cmp{falses[0], cmp.tol};
    if (!false_cmp.Matches(falses[1])) return std::nullopt;
    // The original value asked again must still give the baseline: the difference was not drift, a session change
    // or throttling that began during the probes.
    auto again = Fetch(ctx, point, v);
    if (!again || !cmp.Matches(*again)) return std::nullopt;
    return evidence + "; " + std::string(family.name) + " context; two pairs, consistent";
}

// Boolean-based: true when reported.
bool CheckBooleanBased(CheckContext& ctx, const InjectionPoint& point, const http::Response& first) {
    Probe b1{first.status, ComparableText(first.body, point.original(), point.original())};
    auto b2 = Fetch(ctx, point, point.original());
    if (!b2) return false;
    // A baseline that is an error, throttled, or changes between two fetches cannot tell true from false.
    if (b1.status != b2->status || b1.status >= 500 || Unusable(b1.status)) return false;
    double stability = SimilarityRatio(b1.text, b2->text);
    if (stability < 0.95) return false;
    Comparator cmp{std::move(b1), std::max(2.0 * (1.0 - stability), 0.005)};

    static constexpr Family kNumeric{"numeric", ""};
    static constexpr Family kSingle{"single-quoted string", "'"};
    static constexpr Family kDouble{"double-quoted string", "\""};
    std::vector<Family> families;
    if (active::IsIntegerText(point.original())) families.push_back(kNumeric);
    families.push_back(kSingle);
    families.push_back(kDouble);
    for (const Family& family : families) {
        if (ctx.cancel.Stopped()) return false;
        if (auto evidence = RunFamily(ctx, point, cmp, family)) {
            ctx.report(MakeFinding(Check("web.sqli.boolean"), point.url, active::PointWhere(point) + ": " + *evidence,
                                   active::PointDetail(point)));
            return true;
        }
    }
    return false;
}

}  // namespace

void CheckSqlInjection(CheckContext& ctx, const InjectionPoint& point) {
    if (point.index >= point.params.size()) return;
    auto baseline = active::Send(ctx, BuildInjection(point, point.original()));
    if (!baseline) return;
    // One finding per point, of the strongest kind: a proven error makes the slower probes pointless.
    if (CheckErrorBased(ctx, point, *baseline)) return;
    if (CheckBooleanBased(ctx, point, *baseline)) return;
    if (ctx.time_based_sqli)
        active::CheckSqlTimeBased(ctx, point, active::PointWhere(point), active::PointDetail(point));
}

}  // namespace palisade::scan::web

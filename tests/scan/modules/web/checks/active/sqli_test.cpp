// SPDX-License-Identifier: Apache-2.0
// SQL injection against a simulated backend: the "query" is built by string concatenation and evaluated by a tiny
// rule (a number or a quoted string, optionally followed by one AND condition); anything else is a syntax error,
// shown with the message of the chosen DBMS or hidden behind a generic page. Decoys: parameterised lookups,
// integer parsing that ignores the rest, pages that talk about SQL errors, unstable pages, drift, tarpits.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <re2/re2.h>

#include <map>
#include <optional>

#include "fake_site.hpp"
#include "scan/modules/web/checks/active/active_checks.hpp"

namespace palisade::scan::web {
namespace {

using namespace palisade::scan::web::testing;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

enum class Dbms { kSqlite, kMysql, kPostgres, kMssql, kOracle };
enum class SqlContext { kNumeric, kSingleQuoted };

const char* ErrorText(Dbms dbms) {
    switch (dbms) {
        case Dbms::kSqlite:
            return "sqlite3.OperationalError: unrecognized token: \"'\"";
        case Dbms::kMysql:
            return "You have an error in your SQL syntax; check the manual that corresponds to your MySQL server "
                   "version for the right syntax to use near ''\"(' at line 1";
        case Dbms::kPostgres:
            return "PG::SyntaxError: ERROR:  unterminated quoted string at or near \"'\"(\"";
        case Dbms::kMssql:
            return "Unclosed quotation mark after the character string '\"('.";
        case Dbms::kOracle:
            return "ORA-01756: quoted string not properly terminated";
    }
    return "";
}

struct SqlSite {
    Dbms dbms = Dbms::kMysql;
    SqlContext context = SqlContext::kNumeric;
    bool show_errors = true;

    // The rows of the table: id (numeric context) or name (string context) -> description.
    std::map<std::string, std::string> rows = {{"1", "Apple"}, {"2", "Banana"}, {"apple", "A red fruit"}};

    std::optional<std::string> Lookup(const std::string& key) const {
        auto it = rows.find(key);
        if (it == rows.end()) return std::nullopt;
        return it->second;
    }

    // nullopt: no row; "!": syntax error.
    std::optional<std::string> Evaluate(const std::string& value) const {
        std::string key, x, y;
        if (context == SqlContext::kNumeric) {
            if (RE2::FullMatch(value, R"((\d+))", &key)) return Lookup(key);
            if (RE2::FullMatch(value, R"((\d+) AND (\d+)=(\d+))", &key, &x, &y)) {
                return x == y ? Lookup(key) : std::nullopt;
            }
            return "!";
        }
        // 'value' : the application adds the quotes.
        if (value.find('\'') == std::string::npos) return Lookup(value);
        if (RE2::FullMatch(value, R"(([^']*)' AND '(\d+)'='(\d+))", &key, &x, &y)) {
            return x == y ? Lookup(key) : std::nullopt;
        }
        return "!";
    }

    http::Response Answer(const http::Request& request) const {
        auto result = Evaluate(Param(request, context == SqlContext::kNumeric ? "id" : "name"));
        if (result && *result == "!") {
            if (show_errors)
                return MakeResponse(
                    500, "<html><body><h1>Error</h1><pre>" + std::string(ErrorText(dbms)) + "</pre></body></html>");
            return MakeResponse(500, "<html><body><h1>Something went wrong</h1></body></html>");
        }
        if (!result) return HtmlPage("<p>No product found.</p>");
        return HtmlPage("<div class=product><h2>" + *result +
                        "</h2><p>Fresh from the farm, picked this morning, delivered to your door.</p></div>");
    }
};

FakeSite Site(SqlSite sql) {
    return FakeSite([sql](const http::Request& r) { return sql.Answer(r); });
}

InjectionPoint IdPoint() { return QueryPoint("http://shop.test/product", {{"id", "1"}, {"view", "full"}}); }
InjectionPoint NamePoint() { return QueryPoint("http://shop.test/search", {{"name", "apple"}}); }

class ErrorBased : public ::testing::TestWithParam<std::pair<Dbms, std::string>> {};

TEST_P(ErrorBased, ReportsTheDbmsErrorTheBreakerCauses) {
    auto [dbms, name] = GetParam();
    FakeSite site = Site({dbms, SqlContext::kSingleQuoted, true});
    Findings findings;
    CheckContext ctx = Context(site, findings);
    CheckSqlInjection(ctx, NamePoint());
    ASSERT_THAT(findings.Ids(), ::testing::ElementsAre("web.sqli.error"));
    const Finding* f = findings.Get("web.sqli.error");
    EXPECT_THAT(f->evidence, HasSubstr("DBMS: " + name));
    EXPECT_THAT(f->evidence, HasSubstr("parameter 'name'"));
    EXPECT_EQ(f->location, "http://shop.test/search");
    EXPECT_EQ(f->severity, Severity::kCritical);
}

INSTANTIATE_TEST_SUITE_P(AllDbms, ErrorBased,
                         ::testing::Values(std::pair{Dbms::kSqlite, std::string("SQLite")},
                                           std::pair{Dbms::kMysql, std::string("MySQL/MariaDB")},
                                           std::pair{Dbms::kPostgres, std::string("PostgreSQL")},
                                           std::pair{Dbms::kMssql, std::string("Microsoft SQL Server")},
                                           std::pair{Dbms::kOracle, std::string("Oracle")}));

TEST(SqlInjection, NumericContextErrorIsFoundInAPostBody) {
    FakeSite site([](const http::Request& r) {
        SqlSite sql{Dbms::kPostgres, SqlContext::kNumeric, true};
        return r.method == "POST" ? sql.Answer(r) : NotFound();
    });
    Findings findings;
    CheckContext ctx = Context(site, findings);
    CheckSqlInjection(ctx, BodyPoint("http://shop.test/cart", {{"id", "2"}, {"qty", "1"}}));
    EXPECT_THAT(findings.Ids(), ::testing::ElementsAre("web.sqli.error"));
}

TEST(SqlInjection, HtmlEscapedErrorMessageIsStillRecognised) {
    // The application escapes the database's message before showing it: quotes arrive as &quot; and &#39;.
    FakeSite site([](const http::Request& r) {
        std::string value = Param(r, "name");
        if (value.find('\'') == std::string::npos) return HtmlPage("<p>Results for " + value + "</p>");
        return HtmlPage("<p class=error>Database error: unrecognized token: &quot;&quot;(&#39; ORDER BY id&quot;</p>");
    });
    Findings findings;
    CheckContext ctx = Context(site, findings);
    CheckSqlInjection(ctx, NamePoint());
    ASSERT_THAT(findings.Ids(), ::testing::ElementsAre("web.sqli.error"));
    EXPECT_THAT(findings.Get("web.sqli.error")->evidence, HasSubstr("DBMS: SQLite"));
}

TEST(SqlInjection, ErrorTextAlreadyOnTheUnmodifiedPageIsNotFlagged) {
    // A parameterised FAQ page that talks about MySQL errors on every answer.
    FakeSite site([](const http::Request& r) {
        return HtmlPage(
            "<p>If you see 'You have an error in your SQL syntax; check the manual that corresponds to your "
            "MySQL server version' contact support.</p><p>Topic: " +
            Param(r, "topic") + "</p>");
    });
    Findings findings;
    CheckContext ctx = Context(site, findings);
    CheckSqlInjection(ctx, QueryPoint("http://shop.test/faq", {{"topic", "billing"}}));
    EXPECT_THAT(findings.Ids(), IsEmpty());
}

TEST(SqlInjection, BooleanNumericWhenErrorsAreHidden) {
    FakeSite site = Site({Dbms::kMysql, SqlContext::kNumeric, false});
    Findings findings;
    CheckContext ctx = Context(site, findings);
    CheckSqlInjection(ctx, IdPoint());
    ASSERT_THAT(findings.Ids(), ::testing::ElementsAre("web.sqli.boolean"));
    EXPECT_THAT(findings.Get("web.sqli.boolean")->evidence, HasSubstr("numeric context"));
    EXPECT_THAT(findings.Get("web.sqli.boolean")->evidence, HasSubstr("TRUE 1 AND "));
}

TEST(SqlInjection, BooleanStringWhenErrorsAreHidden) {
    FakeSite site = Site({Dbms::kSqlite, SqlContext::kSingleQuoted, false});
    Findings findings;
    CheckContext ctx = Context(site, findings);
    CheckSqlInjection(ctx, NamePoint());
    ASSERT_THAT(findings.Ids(), ::testing::ElementsAre("web.sqli.boolean"));
    EXPECT_THAT(findings.Get("web.sqli.boolean")->evidence, HasSubstr("single-quoted string context"));
}

TEST(SqlInjection, BooleanSeesThroughTheProbesOwnReflection) {
    FakeSite site([](const http::Request& r) {
        SqlSite sql{Dbms::kMysql, SqlContext::kNumeric, false};
        http::Response response = sql.Answer(r);
        response.body += "<p>You asked for product " + Param(r, "id") + "</p>";
        return response;
    });
    Findings findings;
    CheckContext ctx = Context(site, findings);
    CheckSqlInjection(ctx, IdPoint());
    EXPECT_THAT(findings.Ids(), ::testing::ElementsAre("web.sqli.boolean"));
}

TEST(SqlInjection, ParameterisedLookupIsNotFlagged) {
    // The value is a literal: "1 AND 5=5" is just another id that does not exist.
    FakeSite site([](const http::Request& r) {
        std::string id = Param(r, "id");
        if (id == "1") return HtmlPage("<div class=product><h2>Apple</h2><p>Fresh from the farm.</p></div>");
        return HtmlPage("<p>No product found.</p><p>You asked for " + id + "</p>");
    });
    Findings findings;
    CheckContext ctx = Context(site, findings);
    CheckSqlInjection(ctx, IdPoint());
    EXPECT_THAT(findings.Ids(), IsEmpty());
}

TEST(SqlInjection, IntegerParsingThatIgnoresTheRestIsNotFlagged) {
    FakeSite site([](const http::Request& r) {
        int id = std::atoi(Param(r, "id").c_str());
        if (id == 1) return HtmlPage("<div class=product><h2>Apple</h2><p>Fresh from the farm.</p></div>");
        return HtmlPage("<p>No product found.</p>");
    });
    Findings findings;
    CheckContext ctx = Context(site, findings);
    CheckSqlInjection(ctx, IdPoint());
    EXPECT_THAT(findings.Ids(), IsEmpty());
}

TEST(SqlInjection, UnstablePageIsNotFlagged) {
    // Vulnerable backend, but every answer carries different content (a rotating list of offers): no baseline.
    auto counter = std::make_shared<int>(0);
    FakeSite site([counter](const http::Request& r) {
        SqlSite sql{Dbms::kMysql, SqlContext::kNumeric, false};
        http::Response response = sql.Answer(r);
        int n = ++*counter;
        for (int i = 0; i < 20; ++i) response.body += " offer" + std::to_string(n * 100 + i);
        return response;
    });
    Findings findings;
    CheckContext ctx = Context(site, findings);
    CheckSqlInjection(ctx, IdPoint());
    EXPECT_THAT(findings.Ids(), Not(Contains("web.sqli.boolean")));
}

TEST(SqlInjection, PageThatChangesDuringTheProbesIsNotFlagged) {
    // Not injectable; from the 7th request on the site answers "session expired" to everything.
    auto counter = std::make_shared<int>(0);
    FakeSite site([counter](const http::Request& r) {
        if (++*counter >= 7) return HtmlPage("<p>Your session has expired. Please sign in again.</p>");
        std::string id = Param(r, "id");
        if (id.starts_with("1")) return HtmlPage("<div class=product><h2>Apple</h2><p>Fresh from the farm.</p></div>");
        return HtmlPage("<p>No product found.</p>");
    });
    Findings findings;
    CheckContext ctx = Context(site, findings);
    CheckSqlInjection(ctx, IdPoint());
    EXPECT_THAT(findings.Ids(), IsEmpty());
}

TEST(SqlInjection, FalsePagesThatDifferFromEachOtherAreNotFlagged) {
    // Not SQL: a validator that lists unequal numbers it sees in the value. Its "false" pages depend on the numbers.
    FakeSite site([](const http::Request& r) {
        std::string id = Param(r, "id");
        std::string x, y;
        std::string extra;
        if (RE2::PartialMatch(id, R"((\d+)=(\d+))", &x, &y) && x != y) {
            extra = "<p>Warning: " + x + " and " + y + " differ. Check values " + x + ", " + y + ".</p>";
        }
        return HtmlPage("<div class=product><h2>Apple</h2><p>Fresh.</p></div>" + extra);
    });
    Findings findings;
    CheckContext ctx = Context(site, findings);
    CheckSqlInjection(ctx, IdPoint());
    EXPECT_THAT(findings.Ids(), IsEmpty());
}

TEST(SqlInjection, DriftAfterTheProbesBlocksTheVerdict) {
    // Injectable, but from the 10th request on (the re-check of the original value in the numeric family) the site
    // throttles with a different page: the verdict cannot be trusted and nothing is reported.
    auto counter = std::make_shared<int>(0);
    FakeSite site([counter](const http::Request& r) {
        if (++*counter >= 10) return HtmlPage("<p>Slow down, please.</p>");
        return SqlSite{Dbms::kMysql, SqlContext::kNumeric, false}.Answer(r);
    });
    Findings findings;
    CheckContext ctx = Context(site, findings);
    CheckSqlInjection(ctx, IdPoint());
    EXPECT_THAT(findings.Ids(), IsEmpty());
    EXPECT_GE(site.count(), 10u);
}

// A blind backend that never shows the result (same page for every query) but executes delay functions.
http::Response BlindTimedAnswer(const http::Request& r, Dbms dbms) {
    std::string id = Param(r, "id");
    std::string n;
    http::Response response = HtmlPage("<p>Thank you, your request was recorded.</p>");
    if (dbms == Dbms::kMysql &&
        RE2::FullMatch(id, R"(1 AND \(SELECT \d+ FROM \(SELECT\(SLEEP\((\d+)\)\)\)\w+\))", &n)) {
        response.duration = std::chrono::milliseconds(40 + 1000 * std::stoi(n));
    }
    if (dbms == Dbms::kSqlite &&
        RE2::FullMatch(id, R"(1 AND \d+=LIKE\('ABCDEFG',UPPER\(HEX\(RANDOMBLOB\((\d+)\*25000000\)\)\)\))", &n)) {
        response.duration = std::chrono::milliseconds(40 + 400 * std::stoi(n));
    }
    return response;
}

TEST(SqlInjection, TimeBasedSleepIsConfirmedWithTwoDelaysAndAZeroControl) {
    FakeSite site([](const http::Request& r) { return BlindTimedAnswer(r, Dbms::kMysql); });
    Findings findings;
    CheckContext ctx = Context(site, findings);
    ctx.time_based_sqli = true;
    CheckSqlInjection(ctx, IdPoint());
    ASSERT_THAT(findings.Ids(), ::testing::ElementsAre("web.sqli.time"));
    EXPECT_THAT(findings.Get("web.sqli.time")->evidence, HasSubstr("MySQL/MariaDB SLEEP"));
    EXPECT_THAT(findings.Get("web.sqli.time")->evidence, HasSubstr("delay 4 s took 4.04 s"));
}

TEST(SqlInjection, TimeBasedRandomblobIsConfirmedByProportionalDelays) {
    FakeSite site([](const http::Request& r) { return BlindTimedAnswer(r, Dbms::kSqlite); });
    Findings findings;
    CheckContext ctx = Context(site, findings);
    ctx.time_based_sqli = true;
    CheckSqlInjection(ctx, IdPoint());
    ASSERT_THAT(findings.Ids(), ::testing::ElementsAre("web.sqli.time"));
    EXPECT_THAT(findings.Get("web.sqli.time")->evidence, HasSubstr("SQLite RANDOMBLOB"));
}

TEST(SqlInjection, TimeBasedIsOffUnlessEnabled) {
    FakeSite site([](const http::Request& r) { return BlindTimedAnswer(r, Dbms::kMysql); });
    Findings findings;
    CheckContext ctx = Context(site, findings);
    CheckSqlInjection(ctx, IdPoint());
    EXPECT_THAT(findings.Ids(), IsEmpty());
    for (const auto& r : site.requests()) EXPECT_THAT(r.url, Not(HasSubstr("SLEEP"))) << r.url;
}

TEST(SqlInjection, TarpitThatSlowsEverySuspiciousRequestIsNotFlagged) {
    // A WAF that holds any request mentioning SLEEP/WAITFOR for 3 s, whatever the argument.
    FakeSite site([](const http::Request& r) {
        http::Response response = HtmlPage("<p>Thank you.</p>");
        std::string id = Param(r, "id");
        if (id.find("SLEEP") != std::string::npos || id.find("WAITFOR") != std::string::npos) {
            response.duration = std::chrono::milliseconds(3000);
        }
        return response;
    });
    Findings findings;
    CheckContext ctx = Context(site, findings);
    ctx.time_based_sqli = true;
    CheckSqlInjection(ctx, IdPoint());
    EXPECT_THAT(findings.Ids(), IsEmpty());
}

TEST(SqlInjection, StoppedTokenSendsNothing) {
    FakeSite site = Site({Dbms::kMysql, SqlContext::kNumeric, true});
    Findings findings;
    StopSource stop;
    stop.RequestStop();
    CheckContext ctx = Context(site, findings, CancelToken(stop));
    ctx.time_based_sqli = true;
    CheckSqlInjection(ctx, IdPoint());
    EXPECT_EQ(site.count(), 0u);
    EXPECT_THAT(findings.Ids(), IsEmpty());
}

TEST(SqlInjection, StopsPromptlyWhenCancelledMidway) {
    StopSource stop;
    auto counter = std::make_shared<int>(0);
    FakeSite site([stop, counter](const http::Request& r) mutable {
        if (++*counter == 3) stop.RequestStop();
        return SqlSite{Dbms::kMysql, SqlContext::kNumeric, false}.Answer(r);
    });
    Findings findings;
    CheckContext ctx = Context(site, findings, CancelToken(stop));
    ctx.time_based_sqli = true;
    CheckSqlInjection(ctx, IdPoint());
    EXPECT_EQ(site.count(), 3u);
    EXPECT_THAT(findings.Ids(), IsEmpty());
}

}  // namespace
}  // namespace palisade::scan::web

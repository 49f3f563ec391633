// SPDX-License-Identifier: Apache-2.0
#include "scan/modules/web/checks/passive/body_signatures.hpp"

#include <memory>

#include <re2/re2.h>
#include <re2/set.h>

namespace palisade::scan::web::passive {
namespace {

using enum SignatureKind;

struct Signature {
    SignatureKind kind;
    std::string_view name;
    std::string_view pattern;  // RE2 syntax over Latin-1 bytes; HTML-escaped quotes are allowed where pages show them
};

// Each pattern names text that only the runtime, driver or server writes: a frame with a file and line, a driver's
// fixed message, a generated title. Quotes may be HTML-escaped (&quot; &#34; &#39;) because error pages escape them.
// clang-format off
constexpr Signature kSignatures[] = {
    // --- stack traces and debug pages ---
    {kStackTrace, "java",
     R"re((?:\b|\\t)at (?:[\w.$-]+/)?(?:[A-Za-z_$][\w$]*\.){2,}[\w$<>&;]+)re"
     R"re(\((?:[\w$]+\.(?:java|kt|scala|groovy):\d+|Native Method|Unknown Source)\))re"},
    {kStackTrace, "python",
     R"re(Traceback \(most recent call last\):(?:\s|\\[rnt]|<[^>]*>|&[#\w]{1,8};){0,40})re"
     R"re(File (?:\\?"|&quot;|&#34;|&#x22;)[^"&<\r\n\\]{1,300}(?:\\?"|&quot;|&#34;|&#x22;), line \d+)re"},
    {kStackTrace, "django_debug",
     R"re(seeing this error because you have <code>DEBUG = True</code>)re"},
    {kStackTrace, "werkzeug_debugger",
     R"re(<title>[^<\r\n]{0,200}// Werkzeug Debugger</title>)re"},
    {kStackTrace, "php",
     R"re((?:<b>)?(?:PHP )?(?:Fatal error|Parse error|Warning|Notice|Deprecated|Catchable fatal error)(?:</b>)?:)re"
     R"re(\s+[^\r\n]{1,600}? in (?:<b>)?(?:/|[A-Za-z]:\\)[^<\r\n]{0,300}?(?:</b>)? on line (?:<b>)?\d+)re"
     R"re(|\bthrown in (?:<b>)?(?:/|[A-Za-z]:\\)[^<\r\n]{0,300}?(?:</b>)? on line (?:<b>)?\d+)re"},
    {kStackTrace, "dotnet",
     R"re(Server Error in '[^'\r\n]{0,200}' Application)re"
     R"re(|(?:\b|\\t)at (?:[\w<>`\[\]]+\.){2,}[\w<>`\[\]]+)re"
     R"re(\([^)\r\n]{0,300}\) in [^\r\n<]{1,300}\.(?:cs|vb|fs):line \d+)re"
     R"re(|\bSystem\.(?:\w+\.)*\w*Exception: [^\r\n]{0,500}(?:\r?\n|<br\s*/?>)\s*at (?:[\w<>`]+\.){2,}[\w<>`]+\()re"},
    {kStackTrace, "node",
     R"re((?:\b|\\t)at (?:[\w$.<>&;\[\] ]{1,120} \()?)re"
     R"re((?:/|[A-Za-z]:\\|file:///)[^()\s:]{1,300}\.(?:js|mjs|cjs|ts|jsx|tsx):\d+:\d+\)?)re"
     R"re(|\bat (?:[\w$.<>&;\[\] ]{1,120} \()?node:internal/[\w/.-]{1,200}:\d+:\d+)re"},
    {kStackTrace, "ruby",
     R"re([\w./-]{1,300}\.rb:\d+:in (?:`|'|&#39;|&#x27;)[^'&\r\n]{1,200}(?:'|&#39;|&#x27;))re"
     R"re(|<title>Action Controller: Exception caught</title>)re"},
    {kStackTrace, "go",
     R"re(goroutine \d+ \[running\]:)re"},
    // --- database errors ---
    {kDatabaseError, "mysql",
     R"re(You have an error in your SQL syntax)re"
     R"re(|check the manual that (?:corresponds to|fits) your (?:MySQL|MariaDB) server version)re"
     R"re(|\bmysqli?_[a-z_]{2,40}\(\)(?::| expects parameter))re"
     R"re(|Uncaught mysqli_sql_exception)re"
     R"re(|com\.mysql\.(?:cj\.)?jdbc\.exceptions)re"
     R"re(|MySql\.Data\.MySqlClient\.MySqlException)re"
     R"re(|Unknown column '[^'\r\n]{1,100}' in '(?:field list|where clause|order clause|on clause)')re"},
    {kDatabaseError, "postgresql",
     R"re(ERROR:(?:\s|&nbsp;)+syntax error at or near)re"
     R"re(|\bpg_(?:query|exec|execute|prepare|send_query|fetch_[a-z]+|num_rows|connect)\(\)(?::| expects parameter))re"
     R"re(|org\.postgresql\.util\.PSQLException)re"
     R"re(|\bpsycopg2?\.(?:errors\.)?[A-Z]\w*(?:Error|Exception)\b)re"
     R"re(|\bPG::(?:SyntaxError|UndefinedColumn|UndefinedTable|InvalidTextRepresentation)\b)re"
     R"re(|unterminated quoted string at or near (?:"|&quot;))re"
     R"re(|invalid input syntax for (?:type )?\w+: (?:"|&quot;))re"
     R"re(|Npgsql\.PostgresException)re"},
    {kDatabaseError, "mssql",
     R"re(Unclosed quotation mark after the character string)re"
     R"re(|Microsoft OLE DB Provider for (?:SQL Server|ODBC Drivers))re"
     R"re(|\[Microsoft\]\[ODBC (?:SQL Server Driver|Driver \d+ for SQL Server)\])re"
     R"re(|\[SQL Server\](?:Incorrect syntax|Unclosed quotation|Invalid (?:column|object) name))re"
     R"re(|(?:System|Microsoft)\.Data\.SqlClient\.SqlException)re"
     R"re(|com\.microsoft\.sqlserver\.jdbc\.SQLServerException)re"
     R"re(|Incorrect syntax near (?:'|&#39;|&#x27;))re"
     R"re(|\bMsg \d+, Level \d+, State \d+, (?:Line|Procedure))re"},
    {kDatabaseError, "oracle",
     R"re(\bORA-\d{5}: |\bPLS-\d{5}: |quoted string not properly terminated|oracle\.jdbc\.driver\.\w+Exception)re"},
    {kDatabaseError, "sqlite",
     R"re(\bSQLITE_ERROR\b)re"
     R"re(|sqlite3\.OperationalError)re"
     R"re(|SQLite3::SQLException)re"
     R"re(|System\.Data\.SQLite\.SQLiteException)re"
     R"re(|org\.sqlite\.SQLiteException)re"
     R"re(|android\.database\.sqlite\.SQLiteException)re"
     R"re(|near (?:"|&quot;|&#34;)[^"&\r\n]{1,100}(?:"|&quot;|&#34;): syntax error)re"
     R"re(|unrecognized token: (?:"|&quot;|&#34;))re"},
    {kDatabaseError, "db2",
     R"re(DB2 SQL [Ee]rror|SQLCODE=-\d+, SQLSTATE=\w{5}|com\.ibm\.db2\.jcc\.am\.\w*Exception)re"},
    {kDatabaseError, "pdo",
     R"re(\bSQLSTATE\[[0-9A-Z]{5}\]: [A-Z][a-z]+)re"},
    {kDatabaseError, "jdbc",
     R"re(\bjava\.sql\.SQL(?:Syntax(?:Error)?|DataException|Integrity[A-Za-z]*|)Exception\b)re"
     R"re(|org\.hibernate\.exception\.\w+Exception)re"},
    // --- directory listings (HTML only) ---
    {kDirectoryListing, "index_of",  // Apache, nginx, lighttpd, LiteSpeed, http-server
     R"re((?i)<title>\s*Index of /|<h1>\s*Index of /)re"},
    {kDirectoryListing, "directory_listing_for",  // Python http.server, Tomcat
     R"re((?i)<title>\s*Directory listing for \[?/)re"},
    {kDirectoryListing, "iis",
     R"re(\[To Parent Directory\]|(?i:&lt;dir&gt;\s*<a href=))re"},
    {kDirectoryListing, "jetty",
     R"re((?i)<title>\s*Directory: /)re"},
    {kDirectoryListing, "serve_index",  // Node serve-index (Express)
     R"re((?i)<title>\s*listing directory /)re"},
};
// clang-format on

constexpr std::size_t kCount = std::size(kSignatures);

struct Compiled {
    std::unique_ptr<re2::RE2::Set> set;               // all patterns; null when it could not be built
    std::vector<std::unique_ptr<re2::RE2>> patterns;  // same order as kSignatures
};

re2::RE2::Options Options() {
    re2::RE2::Options options;
    options.set_encoding(re2::RE2::Options::EncodingLatin1);
    options.set_log_errors(false);
    options.set_max_mem(32 << 20);  // the DFA over 2 MiB bodies; RE2 falls back to the (linear) NFA beyond it
    return options;
}

Compiled Build() {
    Compiled out;
    auto set = std::make_unique<re2::RE2::Set>(Options(), re2::RE2::UNANCHORED);
    bool set_ok = true;
    for (const Signature& s : kSignatures) {
        out.patterns.push_back(std::make_unique<re2::RE2>(s.pattern, Options()));
        std::string error;
        if (set->Add(s.pattern, &error) < 0) set_ok = false;
    }
    if (set_ok && set->Compile()) out.set = std::move(set);
    return out;
}

const Compiled& Signatures() {
    static const Compiled compiled = Build();
    return compiled;
}

std::string Snippet(std::string_view body, std::string_view match) {
    std::size_t start = static_cast<std::size_t>(match.data() - body.data());
    std::size_t end = start + match.size();
    while (end < body.size() && end - start < kMaxSnippet && body[end] != '\n' && body[end] != '\r') ++end;
    return std::string(body.substr(start, std::min(end - start, kMaxSnippet)));
}

}  // namespace

std::vector<SignatureMatch> FindSignatures(std::string_view body, bool html) {
    const Compiled& compiled = Signatures();
    std::vector<bool> candidate(kCount, true);  // without a set every pattern is tried on its own
    if (compiled.set) {
        std::vector<int> hits;
        re2::RE2::Set::ErrorInfo info{};
        bool matched = compiled.set->Match(body, &hits, &info);
        if (matched || info.kind == re2::RE2::Set::kNoError) {
            candidate.assign(kCount, false);
            for (int hit : hits) candidate[static_cast<std::size_t>(hit)] = true;
        }
    }
    std::vector<SignatureMatch> out;
    for (std::size_t i = 0; i < kCount; ++i) {
        const Signature& s = kSignatures[i];
        if (!candidate[i] || (s.kind == kDirectoryListing && !html)) continue;
        const re2::RE2& re = *compiled.patterns[i];
        re2::StringPiece match;
        if (!re.ok() || !re.Match(body, 0, body.size(), re2::RE2::UNANCHORED, &match, 1)) continue;
        out.push_back({s.kind, s.name, Snippet(body, std::string_view(match.data(), match.size()))});
    }
    return out;
}

std::vector<std::string_view> SignatureNames(SignatureKind kind) {
    std::vector<std::string_view> out;
    for (const Signature& s : kSignatures) {
        if (s.kind == kind) out.push_back(s.name);
    }
    return out;
}

}  // namespace palisade::scan::web::passive

// SPDX-License-Identifier: Apache-2.0
// The one table of what VulnerableApp plants and which decoys sit beside it. Check ids are the scanner's; change
// them here only.
#include "support/webapp/vulnerable_app.hpp"

namespace palisade::testing {
namespace {

// Check ids.
constexpr const char* kXss = "web.xss.reflected";
constexpr const char* kSqliError = "web.sqli.error";
constexpr const char* kSqliBoolean = "web.sqli.boolean";
constexpr const char* kTraversal = "web.path_traversal";
constexpr const char* kOpenRedirect = "web.open_redirect";
constexpr const char* kCsrf = "web.csrf.missing_token";
constexpr const char* kCors = "web.cors.reflected_origin_with_credentials";
constexpr const char* kGit = "web.exposed.git";
constexpr const char* kEnv = "web.exposed.env";
constexpr const char* kSvn = "web.exposed.svn";
constexpr const char* kDsStore = "web.exposed.ds_store";
constexpr const char* kServerStatus = "web.exposed.server_status";
constexpr const char* kPhpinfo = "web.exposed.phpinfo";
constexpr const char* kBackup = "web.exposed.backup_file";
constexpr const char* kTrace = "web.http.trace";
constexpr const char* kPutDelete = "web.http.put_delete_allowed";
constexpr const char* kStackTrace = "web.disclosure.stack_trace";
constexpr const char* kDatabaseError = "web.disclosure.database_error";
constexpr const char* kDirectoryListing = "web.directory_listing";
constexpr const char* kPrivateIp = "web.disclosure.private_ip";
constexpr const char* kSecret = "web.secret.aws_access_key";
constexpr const char* kNoHttpOnly = "web.cookie.no_httponly";
constexpr const char* kNoSameSite = "web.cookie.no_samesite";
constexpr const char* kClickjacking = "web.clickjacking";
constexpr const char* kPasswordOverHttp = "web.password_over_http";
constexpr const char* kVulnerableJs = "web.js.vulnerable_library";

enum class Kind {
    kPlanted,                // always planted
    kDecoy,                  // always a decoy
    kPlantedUnlessCatchAll,  // planted; with catch_all the path answers the soft-404 page, so it is a decoy
};

struct Row {
    Kind kind;
    const char* check;
    const char* path;
    const char* parameter;
    Reach reach;
    const char* note;
};

constexpr Kind P = Kind::kPlanted;
constexpr Kind D = Kind::kDecoy;
constexpr Kind PC = Kind::kPlantedUnlessCatchAll;
constexpr Reach C = Reach::kCrawl;
constexpr Reach L = Reach::kLogin;
constexpr Reach X = Reach::kProbe;

constexpr Row kRows[] = {
    // Reflected XSS, one context per page.
    {P, kXss, "/search", "q", C, "GET form on /; raw in HTML body: <b>q</b>"},
    {P, kXss, "/products/filter", "color", C, "raw in a double-quoted attribute: value=\"color\""},
    {P, kXss, "/gallery", "caption", C, "raw in a single-quoted attribute: alt='caption'"},
    {P, kXss, "/widgets/banner", "width", C, "only linked by an iframe on /; raw in an unquoted attribute: width=w"},
    {P, kXss, "/track", "ref", C, "linked from /newsletter; raw inside a <script> string: var ref = \"ref\";"},
    {P, kXss, "/share", "link", C, "HTML-escaped but the scheme is not checked: <a href=\"javascript:...\">"},
    {P, kXss, "/guestbook", "message", C, "POST form (preview); raw in HTML body"},
    {P, kXss, "/account/search", "q", L, "behind /login; raw in HTML body"},
    {D, kXss, "/news", "topic", C, "HTML-encoded in body and attribute, JS-escaped (\\u003c) in a script string"},
    {D, kXss, "/contact", "subject", C, "inside <textarea> with < and & encoded (\" and > stay raw, harmlessly)"},
    {D, kXss, "/guestbook", "name", C, "POST form field reflected HTML-encoded beside the raw message"},
    {D, kXss, "/report", "id", C, "reflected HTML-encoded inside the stack trace"},
    // SQL injection.
    {P, kSqliError, "/products", "category", C, "SQLite, string concatenation; shows the SQLite error"},
    {P, kSqliBoolean, "/product", "id", C, "SQLite, numeric concatenation; errors hidden, rows or 'No product found'"},
    {P, kSqliError, "/news.php", "id", C, "MySQL error text (You have an error in your SQL syntax ...)"},
    {P, kSqliError, "/events", "slug", C, "from sitemap.xml; PostgreSQL error text (unterminated quoted string)"},
    {P, kSqliError, "/store/item.asp", "code", C,
     "linked from /about; SQL Server error text (Unclosed quotation mark)"},
    {P, kSqliError, "/jobs", "dept", C, "from sitemap.xml; Oracle error text (ORA-01756)"},
    {D, kSqliError, "/products/by-name", "name", C, "parameterised query (sqlite3_bind)"},
    {D, kSqliBoolean, "/products/by-name", "name", C, "parameterised query (sqlite3_bind)"},
    {D, kSqliError, "/tutorials/sql-errors", "page", C,
     "from sitemap.xml; prose about SQL syntax errors, same for any page"},
    {D, kDatabaseError, "/tutorials/sql-errors", "", C, "mentions SQL syntax errors in prose, no DBMS error message"},
    // Path traversal.
    {P, kTraversal, "/docs/view", "file", C, "sandbox /var/www/app/docs; ../../../../etc/passwd gives fake passwd"},
    {P, kTraversal, "/thumb", "img", C, "only in a srcset on /; sandbox /var/www/app/images; decodes twice"},
    {P, kTraversal, "/download", "name", C,
     "linked from /about; Windows sandbox C:\\webshop\\downloads, ..\\..\\windows\\win.ini gives [fonts]"},
    {D, kTraversal, "/help", "page", C, "allow-list of file names"},
    // Open redirect.
    {P, kOpenRedirect, "/go", "url", C, "302 to any URL"},
    {D, kOpenRedirect, "/safe-go", "next", C, "only paths starting with a single '/', else 302 to /"},
    {D, kOpenRedirect, "/login", "next", C, "after login: only paths starting with a single '/'"},
    // CSRF.
    {P, kCsrf, "/profile", "", C, "POST form (change email) without token; session cookie has no SameSite"},
    {D, kCsrf, "/newsletter", "", C, "POST form with a random per-session csrf_token, checked (403 otherwise)"},
    // CORS.
    {P, kCors, "/api/profile", "", C, "from a fetch() in an inline script on /; reflects Origin, credentials true"},
    {D, kCors, "/api/public", "", C, "from a fetch() on /; Access-Control-Allow-Origin: * without credentials"},
    // Exposed files (not linked) and methods.
    {PC, kGit, "/.git/HEAD", "", X, "ref: refs/heads/main (and /.git/config)"},
    {PC, kEnv, "/.env", "", X, "Laravel-style .env with DB_PASSWORD"},
    {PC, kSvn, "/.svn/entries", "", X, "SVN 1.6 entries file"},
    {PC, kDsStore, "/.DS_Store", "", X, "binary, starts 00 00 00 01 'Bud1'"},
    {PC, kServerStatus, "/server-status", "", X, "Apache mod_status page"},
    {PC, kPhpinfo, "/phpinfo.php", "", X, "phpinfo() output"},
    {PC, kBackup, "/news.php.bak", "", X, "PHP source of the crawled /news.php"},
    {PC, kTrace, "/", "", X, "TRACE echoes the request as message/http (any path)"},
    {P, kPutDelete, "/upload", "", C, "OPTIONS: Allow: GET, POST, PUT, DELETE, OPTIONS; PUT /upload/<name> stores"},
    {D, kPutDelete, "/", "", C, "OPTIONS: Allow: GET, HEAD, POST, OPTIONS; PUT answers 405"},
    // Passive.
    {P, kStackTrace, "/report", "", C, "linked as /report?id=latest: 500 with a Java stack trace"},
    {D, kStackTrace, "/tutorials/debugging", "", C, "prose about reading stack traces, no frames"},
    {P, kDatabaseError, "/legacy/stats", "", C, "from robots.txt (Disallow); a MySQL syntax error on every load"},
    {P, kDirectoryListing, "/files/", "", C, "linked from /about; Apache 'Index of /files'"},
    {D, kDirectoryListing, "/glossary", "", C, "from sitemap.xml; a page headed 'Index of terms'"},
    {P, kPrivateIp, "/about", "", C, "10.20.30.40 in an HTML comment"},
    {D, kPrivateIp, "/changelog", "", C, "from sitemap.xml; version 10.20.300, 172.32.0.1 and 93.184.216.34 only"},
    {P, kSecret, "/static/js/config.js", "", C, "script on /; AWS access key id AKIA... and secret key"},
    {D, kSecret, "/static/js/app.js", "", C, "script on /; placeholder AKIA_YOUR_ACCESS_KEY_ID"},
    {P, kNoHttpOnly, "/", "sid", C, "session cookie sid=...; Path=/ (set on / when the request has no sid)"},
    {P, kNoSameSite, "/", "sid", C, "session cookie sid=...; Path=/"},
    {D, kNoHttpOnly, "/feedback", "prefs", C, "prefs=...; HttpOnly; SameSite=Lax"},
    {D, kNoSameSite, "/feedback", "prefs", C, "prefs=...; HttpOnly; SameSite=Lax"},
    {D, kNoHttpOnly, "/login", "auth", L, "set by a successful login: auth=...; HttpOnly; SameSite=Strict"},
    {D, kNoSameSite, "/login", "auth", L, "set by a successful login: auth=...; HttpOnly; SameSite=Strict"},
    {P, kClickjacking, "/login", "", C, "login form without X-Frame-Options or frame-ancestors"},
    {D, kClickjacking, "/feedback", "", C, "form protected by CSP frame-ancestors 'self' (no X-Frame-Options)"},
    {P, kPasswordOverHttp, "/login", "", C, "password form on http:// posting to http://"},
    {P, kVulnerableJs, "/static/js/jquery-1.8.3.min.js", "jquery", C, "script on /; jQuery v1.8.3 banner"},
    {P, kVulnerableJs, "/static/js/angular.min.js", "angularjs", C, "script on /gallery; AngularJS v1.5.8 banner"},
    {D, kVulnerableJs, "/static/js/jquery-3.7.1.min.js", "jquery", C, "script on /about; jQuery v3.7.1 (current)"},
};

template <typename T>
T Make(const Row& row) {
    return T{row.check, row.path, row.parameter, row.reach, row.note};
}

}  // namespace

std::vector<PlantedVuln> PlantedFor(const VulnerableAppOptions& options) {
    std::vector<PlantedVuln> out;
    for (const Row& row : kRows) {
        if (row.kind == Kind::kPlanted || (row.kind == Kind::kPlantedUnlessCatchAll && !options.catch_all)) {
            out.push_back(Make<PlantedVuln>(row));
        }
    }
    return out;
}

std::vector<Decoy> DecoysFor(const VulnerableAppOptions& options) {
    std::vector<Decoy> out;
    for (const Row& row : kRows) {
        if (row.kind == Kind::kDecoy || (row.kind == Kind::kPlantedUnlessCatchAll && options.catch_all)) {
            out.push_back(Make<Decoy>(row));
            if (row.kind == Kind::kPlantedUnlessCatchAll) out.back().note = "catch_all: the soft-404 page answers here";
        }
    }
    return out;
}

}  // namespace palisade::testing

// SPDX-License-Identifier: Apache-2.0
// The catalogue of the active checks and the helpers they share.
#include "scan/modules/web/checks/active/active_checks.hpp"

#include <random>

#include "scan/modules/headers/web_util.hpp"
#include "scan/modules/web/checks/active/active_internal.hpp"

namespace palisade::scan::web {
namespace {

constexpr std::string_view kSqliDirect = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
constexpr std::string_view kSqliBlind = "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H";
constexpr std::string_view kFileRead = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N";
constexpr std::string_view kRedirect = "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N";
constexpr std::string_view kCsrf = "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:N/I:H/A:N";
constexpr std::string_view kCors = "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:L/A:N";
constexpr std::string_view kDisclosure = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N";
constexpr std::string_view kMinorDisclosure = "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:N/A:N";
constexpr std::string_view kTrace = "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N";
constexpr std::string_view kMethods = "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:L/A:N";

using enum Severity;

// clang-format off
constexpr CheckInfo kChecks[] = {
    {"web.sqli.error", "SQL injection (database error)", kCritical, kSqliDirect, "CWE-89",
     "Use parameterised queries (prepared statements) for every value that reaches SQL; never build SQL by string "
     "concatenation. Do not show database errors to users.",
     "https://owasp.org/www-community/attacks/SQL_Injection "
     "https://cheatsheetseries.owasp.org/cheatsheets/SQL_Injection_Prevention_Cheat_Sheet.html"},
    {"web.sqli.boolean", "Blind SQL injection (boolean conditions)", kHigh, kSqliBlind, "CWE-89",
     "Use parameterised queries (prepared statements) for every value that reaches SQL; never build SQL by string "
     "concatenation.",
     "https://owasp.org/www-community/attacks/Blind_SQL_Injection "
     "https://cheatsheetseries.owasp.org/cheatsheets/SQL_Injection_Prevention_Cheat_Sheet.html"},
    {"web.sqli.time", "Blind SQL injection (time delay)", kHigh, kSqliBlind, "CWE-89",
     "Use parameterised queries (prepared statements) for every value that reaches SQL; never build SQL by string "
     "concatenation.",
     "https://owasp.org/www-community/attacks/Blind_SQL_Injection "
     "https://cheatsheetseries.owasp.org/cheatsheets/SQL_Injection_Prevention_Cheat_Sheet.html"},
    {"web.path_traversal", "Path traversal: arbitrary file read", kHigh, kFileRead, "CWE-22,CWE-98",
     "Never build file paths from request values; map values to an allow-list of files, or resolve the path and "
     "check that it stays inside the intended directory.",
     "https://owasp.org/www-community/attacks/Path_Traversal https://cwe.mitre.org/data/definitions/22.html"},
    {"web.open_redirect", "Open redirect", kMedium, kRedirect, "CWE-601",
     "Redirect only to relative paths of this site or to an allow-list of destinations; reject absolute and "
     "protocol-relative URLs (//host, /\\host).",
     "https://cheatsheetseries.owasp.org/cheatsheets/Unvalidated_Redirects_and_Forwards_Cheat_Sheet.html"},
    {"web.csrf.missing_token", "Form without anti-CSRF protection", kMedium, kCsrf, "CWE-352",
     "Add a per-session anti-CSRF token to every state-changing form and verify it on the server; also set "
     "SameSite=Lax or Strict on session cookies.",
     "https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html"},
    {"web.cors.reflected_origin_with_credentials", "CORS reflects any Origin with credentials", kHigh, kCors,
     "CWE-942,CWE-346",
     "Check the Origin against an exact allow-list before echoing it; never combine reflection with "
     "Access-Control-Allow-Credentials: true.",
     "https://developer.mozilla.org/en-US/docs/Web/HTTP/CORS https://portswigger.net/web-security/cors"},
    {"web.cors.null_origin_with_credentials", "CORS trusts the null Origin with credentials", kHigh, kCors,
     "CWE-942,CWE-346",
     "Never allow the \"null\" origin (sandboxed frames and local files send it) together with credentials.",
     "https://developer.mozilla.org/en-US/docs/Web/HTTP/CORS https://portswigger.net/web-security/cors"},
    {"web.exposed.git", "Git repository exposed", kHigh, kFileRead, "CWE-527,CWE-538",
     "Do not deploy the .git directory, or deny every path under /.git/ in the web server.",
     "https://cwe.mitre.org/data/definitions/527.html"},
    {"web.exposed.svn", "Subversion working copy exposed", kHigh, kFileRead, "CWE-527,CWE-538",
     "Do not deploy the .svn directory, or deny every path under /.svn/ in the web server.",
     "https://cwe.mitre.org/data/definitions/527.html"},
    {"web.exposed.env", "Environment file (.env) exposed", kHigh, kFileRead, "CWE-538,CWE-200",
     "Keep .env files outside the document root, deny dotfiles in the web server, and rotate every secret it held.",
     "https://cwe.mitre.org/data/definitions/538.html"},
    {"web.exposed.credentials", "Credentials file exposed", kHigh, kFileRead, "CWE-538,CWE-522",
     "Remove the file from the document root, deny dotfiles in the web server, and rotate the credentials or keys.",
     "https://cwe.mitre.org/data/definitions/522.html"},
    {"web.exposed.sql_dump", "Database dump exposed", kHigh, kFileRead, "CWE-530,CWE-538",
     "Remove database dumps from the document root and keep backups outside the web server's reach.",
     "https://cwe.mitre.org/data/definitions/530.html"},
    {"web.exposed.backup_file", "Backup or editor copy of server-side source exposed", kHigh, kFileRead,
     "CWE-530,CWE-540",
     "Delete backup, swap and editor copies from the server and deny *.bak, *.old, *~, *.swp and similar names.",
     "https://cwe.mitre.org/data/definitions/530.html"},
    {"web.exposed.config", "Server configuration file exposed", kMedium, kDisclosure, "CWE-538",
     "Deny access to configuration files (web.config, WEB-INF/, docker-compose.yml) in the web server.",
     "https://cwe.mitre.org/data/definitions/538.html"},
    {"web.exposed.phpinfo", "phpinfo() page exposed", kMedium, kDisclosure, "CWE-200",
     "Remove phpinfo() pages from production.", "https://www.php.net/manual/en/function.phpinfo.php"},
    {"web.exposed.server_status", "Web server status page exposed", kMedium, kDisclosure, "CWE-200",
     "Restrict /server-status (mod_status) and stub_status to administrators or localhost.",
     "https://httpd.apache.org/docs/2.4/mod/mod_status.html"},
    {"web.exposed.ds_store", "macOS .DS_Store file exposed", kLow, kMinorDisclosure, "CWE-538",
     "Delete .DS_Store files from the server and deny dotfiles.", "https://en.wikipedia.org/wiki/.DS_Store"},
    {"web.http.trace", "HTTP TRACE method enabled", kLow, kTrace, "CWE-693",
     "Disable TRACE (Apache: TraceEnable off; other servers: reject the method).",
     "https://owasp.org/www-community/attacks/Cross_Site_Tracing"},
    {"web.http.put_delete_allowed", "PUT or DELETE advertised by OPTIONS", kLow, kMethods, "CWE-749,CWE-650",
     "Disable methods the application does not need (WebDAV, PUT, DELETE) and require authorisation for the rest.",
     "https://developer.mozilla.org/en-US/docs/Web/HTTP/Methods/OPTIONS"},
};
// clang-format on

}  // namespace

std::span<const CheckInfo> ActiveChecks() { return kChecks; }

namespace active {

const CheckInfo& Check(std::string_view id) {
    for (const CheckInfo& c : kChecks) {
        if (c.id == id) return c;
    }
    PALISADE_ASSERT(false, "unknown active check id");
    return kChecks[0];
}

std::optional<http::Response> Send(CheckContext& ctx, const http::Request& request) {
    if (ctx.cancel.Stopped()) return std::nullopt;
    auto response = ctx.client.Send(request);
    if (!response || ctx.cancel.Stopped()) return std::nullopt;
    return std::move(*response);
}

http::Request GetRequest(std::string url) {
    http::Request request;
    request.url = std::move(url);
    request.follow_redirects = false;
    return request;
}

namespace {
std::mt19937_64& Engine() {
    thread_local std::mt19937_64 engine{std::random_device{}()};
    return engine;
}
}  // namespace

std::string RandomAlnum(std::size_t length) {
    static constexpr std::string_view kLetters = "abcdefghijklmnopqrstuvwxyz";
    static constexpr std::string_view kAlnum = "abcdefghijklmnopqrstuvwxyz0123456789";
    std::string out;
    for (std::size_t i = 0; i < length; ++i) {
        std::string_view set = i == 0 ? kLetters : kAlnum;
        std::uniform_int_distribution<std::size_t> pick(0, set.size() - 1);
        out += set[pick(Engine())];
    }
    return out;
}

int RandomInt(int low, int high) {
    std::uniform_int_distribution<int> pick(low, high);
    return pick(Engine());
}

std::optional<std::string> FirstMatch(const re2::RE2& re, std::string_view text) {
    re2::StringPiece input(text.data(), text.size());
    re2::StringPiece groups[2];
    int n = re.NumberOfCapturingGroups() >= 1 ? 2 : 1;
    if (!re.Match(input, 0, input.size(), re2::RE2::UNANCHORED, groups, n)) return std::nullopt;
    const re2::StringPiece& g = n == 2 && groups[1].data() != nullptr ? groups[1] : groups[0];
    return std::string(g.data(), g.size());
}

std::string OneLine(std::string_view match, std::size_t max) {
    std::string out;
    for (char c : match.substr(0, max)) {
        auto u = static_cast<unsigned char>(c);
        out += (u < 0x20 || u == 0x7F) ? ' ' : c;
    }
    if (match.size() > max) out += "...";
    return out;
}

std::string MaskSecret(std::string_view secret) {
    if (secret.size() < 10) return "***";
    return std::string(secret.substr(0, 4)) + "..." + std::string(secret.substr(secret.size() - 2));
}

std::string OriginOf(std::string_view url) {
    auto parsed = headers::ParseWebUrl(url);
    if (!parsed) return {};
    std::string host = parsed->host.find(':') != std::string::npos ? "[" + parsed->host + "]" : parsed->host;
    return parsed->scheme + "://" + host + (parsed->explicit_port ? ":" + std::to_string(parsed->port) : "");
}

std::string PathOf(std::string_view url) {
    auto parsed = headers::ParseWebUrl(url);
    if (!parsed) return "/";
    return parsed->path_query.substr(0, parsed->path_query.find('?'));
}

std::string PointWhere(const InjectionPoint& point) {
    return point.method + " " + (point.location == InjectionPoint::Location::kQuery ? "query" : "body") +
           " parameter '" + point.name() + "'";
}

std::string PointDetail(const InjectionPoint& point) {
    return point.method + ":" + (point.location == InjectionPoint::Location::kQuery ? "query" : "body") + ":" +
           point.name();
}

bool ContainsNoCase(std::string_view text, std::string_view needle) {
    if (needle.empty()) return true;
    if (needle.size() > text.size()) return false;
    auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
    for (std::size_t i = 0; i + needle.size() <= text.size(); ++i) {
        std::size_t j = 0;
        while (j < needle.size() && lower(text[i + j]) == lower(needle[j])) ++j;
        if (j == needle.size()) return true;
    }
    return false;
}

std::unique_ptr<re2::RE2> CompileSignature(std::string_view pattern, bool case_sensitive) {
    re2::RE2::Options options;
    options.set_encoding(re2::RE2::Options::EncodingLatin1);
    options.set_log_errors(false);
    options.set_case_sensitive(case_sensitive);
    return std::make_unique<re2::RE2>(re2::StringPiece(pattern.data(), pattern.size()), options);
}

}  // namespace active
}  // namespace palisade::scan::web

// SPDX-License-Identifier: Apache-2.0
// Sensitive files at well-known paths (web.exposed.*). Each file is confirmed by a content signature, never by
// status alone, and only when the site's answer for a random path of the same shape does not show the same thing
// (a site answering 200 with one page for every path raises nothing).
#include <algorithm>
#include <memory>
#include <vector>

#include "scan/modules/web/checks/active/active_checks.hpp"
#include "scan/modules/web/checks/active/active_internal.hpp"
#include "scan/modules/web/checks/active/similarity.hpp"

namespace palisade::scan::web {
namespace {

using active::Check;

constexpr std::size_t kProbeMaxBody = 256 * 1024;

// How a signature match is shown in the evidence.
enum class Show {
    kMatch,    // the matched text
    kMasked,   // group 1 is a secret: masked
    kEnvKeys,  // .env: the variable names only
    kMarker,   // a fixed description (binary formats, source code)
};

struct FileProbe {
    std::string_view path;
    std::string_view check;
    std::string_view pattern;  // RE2 over the body (Latin-1); group 1, when present, is what is shown
    Show show = Show::kMatch;
    bool text_only = false;        // an HTML document at this path is not the file (error pages that quote it)
    std::string_view marker = {};  // for Show::kMarker
};

constexpr std::string_view kEnvLine = R"((?m)^[ \t]*(?:export[ \t]+)?[A-Z][A-Z0-9_]{1,63}[ \t]*=)";
constexpr std::string_view kHtpasswd =
    R"((?m)^([A-Za-z0-9._@-]{1,64}:(?:\$apr1\$|\$2[aby]\$|\{SHA\}|\$[156]\$|[./0-9A-Za-z]{13}\s*$)))";
constexpr std::string_view kPrivateKey = R"((-----BEGIN (?:RSA |OPENSSH |EC |DSA |ENCRYPTED )?PRIVATE KEY-----))";
constexpr std::string_view kSqlDump =
    R"((-- MySQL dump|-- MariaDB dump|-- PostgreSQL database dump|CREATE TABLE [^\n(]{1,100}\(|)"
    R"(INSERT INTO [^\n(]{1,100}(?:\(| VALUES)))";
constexpr std::string_view kPhp = R"((<\?php))";
constexpr std::string_view kWebConfig =
    R"((?s)<configuration[\s>].*?(<(?:system\.webServer|system\.web|appSettings|connectionStrings)\b))";
constexpr std::string_view kCompose = R"((?s)(?:\A|\n)(services:)\s*\r?\n.*?\n[ \t]+(?:image|build):)";
constexpr std::string_view kPhpinfo = R"((PHP Version [0-9][^<\n]{0,40})</h1>|(<title>phpinfo\(\)</title>))";
constexpr std::string_view kNginxStatus = R"(\A(Active connections: \d+)\s*\n\s*server accepts handled requests)";

// clang-format off
constexpr FileProbe kProbes[] = {
    {"/.git/HEAD", "web.exposed.git", R"(\A(ref: refs/\S{1,200}|[0-9a-f]{40})\s*\z)"},
    {"/.git/config", "web.exposed.git", R"((?s)\[core\].*?repositoryformatversion\s*=\s*\d)"},
    {"/.svn/entries", "web.exposed.svn", R"(\A(?:[89]|1[0-2])\r?\n(?:\z|\r?\ndir\r?\n))", Show::kMarker, true,
     "Subversion entries file"},
    {"/.svn/wc.db", "web.exposed.svn", R"(\A(SQLite format 3)\x00)"},
    {"/.env", "web.exposed.env", kEnvLine, Show::kEnvKeys, true},
    {"/.env.production", "web.exposed.env", kEnvLine, Show::kEnvKeys, true},
    {"/.htpasswd", "web.exposed.credentials", kHtpasswd, Show::kMatch, true},
    {"/.aws/credentials", "web.exposed.credentials", R"((?i)aws_access_key_id\s*=\s*(A[KS]IA[0-9A-Z]{12,20}))",
     Show::kMasked, true},
    {"/id_rsa", "web.exposed.credentials", kPrivateKey},
    {"/.ssh/id_rsa", "web.exposed.credentials", kPrivateKey},
    {"/.npmrc", "web.exposed.credentials", R"(_auth(?:Token)?\s*=\s*(\S{8,}))", Show::kMasked, true},
    {"/.git-credentials", "web.exposed.credentials", R"(\A(https?://[^:/\s@]{1,64}):[^@\s]{1,200}@)", Show::kMatch,
     true},
    {"/backup.sql", "web.exposed.sql_dump", kSqlDump, Show::kMatch, true},
    {"/dump.sql", "web.exposed.sql_dump", kSqlDump, Show::kMatch, true},
    {"/db.sql", "web.exposed.sql_dump", kSqlDump, Show::kMatch, true},
    {"/config.php.bak", "web.exposed.backup_file", kPhp, Show::kMarker, true, "PHP source (<?php)"},
    {"/wp-config.php.bak", "web.exposed.backup_file", kPhp, Show::kMarker, true, "PHP source (<?php)"},
    {"/wp-config.php~", "web.exposed.backup_file", kPhp, Show::kMarker, true, "PHP source (<?php)"},
    {"/web.config", "web.exposed.config", kWebConfig},
    {"/WEB-INF/web.xml", "web.exposed.config", R"((<web-app\b[^>]{0,100}))"},
    {"/docker-compose.yml", "web.exposed.config", kCompose, Show::kMatch, true},
    {"/phpinfo.php", "web.exposed.phpinfo", kPhpinfo},
    {"/info.php", "web.exposed.phpinfo", kPhpinfo},
    {"/server-status", "web.exposed.server_status", R"((Apache Server Status for [^<\n]{1,100}))"},
    {"/nginx_status", "web.exposed.server_status", kNginxStatus},
    {"/.DS_Store", "web.exposed.ds_store", R"(\A\x00\x00\x00\x01Bud1)", Show::kMarker, false, "Finder metadata (Bud1)"},
};
// clang-format on

// The regex of a probe, compiled once.
const re2::RE2& Signature(std::size_t index) {
    static const std::vector<std::unique_ptr<re2::RE2>> compiled = [] {
        std::vector<std::unique_ptr<re2::RE2>> out;
        for (const auto& p : kProbes) out.push_back(active::CompileSignature(p.pattern));
        return out;
    }();
    return *compiled[index];
}

bool LooksLikeHtmlDocument(std::string_view body) {
    std::string_view head = body.substr(0, 1024);
    return active::ContainsNoCase(head, "<html") || active::ContainsNoCase(head, "<!doctype") ||
           active::ContainsNoCase(head, "<body");
}

// .env: at least two KEY=VALUE lines, one of them a typical secret or service setting; shows the names only.
std::optional<std::string> EnvKeys(std::string_view body) {
    static const auto line = active::CompileSignature(R"((?m)^[ \t]*(?:export[ \t]+)?([A-Z][A-Z0-9_]{1,63})[ \t]*=)");
    static const auto typical = active::CompileSignature(
        R"(KEY|SECRET|PASSWORD|PASSWD|TOKEN|DSN|^DB_|^DATABASE|^AWS_|^MAIL_|^SMTP_|^REDIS_|^MONGO|^POSTGRES|)"
        R"(^MYSQL|^APP_)");
    re2::StringPiece input(body.data(), body.size());
    std::string name;
    std::vector<std::string> names;
    bool any_typical = false;
    while (names.size() < 200 && re2::RE2::FindAndConsume(&input, *line, &name)) {
        any_typical = any_typical || re2::RE2::PartialMatch(name, *typical);
        names.push_back(name);
    }
    if (names.size() < 2 || !any_typical) return std::nullopt;
    std::string shown;
    for (std::size_t i = 0; i < names.size() && i < 8; ++i) shown += (i ? ", " : "") + names[i] + "=***";
    if (names.size() > 8) shown += ", ... (" + std::to_string(names.size()) + " variables)";
    return shown;
}

// What the probe's file shows in `body`, for the evidence; nullopt when it is not the file.
std::optional<std::string> Confirm(std::size_t index, std::string_view body) {
    const FileProbe& probe = kProbes[index];
    if (probe.text_only && LooksLikeHtmlDocument(body)) return std::nullopt;
    auto match = active::FirstMatch(Signature(index), body);
    if (!match) return std::nullopt;
    switch (probe.show) {
        case Show::kEnvKeys:
            return EnvKeys(body);
        case Show::kMasked:
            return active::MaskSecret(*match);
        case Show::kMarker:
            return std::string(probe.marker);
        case Show::kMatch:
            break;
    }
    return active::OneLine(*match, 120);
}

// The same shape with a random name: the first segment is replaced (keeping a leading dot and the extension), so
// "/.git/HEAD" -> "/.k3j9x2/HEAD", "/phpinfo.php" -> "/q8w2e4.php", "/.env" -> "/.r5t6y7".
std::pair<std::string, std::string> RandomShape(std::string_view path) {
    std::size_t end = path.find('/', 1);
    std::string_view first = path.substr(1, end == std::string_view::npos ? std::string_view::npos : end - 1);
    std::string_view rest = end == std::string_view::npos ? std::string_view() : path.substr(end);
    bool dot = first.starts_with(".");
    std::size_t ext = first.find('.', dot ? 1 : 0);
    std::string_view suffix = ext == std::string_view::npos ? std::string_view() : first.substr(ext);
    std::string shape = std::string("/") + (dot ? "." : "") + "*" + std::string(suffix) + std::string(rest);
    std::string random =
        std::string("/") + (dot ? "." : "") + active::RandomAlnum(10) + std::string(suffix) + std::string(rest);
    return {shape, random};
}

}  // namespace

namespace active {

const http::Response* Soft404Cache::For(const std::string& shape, const std::string& random_url) {
    for (const auto& [key, response] : cache_) {
        if (key == shape) return response ? &*response : nullptr;
    }
    http::Request request = GetRequest(random_url);
    request.max_body = kProbeMaxBody;
    cache_.emplace_back(shape, Send(ctx_, request));
    return cache_.back().second ? &*cache_.back().second : nullptr;
}

bool SameAsSoft404(const http::Response& sample, std::string_view sample_path, const http::Response& response,
                   std::string_view path, const re2::RE2* signature) {
    if (sample.status < 200 || sample.status >= 300) return false;
    if (signature && FirstMatch(*signature, sample.body)) return true;
    std::string a = ReplaceAll(VisibleText(response.body), path, "");
    std::string b = ReplaceAll(VisibleText(sample.body), sample_path, "");
    return SimilarityRatio(a, b) >= 0.9;
}

}  // namespace active

void CheckExposedFiles(CheckContext& ctx, const std::string& origin, const std::vector<std::string>& page_urls) {
    std::string base = origin;
    while (!base.empty() && base.back() == '/') base.pop_back();
    if (active::OriginOf(base + "/").empty()) return;
    active::Soft404Cache soft404(ctx);
    struct Hit {
        std::string location;
        std::string evidence;
    };
    std::vector<std::pair<std::string_view, Hit>> hits;  // one finding per check id, paths in table order
    for (std::size_t i = 0; i < std::size(kProbes); ++i) {
        const FileProbe& probe = kProbes[i];
        http::Request request = active::GetRequest(base + std::string(probe.path));
        request.max_body = kProbeMaxBody;
        auto response = active::Send(ctx, request);
        if (!response) {
            if (ctx.cancel.Stopped()) return;
            continue;
        }
        if (response->status != 200 && response->status != 206) continue;
        auto shown = Confirm(i, response->body);
        if (!shown) continue;
        auto [shape, random_path] = RandomShape(probe.path);
        const http::Response* sample = soft404.For(shape, base + random_path);
        if (!sample) {
            if (ctx.cancel.Stopped()) return;
            continue;  // no reference answer: cannot rule out a catch-all
        }
        if (active::SameAsSoft404(*sample, random_path, *response, probe.path, &Signature(i))) continue;
        std::string line = std::string(probe.path) + ": " + *shown;
        auto it = std::find_if(hits.begin(), hits.end(), [&](const auto& h) { return h.first == probe.check; });
        if (it == hits.end()) {
            hits.push_back({probe.check, Hit{request.url, line}});
        } else {
            it->second.evidence += "; " + line;
        }
    }
    for (auto& [id, hit] : hits) {
        ctx.report(MakeFinding(Check(id), hit.location, "HTTP 200 " + hit.evidence, id));
    }
    active::CheckBackupFiles(ctx, base, page_urls, soft404);
}

}  // namespace palisade::scan::web
